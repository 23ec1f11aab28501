#!/usr/bin/env node
// Drift benchmark (npm run bench:drift, which builds first). See docs/benchmarks.md.
//
//   node bench/drift.mjs [--reps N] [--per-kind N] [--sample N] [--kubectl-reps N] [--latency-ms N] [--profile] [--keep]
//
// Generates a config environment (.gitops-workbench.yaml, one plain directory) of 10,000 objects
// across 20 kinds in 5 namespaces (500 per kind; ClusterRoles and ClusterRoleBindings
// cluster-scoped) into a temporary git repository, starts the project's API emulator as a child
// process (node dist/kube-emulator.js --port 0 --write-kubeconfig F), applies the objects with the
// real `kubectl apply --server-side`, checks the CLI reports all in sync, then injects ~1% drift
// with kubectl (changed fields by another field manager with --force-conflicts, deleted objects)
// and noise that is not drift (annotations by a third manager, quantities rewritten in another
// notation). Then, repetitions interleaved, median reported:
//   1. ours: `node dist/cli.js drift --env bench --format json` (process wall time, CPU, peak RSS
//      from /usr/bin/time -v), checked to report exactly the injected drift;
//   2. ours with --exact (a server-side apply dry-run per modified object);
//   3. the baseline: `kubectl diff --server-side --force-conflicts` of a 500-object random sample
//      (seeded), wall time scaled up ×(objects/sample), its per-object verdicts checked against ours;
//   4. once more each with --latency-ms (default 20; 0 skips) of latency per request, set through
//      the emulator's fault switch: a cluster across a network instead of on loopback.
// Prints a table with the targets (≤ 3 s, ≤ 400 MB, ≥ 100× faster than kubectl diff) and writes
// bench/results/drift.json. --profile also writes bench/results/drift-cli.cpuprofile (node
// --cpu-prof of one drift run) and prints where the time goes.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchDir, projectRoot, requireProject, resultsDir, snapshotDist } from './lib/project.mjs';
import { createRandom } from './lib/random.mjs';
import { median } from './lib/runMeasured.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const reps = Math.max(1, Math.min(10, Number(option('--reps', 3))));
const kubectlReps = Math.max(1, Math.min(5, Number(option('--kubectl-reps', 1))));
const perKind = Math.max(10, Number(option('--per-kind', 500)));
const sampleSize = Math.max(10, Number(option('--sample', 500)));
const latencyMs = Math.max(0, Number(option('--latency-ms', 20)));
const targets = { maxSeconds: 3, maxPeakRssMb: 400, minSpeedupOverKubectlDiff: 100 };
const namespaces = ['shop', 'payments', 'search', 'identity', 'platform'];
const log = (message) => process.stderr.write(`${message}\n`);
const YAML = requireProject('yaml');
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

// ---------------------------------------------------------------------------------------------
// The environment: 20 kinds, written as people write them (quantities like 0.1 and 0.5Gi, Secrets
// with stringData, no server defaults).

const labelsOf = (app) => ({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'bench' });
const podSpec = (app, index) => ({
  serviceAccountName: app,
  containers: [
    {
      name: 'app',
      image: `registry.example.com/bench/${app}:1.${index % 10}.0`,
      args: ['--port=8080'],
      ports: [{ name: 'http', containerPort: 8080 }],
      env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'INDEX', value: String(index) }],
      resources: { requests: { cpu: '0.1', memory: '128Mi' }, limits: { cpu: '0.5', memory: '0.5Gi' } },
      readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    },
  ],
});

const kinds = [
  { kind: 'ConfigMap', apiVersion: 'v1', make: (name, index) => ({ data: { LOG_LEVEL: 'info', INDEX: String(index), 'settings.json': `{"feature":${index % 2 === 0},"limit":${index}}`, EMPTY: '' } }) },
  { kind: 'Secret', apiVersion: 'v1', make: (name, index) => ({ type: 'Opaque', stringData: { username: `user-${index}`, password: `bench-password-${index}-x7` } }) },
  { kind: 'Service', apiVersion: 'v1', make: (name) => ({ spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090 }] } }) },
  { kind: 'ServiceAccount', apiVersion: 'v1', make: () => ({ automountServiceAccountToken: false }) },
  { kind: 'Deployment', apiVersion: 'apps/v1', make: (name, index) => ({ spec: { replicas: 2, selector: { matchLabels: { 'app.kubernetes.io/name': name } }, template: { metadata: { labels: { 'app.kubernetes.io/name': name } }, spec: podSpec(name, index) } } }) },
  {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    make: (name, index) => ({
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: { metadata: { labels: { 'app.kubernetes.io/name': name } }, spec: podSpec(name, index) },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    }),
  },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', make: (name, index) => ({ spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, template: { metadata: { labels: { 'app.kubernetes.io/name': name } }, spec: podSpec(name, index) } } }) },
  { kind: 'Job', apiVersion: 'batch/v1', make: (name, index) => ({ spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: `registry.example.com/bench/migrate:${index % 5}`, args: ['migrate'] }] } } } }) },
  { kind: 'CronJob', apiVersion: 'batch/v1', make: (name, index) => ({ spec: { schedule: `${index % 60} * * * *`, concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'cron', image: 'registry.example.com/bench/cron:1.0.0' }] } } } } } }) },
  { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', make: () => ({ rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list', 'watch'] }] }) },
  { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', make: (name, index, namespace) => ({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name, namespace }] }) },
  { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', clusterScoped: true, make: () => ({ rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] }, { nonResourceURLs: ['/metrics'], verbs: ['get'] }] }) },
  { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', clusterScoped: true, make: (name) => ({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'platform' }] }) },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', make: () => ({ spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '0.5Gi' } } } }) },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', make: (name) => ({ spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] } }) },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', make: (name) => ({ spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } } }) },
  { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', make: (name) => ({ spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': name } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { role: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }] } }) },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', make: (name, index) => ({ spec: { ingressClassName: 'nginx', rules: [{ host: `${name}.bench.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }], tls: [{ hosts: [`${name}.bench.example.com`], secretName: `tls-${index}` }] } }) },
  { kind: 'ResourceQuota', apiVersion: 'v1', make: () => ({ spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8000m', pods: '20' } } }) },
  { kind: 'LimitRange', apiVersion: 'v1', make: () => ({ spec: { limits: [{ type: 'Container', default: { cpu: '0.5', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '0.125Gi' } }] } }) },
];

function generateObjects() {
  // The namespaces are part of the environment too, as in any real one (kubectl applies them first: apps/00-namespaces.yaml).
  const objects = namespaces.map((name) => {
    const object = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'app.kubernetes.io/part-of': 'bench' } } };
    return { id: idOf(object), kind: 'Namespace', apiVersion: 'v1', namespace: undefined, name, object, file: 'apps/00-namespaces.yaml' };
  });
  for (const spec of kinds) {
    for (let index = 0; index < perKind; index++) {
      const namespace = spec.clusterScoped ? undefined : namespaces[index % namespaces.length];
      const name = `${spec.kind.toLowerCase()}-${String(index).padStart(4, '0')}`;
      const body = spec.make(name, index, namespace);
      const object = { apiVersion: spec.apiVersion, kind: spec.kind, metadata: { name, ...(namespace ? { namespace } : {}), labels: labelsOf(name) }, ...body };
      objects.push({ id: idOf(object), kind: spec.kind, apiVersion: spec.apiVersion, namespace, name, object, file: `apps/${namespace ?? 'cluster'}/${spec.kind.toLowerCase()}.yaml` });
    }
  }
  return objects;
}

function idOf(object) {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${group}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

const toYaml = (objects) => objects.map((object) => YAML.stringify(object, { lineWidth: 0 })).join('---\n');
const partial = (entry, body) => ({ apiVersion: entry.apiVersion, kind: entry.kind, metadata: { name: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}) }, ...body });

/**
 * The injected drift, ~1% of the objects: each a change a person makes with kubectl, with the
 * field drift must report. `body` is applied by field manager `hotfix` (--force-conflicts).
 */
const driftMakers = {
  Deployment: [
    (entry) => ({ body: { spec: { replicas: 6 } }, fields: [{ path: 'spec.replicas', desired: 2, live: 6 }] }),
    (entry) => ({ body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example.com/bench/hotfix:9.9.9' }] } } } }, fields: [{ path: 'spec.template.spec.containers[name=app].image', desired: entry.object.spec.template.spec.containers[0].image, live: 'registry.example.com/bench/hotfix:9.9.9' }] }),
  ],
  StatefulSet: [(entry) => ({ body: { spec: { replicas: 3 } }, fields: [{ path: 'spec.replicas', desired: 1, live: 3 }] })],
  DaemonSet: [(entry) => ({ body: { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'LOG_LEVEL', value: 'debug' }] }] } } } }, fields: [{ path: 'spec.template.spec.containers[name=app].env[name=LOG_LEVEL].value', desired: 'info', live: 'debug' }] })],
  ConfigMap: [(entry) => ({ body: { data: { LOG_LEVEL: 'debug' } }, fields: [{ path: 'data.LOG_LEVEL', desired: 'info', live: 'debug' }] })],
  Secret: [(entry) => ({ body: { data: { password: Buffer.from('rotated-by-hand').toString('base64') } }, fields: [{ path: 'data.password', masked: true }] })],
  Service: [(entry) => ({ body: { spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 8081 }] } }, fields: [{ path: 'spec.ports[port=80,protocol=TCP].targetPort', desired: 'http', live: 8081 }] })],
  HorizontalPodAutoscaler: [(entry) => ({ body: { spec: { maxReplicas: 12 } }, fields: [{ path: 'spec.maxReplicas', desired: 5, live: 12 }] })],
  CronJob: [(entry) => ({ body: { spec: { schedule: '*/5 * * * *' } }, fields: [{ path: 'spec.schedule', desired: entry.object.spec.schedule, live: '*/5 * * * *' }] })],
  PodDisruptionBudget: [(entry) => ({ body: { spec: { minAvailable: 0 } }, fields: [{ path: 'spec.minAvailable', desired: 1, live: 0 }] })],
  ResourceQuota: [(entry) => ({ body: { spec: { hard: { pods: '40' } } }, fields: [{ path: 'spec.hard.pods', desired: '20', live: '40' }] })],
};
const deletedKinds = ['ConfigMap', 'Service', 'ServiceAccount', 'Role', 'RoleBinding', 'Ingress', 'NetworkPolicy', 'ClusterRole', 'PersistentVolumeClaim', 'Job'];

function planDrift(objects, random) {
  const byKind = new Map();
  for (const entry of objects) {
    if (!byKind.has(entry.kind)) byKind.set(entry.kind, []);
    byKind.get(entry.kind).push(entry);
  }
  const target = Math.round(objects.length / 100);
  const used = new Set();
  const modified = [];
  const deleted = [];
  const take = (kind) => {
    for (;;) {
      const entry = random.pick(byKind.get(kind));
      if (!used.has(entry.id)) {
        used.add(entry.id);
        return entry;
      }
    }
  };
  const makers = Object.entries(driftMakers).flatMap(([kind, list]) => list.map((make) => ({ kind, make })));
  const modifiedCount = Math.round(target * 0.85);
  for (let i = 0; i < modifiedCount; i++) {
    const { kind, make } = makers[i % makers.length];
    const entry = take(kind);
    modified.push({ entry, ...make(entry) });
  }
  for (let i = 0; deleted.length < target - modified.length; i++) deleted.push(take(deletedKinds[i % deletedKinds.length]));
  // Noise that is not drift: annotations by another manager, undeclared fields, quantities in
  // another notation (the server stores them canonically, so Git's 0.1 and live 100m agree).
  const noise = [];
  for (let i = 0; i < target; i++) {
    const entry = take(random.pick(['Deployment', 'ConfigMap', 'Service', 'Role', 'Secret', 'CronJob']));
    noise.push(partial(entry, { metadata: { name: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}), annotations: { 'example.com/checked-by': 'oncall' } } }));
  }
  const undeclared = [];
  for (let i = 0; i < Math.round(target / 4); i++) {
    const entry = take('CronJob');
    undeclared.push(partial(entry, { spec: { suspend: true } }));
  }
  const quantities = [];
  for (let i = 0; i < Math.round(target / 4); i++) {
    const entry = take('Deployment');
    quantities.push(partial(entry, { spec: { template: { spec: { containers: [{ name: 'app', resources: { requests: { cpu: '100m', memory: '0.125Gi' } } }] } } } }));
  }
  return { modified, deleted, noise, undeclared, quantities };
}

// ---------------------------------------------------------------------------------------------
// Processes.

/** measure runs a command under /usr/bin/time -v: wall seconds, CPU seconds, peak RSS MB. */
function measure(command, commandArgs, { env = process.env, cwd, timeoutMs = 1_800_000 } = {}) {
  return new Promise((resolve, reject) => {
    const argv = gnuTime ? ['-v', command, ...commandArgs] : commandArgs;
    const started = process.hrtime.bigint();
    const child = spawn(gnuTime ?? command, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      let stderr = Buffer.concat(err).toString('utf8');
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const exit = /Exit status: (\d+)/.exec(stderr);
      if (gnuTime && stderr.includes('\tCommand being timed')) stderr = stderr.slice(0, stderr.lastIndexOf('\tCommand being timed'));
      resolve({
        wallSeconds,
        cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : undefined,
        peakRssMb: rss ? Number(rss[1]) / 1024 : undefined,
        status: exit ? Number(exit[1]) : status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
      });
    });
  });
}

function startEmulator(dist, kubeconfig) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dist, 'kube-emulator.js'), '--port', '0', '--write-kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${output}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const match = /kube-emulator listening (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], pid: child.pid });
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code}): ${output}`)));
  });
}

function stopEmulator(emulator) {
  return new Promise((resolve) => {
    emulator.child.removeAllListeners('exit');
    emulator.child.on('exit', () => resolve());
    emulator.child.kill('SIGTERM');
  });
}

/** setLatency sets (or, with 0, clears) the emulator's per-request latency through its fault switch, as the admin user. */
function setLatency(kubeconfig, ms) {
  const config = YAML.parse(fs.readFileSync(kubeconfig, 'utf8'));
  const cluster = config.clusters[0].cluster;
  const token = config.users.find((user) => user.name === 'admin').user.token;
  const body = ms > 0 ? JSON.stringify({ latencyMs: ms }) : '';
  return new Promise((resolve, reject) => {
    const request = https.request(new URL('/__emulator/faults', cluster.server), { method: ms > 0 ? 'POST' : 'DELETE', ca: Buffer.from(cluster['certificate-authority-data'], 'base64'), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`faults: HTTP ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** emulatorRssMb is the emulator's resident set now (VmRSS), for the record. */
function emulatorRssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg();
  const dist = snapshotDist();
  const cli = path.join(dist, 'cli.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-drift-'));
  const repo = path.join(work, 'repo');
  const kubeconfig = path.join(work, 'kubeconfig');
  const kubectlCache = path.join(work, 'kubectl-cache');
  // The CLI's compile cache in a directory of this run (the baseline check fills it, as a user's first run would).
  const cliEnv = { ...process.env, KUBECONFIG: '', XDG_CACHE_HOME: path.join(work, 'xdg-cache') };
  const kubectlEnv = { ...process.env, KUBECONFIG: '' };
  const kubectl = (kubectlArgs, options = {}) => measure('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', kubectlCache, ...kubectlArgs], { env: kubectlEnv, ...options });
  const mustKubectl = async (kubectlArgs) => {
    const run = await kubectl(kubectlArgs);
    if (run.status !== 0) throw new Error(`kubectl ${kubectlArgs.join(' ')} failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
    return run;
  };
  const drift = (extra = [], nodeOptions = []) => measure(process.execPath, [...nodeOptions, cli, 'drift', '--env', 'bench', '--repo', repo, '--kubeconfig', kubeconfig, '--format', 'json', ...extra], { env: cliEnv, cwd: repo });

  // The repository.
  const random = createRandom(20261126);
  const objects = generateObjects();
  const byId = new Map(objects.map((entry) => [entry.id, entry]));
  const files = new Map();
  for (const entry of objects) {
    const { file } = entry;
    if (!files.has(file)) files.set(file, []);
    files.get(file).push(entry.object);
  }
  fs.mkdirSync(repo, { recursive: true });
  fs.writeFileSync(path.join(repo, '.gitops-workbench.yaml'), 'environments:\n  - name: bench\n    paths: [apps]\n    reconciler: push\n');
  let bytes = 0;
  for (const [file, list] of files) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    const text = toYaml(list);
    bytes += text.length;
    fs.writeFileSync(path.join(repo, file), text);
  }
  const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_AUTHOR_DATE: '1800000000 +0000', GIT_COMMITTER_DATE: '1800000000 +0000' };
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { env: gitEnv });
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitEnv });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'bench environment'], { env: gitEnv });
  log(`repository ${repo}: ${objects.length} objects (${kinds.length} kinds × ${perKind} and ${namespaces.length} Namespaces), ${files.size} files, ${(bytes / 1e6).toFixed(1)} MB`);

  const emulator = await startEmulator(dist, kubeconfig);
  let result;
  try {
    log(`emulator ${emulator.url} (pid ${emulator.pid})`);
    let started = Date.now();
    await mustKubectl(['apply', '--server-side', '--field-manager', 'bench-apply', '-R', '-f', path.join(repo, 'apps')]);
    log(`kubectl apply --server-side of ${objects.length} objects: ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Baseline: everything in sync.
    const clean = await drift();
    const cleanOutput = JSON.parse(clean.stdout);
    const notInSync = cleanOutput.resources.filter((resource) => resource.status !== 'in-sync');
    if (clean.status !== 0 || notInSync.length > 0 || cleanOutput.resources.length !== objects.length) {
      throw new Error(`after the apply, drift should report ${objects.length} objects in sync (exit 0); got exit ${clean.status}, ${cleanOutput.resources.length} objects, ${notInSync.length} not in sync: ${JSON.stringify(notInSync.slice(0, 3))}\n${clean.stderr}`);
    }
    log(`in sync after the apply: ${objects.length} objects, ${clean.wallSeconds.toFixed(2)} s`);

    // Drift and noise.
    const plan = planDrift(objects, random);
    const driftFile = path.join(work, 'drift.yaml');
    fs.writeFileSync(driftFile, toYaml(plan.modified.map(({ entry, body }) => partial(entry, body))));
    await mustKubectl(['apply', '--server-side', '--force-conflicts', '--field-manager', 'hotfix', '-f', driftFile]);
    const noiseFile = path.join(work, 'noise.yaml');
    fs.writeFileSync(noiseFile, toYaml([...plan.noise, ...plan.undeclared, ...plan.quantities]));
    await mustKubectl(['apply', '--server-side', '--field-manager', 'oncall', '-f', noiseFile]);
    const deleteFile = path.join(work, 'deleted.yaml');
    fs.writeFileSync(deleteFile, toYaml(plan.deleted.map((entry) => entry.object)));
    await mustKubectl(['delete', '-f', deleteFile]);
    log(`injected: ${plan.modified.length} modified, ${plan.deleted.length} deleted (${((plan.modified.length + plan.deleted.length) / objects.length * 100).toFixed(2)}%); noise: ${plan.noise.length} annotations, ${plan.undeclared.length} undeclared fields, ${plan.quantities.length} quantities in another notation`);
    const expected = new Map([...plan.modified.map(({ entry, fields }) => [entry.id, { status: 'modified', fields }]), ...plan.deleted.map((entry) => [entry.id, { status: 'missing', fields: [] }])]);

    // The sample kubectl diff gets: seeded, across all kinds.
    const sample = random.shuffle(objects).slice(0, Math.min(sampleSize, objects.length));
    const sampleFile = path.join(work, 'sample.yaml');
    fs.writeFileSync(sampleFile, toYaml(sample.map((entry) => entry.object)));
    const sampleIds = new Set(sample.map((entry) => entry.id));
    const scale = objects.length / sample.length;

    const runs = { ours: [], oursExact: [], kubectlDiffSample: [] };
    let oursOutput;
    let kubectlObjects;
    for (let rep = 1; rep <= reps; rep++) {
      const ours = await drift();
      checkOurs({ run: ours, expected, objects, byId, label: 'drift' });
      oursOutput = JSON.parse(ours.stdout);
      runs.ours.push(pick(ours));
      const exact = await drift(['--exact']);
      checkOurs({ run: exact, expected, objects, byId, label: 'drift --exact' });
      runs.oursExact.push(pick(exact));
      if (rep <= kubectlReps) {
        const diff = await kubectl(['diff', '--server-side', '--force-conflicts', '--field-manager', 'bench-apply', '-f', sampleFile]);
        if (diff.status !== 0 && diff.status !== 1) throw new Error(`kubectl diff failed (${diff.status}): ${diff.stderr.slice(0, 2000)}`);
        kubectlObjects = parseKubectlDiff(diff.stdout);
        runs.kubectlDiffSample.push(pick(diff));
        log(`rep ${rep}/${reps}: ours ${ours.wallSeconds.toFixed(2)} s (cpu ${ours.cpuSeconds?.toFixed(2)} s, ${ours.peakRssMb?.toFixed(0)} MB), --exact ${exact.wallSeconds.toFixed(2)} s; kubectl diff ${sample.length} objects ${diff.wallSeconds.toFixed(2)} s (cpu ${diff.cpuSeconds?.toFixed(2)} s, ${diff.peakRssMb?.toFixed(0)} MB), load ${os.loadavg()[0].toFixed(1)}`);
      } else {
        log(`rep ${rep}/${reps}: ours ${ours.wallSeconds.toFixed(2)} s (cpu ${ours.cpuSeconds?.toFixed(2)} s, ${ours.peakRssMb?.toFixed(0)} MB), --exact ${exact.wallSeconds.toFixed(2)} s, load ${os.loadavg()[0].toFixed(1)}`);
      }
    }

    // The same with a per-request latency (an API server across a network rather than on
    // loopback): every request waits, which costs kubectl diff (two requests per object, one after
    // the other) far more than drift (a LIST per kind, in parallel).
    let withLatency;
    if (latencyMs > 0) {
      await setLatency(kubeconfig, latencyMs);
      try {
        const ours = await drift();
        checkOurs({ run: ours, expected, objects, byId, label: `drift with ${latencyMs} ms latency` });
        const exact = await drift(['--exact']);
        checkOurs({ run: exact, expected, objects, byId, label: `drift --exact with ${latencyMs} ms latency` });
        const diff = await kubectl(['diff', '--server-side', '--force-conflicts', '--field-manager', 'bench-apply', '-f', sampleFile]);
        if (diff.status !== 0 && diff.status !== 1) throw new Error(`kubectl diff with latency failed (${diff.status}): ${diff.stderr.slice(0, 2000)}`);
        if (JSON.stringify(parseKubectlDiff(diff.stdout)) !== JSON.stringify(kubectlObjects)) throw new Error('kubectl diff with latency shows other objects than without');
        withLatency = { latencyMs, ours: pick(ours), oursExact: pick(exact), kubectlDiffSample: pick(diff), kubectlScaledWallSeconds: diff.wallSeconds * scale, speedup: (diff.wallSeconds * scale) / ours.wallSeconds };
        log(`with ${latencyMs} ms latency per request: ours ${ours.wallSeconds.toFixed(2)} s, --exact ${exact.wallSeconds.toFixed(2)} s; kubectl diff ${sample.length} objects ${diff.wallSeconds.toFixed(2)} s (×${scale.toFixed(0)} ≈ ${withLatency.kubectlScaledWallSeconds.toFixed(0)} s)`);
      } finally {
        await setLatency(kubeconfig, 0);
      }
    }

    // Per-object verdicts on the sample: what kubectl diff shows vs what we report.
    const oursInSample = oursOutput.resources.filter((resource) => resource.status !== 'in-sync' && sampleIds.has(resourceId(resource))).map(resourceId).sort();
    const agreement = { sampleObjects: sample.length, driftedInSample: oursInSample.length, kubectl: kubectlObjects, ours: oursInSample, equal: JSON.stringify(kubectlObjects) === JSON.stringify(oursInSample) };
    if (!agreement.equal) log(`kubectl diff and drift disagree on the sample: kubectl ${JSON.stringify(kubectlObjects)} vs ours ${JSON.stringify(oursInSample)}`);

    let profile;
    if (flag('--profile')) profile = await profileDrift({ drift, work });

    const m = (list, key) => median(list.map((run) => run[key]));
    const min = (list, key) => Math.min(...list.map((run) => run[key]));
    const oursSeconds = m(runs.ours, 'wallSeconds');
    const kubectlSampleSeconds = m(runs.kubectlDiffSample, 'wallSeconds');
    const kubectlScaledSeconds = kubectlSampleSeconds * scale;
    result = {
      benchmark: 'drift',
      startedAt: startedAt.toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: os.totalmem() / 2 ** 30, node: process.version, kubectl: kubectlVersion(), loadAverageAtStart, loadAverageAtEnd: os.loadavg() },
      environment: { objects: objects.length, kinds: kinds.map((spec) => spec.kind), namespaces, files: files.size, megabytes: bytes / 1e6, modified: plan.modified.length, missing: plan.deleted.length, noise: { annotations: plan.noise.length, undeclaredFields: plan.undeclared.length, quantityNotation: plan.quantities.length } },
      emulatorRssMb: emulatorRssMb(emulator.pid),
      reps,
      kubectlReps,
      targets,
      ours: { command: 'node dist/cli.js drift --env bench --repo DIR --kubeconfig F --format json', wallSeconds: oursSeconds, minWallSeconds: min(runs.ours, 'wallSeconds'), cpuSeconds: m(runs.ours, 'cpuSeconds'), peakRssMb: Math.max(...runs.ours.map((run) => run.peakRssMb ?? 0)), runs: runs.ours },
      oursExact: { command: 'node dist/cli.js drift … --exact', wallSeconds: m(runs.oursExact, 'wallSeconds'), minWallSeconds: min(runs.oursExact, 'wallSeconds'), cpuSeconds: m(runs.oursExact, 'cpuSeconds'), peakRssMb: Math.max(...runs.oursExact.map((run) => run.peakRssMb ?? 0)), runs: runs.oursExact },
      kubectlDiff: { command: `kubectl diff --server-side --force-conflicts --field-manager bench-apply -f sample.yaml (${sample.length} objects)`, sampleObjects: sample.length, scale, sampleWallSeconds: kubectlSampleSeconds, sampleMinWallSeconds: min(runs.kubectlDiffSample, 'wallSeconds'), sampleCpuSeconds: m(runs.kubectlDiffSample, 'cpuSeconds'), peakRssMb: Math.max(...runs.kubectlDiffSample.map((run) => run.peakRssMb ?? 0)), scaledWallSeconds: kubectlScaledSeconds, runs: runs.kubectlDiffSample },
      speedup: kubectlScaledSeconds / oursSeconds,
      ...(withLatency ? { withLatency } : {}),
      agreement,
      ...(profile ? { profile } : {}),
    };
    result.verdict = {
      within3s: oursSeconds <= targets.maxSeconds,
      within400Mb: result.ours.peakRssMb <= targets.maxPeakRssMb,
      atLeast100xFasterThanKubectlDiff: result.speedup >= targets.minSpeedupOverKubectlDiff,
      ...(withLatency ? { atLeast100xFasterThanKubectlDiffWithLatency: withLatency.speedup >= targets.minSpeedupOverKubectlDiff } : {}),
      exactDriftReported: true,
      kubectlAgreesOnSample: agreement.equal,
    };
  } finally {
    await stopEmulator(emulator);
    if (!flag('--keep')) fs.rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const outFile = path.join(resultsDir, 'drift.json');
  fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result, outFile);
}

const pick = (run) => ({ wallSeconds: run.wallSeconds, cpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb, status: run.status, loadAverage: os.loadavg()[0] });

function resourceId(resource) {
  const group = resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0] : '';
  return `${group}/${resource.kind}/${resource.namespace ?? ''}/${resource.name}`;
}

/** checkOurs: exit 1, one verdict per object, exactly the injected drift (fields, values; Secrets masked). */
function checkOurs({ run, expected, objects, byId, label }) {
  if (run.status !== 1) throw new Error(`${label}: exit ${run.status}, expected 1\n${run.stderr}`);
  const output = JSON.parse(run.stdout);
  if (output.resources.length !== objects.length) throw new Error(`${label}: ${output.resources.length} verdicts for ${objects.length} objects`);
  const reported = output.resources.filter((resource) => resource.status !== 'in-sync');
  const problems = [];
  for (const resource of reported) {
    const id = resourceId(resource);
    const want = expected.get(id);
    if (!want) {
      problems.push(`not injected: ${id} ${resource.status} ${JSON.stringify(resource.fields)}`);
      continue;
    }
    if (want.status !== resource.status) problems.push(`${id}: ${resource.status}, expected ${want.status}`);
    const fields = resource.fields.map((field) => (want.fields.find((w) => w.path === field.path)?.masked ? { path: field.path, masked: /^<masked sha256:[0-9a-f]{8}>$/.test(field.desired) && /^<masked sha256:[0-9a-f]{8}>$/.test(field.live) } : field));
    if (JSON.stringify(fields) !== JSON.stringify(want.fields)) problems.push(`${id}: fields ${JSON.stringify(resource.fields)}, expected ${JSON.stringify(want.fields)}`);
  }
  const found = new Set(reported.map(resourceId));
  for (const id of expected.keys()) if (!found.has(id)) problems.push(`not found: ${id} (${byId.get(id)?.kind})`);
  if (run.stdout.includes('rotated-by-hand') || run.stdout.includes(Buffer.from('rotated-by-hand').toString('base64'))) problems.push('a Secret value in the output');
  if (problems.length > 0) throw new Error(`${label} does not report exactly the injected drift:\n  ${problems.slice(0, 20).join('\n  ')}`);
}

/** parseKubectlDiff: the objects kubectl diff shows (`group/Kind/namespace/name`), from its `diff -u -N LIVE MERGED` headers. */
function parseKubectlDiff(stdout) {
  return [...stdout.matchAll(/^diff -u -N \S+ \S+\/([^/\s]+)$/gm)].map((match) => {
    const parts = match[1].split('.');
    const kindIndex = parts.findIndex((part) => /^[A-Z]/.test(part));
    const group = parts.slice(0, kindIndex - 1).join('.');
    const rest = parts.slice(kindIndex + 1);
    const kind = parts[kindIndex];
    // Cluster-scoped objects have no namespace part: group.version.Kind.name.
    const clusterScoped = kind === 'Namespace' || kinds.find((spec) => spec.kind === kind)?.clusterScoped;
    return clusterScoped ? `${group}/${kind}//${rest.join('.')}` : `${group}/${kind}/${rest[0]}/${rest.slice(1).join('.')}`;
  }).sort();
}

function kubectlVersion() {
  try {
    return JSON.parse(execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' })).clientVersion.gitVersion;
  } catch {
    return undefined;
  }
}

/** profileDrift runs drift once under node --cpu-prof and sums self time per source file and top functions. */
async function profileDrift({ drift, work }) {
  const profileDir = path.join(work, 'profile');
  fs.mkdirSync(profileDir, { recursive: true });
  const run = await drift([], ['--cpu-prof', '--cpu-prof-dir', profileDir]);
  if (run.status !== 1) throw new Error(`profiled drift: exit ${run.status}: ${run.stderr}`);
  const file = fs.readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8'));
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.copyFileSync(path.join(profileDir, file), path.join(resultsDir, 'drift-cli.cpuprofile'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const intervals = profile.timeDeltas;
  for (let index = 0; index < profile.samples.length; index++) {
    const node = byId.get(profile.samples[index]);
    self.set(node.id, (self.get(node.id) ?? 0) + (intervals[index] ?? 0));
  }
  const total = [...self.values()].reduce((sum, value) => sum + value, 0);
  const byFile = new Map();
  const byFunction = new Map();
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id);
    const where = callFrame.url ? callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/') : `(${callFrame.functionName || 'native'})`;
    byFile.set(where, (byFile.get(where) ?? 0) + micros);
    const fn = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const top = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([what, micros]) => ({ what, ms: Math.round(micros / 1000), percent: Math.round((micros / total) * 1000) / 10 }));
  return { wallSeconds: run.wallSeconds, sampledMs: Math.round(total / 1000), byFile: top(byFile, 12), byFunction: top(byFunction, 20), file: path.relative(projectRoot, path.join(resultsDir, 'drift-cli.cpuprofile')) };
}

function printTable(result, outFile) {
  const f = (value, digits = 2) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));
  const rows = [
    ['contender', 'objects', 'wall s median (min)', 'CPU s', 'peak RSS MB', `for all ${result.environment.objects} objects`],
    [`gitops-workbench drift --format json`, result.environment.objects, `${f(result.ours.wallSeconds)} (${f(result.ours.minWallSeconds)})`, f(result.ours.cpuSeconds), f(result.ours.peakRssMb, 0), `${f(result.ours.wallSeconds)} s`],
    [`gitops-workbench drift --exact`, result.environment.objects, `${f(result.oursExact.wallSeconds)} (${f(result.oursExact.minWallSeconds)})`, f(result.oursExact.cpuSeconds), f(result.oursExact.peakRssMb, 0), `${f(result.oursExact.wallSeconds)} s`],
    [`kubectl diff --server-side (sample ×${f(result.kubectlDiff.scale, 0)})`, result.kubectlDiff.sampleObjects, `${f(result.kubectlDiff.sampleWallSeconds)} (${f(result.kubectlDiff.sampleMinWallSeconds)})`, f(result.kubectlDiff.sampleCpuSeconds), f(result.kubectlDiff.peakRssMb, 0), `~${f(result.kubectlDiff.scaledWallSeconds, 0)} s`],
  ];
  if (result.withLatency) {
    const latency = result.withLatency;
    rows.push(
      [`drift, ${latency.latencyMs} ms latency per request`, result.environment.objects, f(latency.ours.wallSeconds), f(latency.ours.cpuSeconds), f(latency.ours.peakRssMb, 0), `${f(latency.ours.wallSeconds)} s`],
      [`drift --exact, ${latency.latencyMs} ms latency`, result.environment.objects, f(latency.oursExact.wallSeconds), f(latency.oursExact.cpuSeconds), f(latency.oursExact.peakRssMb, 0), `${f(latency.oursExact.wallSeconds)} s`],
      [`kubectl diff, ${latency.latencyMs} ms latency (sample ×${f(result.kubectlDiff.scale, 0)})`, result.kubectlDiff.sampleObjects, f(latency.kubectlDiffSample.wallSeconds), f(latency.kubectlDiffSample.cpuSeconds), f(latency.kubectlDiffSample.peakRssMb, 0), `~${f(latency.kubectlScaledWallSeconds, 0)} s`],
    );
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ');
  const out = [
    '',
    `Drift: ${result.environment.objects} objects, ${result.environment.kinds.length} kinds, ${result.environment.namespaces.length} namespaces; injected ${result.environment.modified} modified + ${result.environment.missing} missing (all found, nothing else reported), plus ${result.environment.noise.annotations + result.environment.noise.undeclaredFields + result.environment.noise.quantityNotation} changes that are not drift`,
    `machine: ${result.machine.cpus} cores, Node ${result.machine.node}, kubectl ${result.machine.kubectl}, load ${result.machine.loadAverageAtStart[0].toFixed(1)} → ${result.machine.loadAverageAtEnd[0].toFixed(1)}`,
    '',
    line(rows[0]),
    line(rows[0].map((_, column) => '-'.repeat(widths[column]))),
    ...rows.slice(1).map(line),
    '',
    `speed-up over kubectl diff: ${f(result.speedup, 0)}×; kubectl diff's verdicts on the sample ${result.agreement.equal ? 'agree' : 'DISAGREE'} (${result.agreement.driftedInSample} drifted objects in the sample)`,
    '',
    `target ≤ ${result.targets.maxSeconds} s: ${f(result.ours.wallSeconds)} s ${result.verdict.within3s ? 'PASS' : 'FAIL'}`,
    `target ≤ ${result.targets.maxPeakRssMb} MB: ${f(result.ours.peakRssMb, 0)} MB ${result.verdict.within400Mb ? 'PASS' : 'FAIL'}`,
    `target ≥ ${result.targets.minSpeedupOverKubectlDiff}× kubectl diff: ${f(result.speedup, 0)}× on loopback ${result.verdict.atLeast100xFasterThanKubectlDiff ? 'PASS' : 'FAIL'}${result.withLatency ? `; ${f(result.withLatency.speedup, 0)}× with ${result.withLatency.latencyMs} ms latency per request ${result.verdict.atLeast100xFasterThanKubectlDiffWithLatency ? 'PASS' : 'FAIL'}` : ''}`,
  ];
  if (result.profile) {
    out.push('', `CPU profile of one drift run (${result.profile.sampledMs} ms sampled; ${result.profile.file}), self time by file:`);
    for (const entry of result.profile.byFile) out.push(`  ${String(entry.percent).padStart(5)}%  ${String(entry.ms).padStart(6)} ms  ${entry.what}`);
    out.push('top functions:');
    for (const entry of result.profile.byFunction.slice(0, 12)) out.push(`  ${String(entry.percent).padStart(5)}%  ${String(entry.ms).padStart(6)} ms  ${entry.what}`);
  }
  out.push('', `wrote ${path.relative(projectRoot, outFile)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench:drift failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
