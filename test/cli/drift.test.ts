import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import { GitFixture, gitEnv, tempDir } from '../support/buildFixtureRepo';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl, request } from '../support/kubeEmulator/testClient';
import { repoRoot } from '../support/startLanguageServer';

/**
 * Known-truth scenarios for `gitops-workbench drift` and `diff`: a Flux environment (a bootstrapped
 * cluster directory and an apps Kustomization) is applied to the project's API emulator with the
 * real kubectl exactly as kustomize-controller applies it (server-side apply, field manager
 * kustomize-controller, the Flux ownership labels), its Kustomizations get the status the
 * controller writes, and then each scenario makes one change with kubectl on a fresh cluster. Each
 * asserts the complete list of objects the CLI reports as not in sync, with every field path and
 * value — every injected change found, nothing else — in the default and in --exact mode, and
 * compares the per-object verdicts with `kubectl diff --server-side` (see kubectlVerdicts).
 *
 * Where kubectl diff agrees and where it cannot: it shows the same objects as changed for every
 * change to a field Git declares (scale, image, ConfigMap and Secret values, a deleted object, which
 * it would create) and nothing for fields other managers own or set to what the server stores
 * anyway (annotations, labels, an extra env var, quantities in another notation, defaults), because
 * a server-side apply dry-run keeps them. By design it differs in two places: extra objects (it
 * only knows the objects of the file it is given) and ignoreDifferences (it has no such rules).
 * Inside a changed object it also shows server bookkeeping (metadata.generation); the verdict per
 * object is what is compared.
 */

const fixtureSource = path.join(repoRoot, 'test', 'fixtures', 'repos', 'flux-staging-applied-by-kustomize-controller');
const fluxCrds = path.resolve(repoRoot, '..', 'shared', 'data', 'crds', 'flux-v2.6.4');
const cli = path.join(repoRoot, 'dist', 'cli.js');

/** What Flux applies: one build per Kustomization, each object labelled with the Kustomization's name and namespace. */
const kustomizations = [
  { name: 'flux-system', namespace: 'flux-system', path: 'clusters/staging' },
  { name: 'apps', namespace: 'flux-system', path: 'apps/staging' },
];

let fixture: GitFixture;
const commits: Record<string, string> = {};
let rendered: string;
let renderedFile: string;
/** Every object of the environment, as `group/Kind/namespace/name`, in the order drift sorts them. */
let desiredIds: string[];
const inventories = new Map<string, Array<{ id: string; v: string }>>();
const emulators = new Set<RunningKubeEmulator>();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** run runs a program asynchronously (an in-process emulator must stay free to answer it). */
function run(command: string, args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

function readTree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, readTree(path.join(dir, entry.name), relative));
    else files[relative] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
  }
  return files;
}

function idOf(object: { apiVersion: string; kind: string; metadata: { namespace?: string; name: string } }): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${group}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

before(async () => {
  // The reconciled commit, then one commit that touches the environment (a comment: it renders the
  // same, so the cluster stays in sync) and one that does not: the environment is one commit behind.
  fixture = GitFixture.create('gw-drift-');
  const files = readTree(fixtureSource);
  commits.reconciled = fixture.commit('staging: shop api, worker and cache', files);
  commits.pending = fixture.commit('staging: say why api runs two replicas', { 'apps/staging/api.yaml': files['apps/staging/api.yaml'].replace('  replicas: 2\n', '  # Two replicas: one per zone.\n  replicas: 2\n') });
  commits.docs = fixture.commit('docs: runbook', { 'docs/runbook.md': '# Runbook\n\nflux reconcile kustomization apps\n' });

  const documents: string[] = [];
  const ids: string[] = [];
  for (const kustomization of kustomizations) {
    const built = await run('kubectl', ['kustomize', path.join(fixture.dir, kustomization.path)]);
    assert.equal(built.code, 0, built.stderr);
    const entries: Array<{ id: string; v: string }> = [];
    for (const document of parseAllDocuments(built.stdout)) {
      const object = document.toJSON() as { apiVersion: string; kind: string; metadata: { namespace?: string; name: string; labels?: Record<string, string> } };
      object.metadata.labels = { ...object.metadata.labels, 'kustomize.toolkit.fluxcd.io/name': kustomization.name, 'kustomize.toolkit.fluxcd.io/namespace': kustomization.namespace };
      documents.push(stringify(object));
      ids.push(idOf(object));
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
      entries.push({ id: `${object.metadata.namespace ?? ''}_${object.metadata.name}_${group}_${object.kind}`, v: object.apiVersion.includes('/') ? object.apiVersion.split('/')[1] : object.apiVersion });
    }
    inventories.set(kustomization.name, entries);
  }
  rendered = documents.join('---\n');
  renderedFile = path.join(tempDir('gw-drift-rendered-'), 'rendered.yaml');
  fs.writeFileSync(renderedFile, rendered);
  desiredIds = ids.sort();
  assert.equal(desiredIds.length, 12, 'GitRepository, 2 Kustomizations, Namespace, ConfigMap, Secret, 2 Services, 2 Deployments, StatefulSet, HPA');
});

after(async () => {
  for (const emulator of emulators) await emulator.stop();
  if (fixture) fs.rmSync(fixture.dir, { recursive: true, force: true });
  if (renderedFile) fs.rmSync(path.dirname(renderedFile), { recursive: true, force: true });
});

/**
 * appliedCluster starts an emulator with the Flux CRDs, applies the environment as
 * kustomize-controller does and writes each Kustomization's status as the controller would
 * (through /status): the reconciled commit, Ready, and the inventory of what it applied.
 */
async function appliedCluster(options: { kubeconfigPath?: string } = {}): Promise<RunningKubeEmulator> {
  const emulator = await startKubeEmulator({
    ...options,
    seed: [path.join(fluxCrds, 'flux-kustomize-controller.yaml'), path.join(fluxCrds, 'flux-source-controller.yaml'), 'yaml:apiVersion: v1\nkind: Namespace\nmetadata: {name: flux-system}\n'],
  });
  emulators.add(emulator);
  await mustKubectl(emulator, ['apply', '--server-side', '--field-manager', 'kustomize-controller', '-f', renderedFile]);
  const revision = `main@sha1:${commits.reconciled}`;
  for (const kustomization of kustomizations) {
    const status = {
      observedGeneration: 1,
      lastAppliedRevision: revision,
      lastAttemptedRevision: revision,
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, lastTransitionTime: '2025-06-02T09:00:00Z', observedGeneration: 1 }],
      inventory: { entries: inventories.get(kustomization.name) },
    };
    const answer = await request(emulator, 'PATCH', `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${kustomization.namespace}/kustomizations/${kustomization.name}/status`, { body: { status }, contentType: 'application/merge-patch+json' });
    assert.equal(answer.status, 200, answer.text);
  }
  return emulator;
}

async function stopCluster(emulator: RunningKubeEmulator): Promise<void> {
  emulators.delete(emulator);
  await emulator.stop();
}

async function mustKubectl(emulator: RunningKubeEmulator, args: string[], input?: string): Promise<string> {
  const result = await kubectl(emulator, args, { input });
  assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** cliRun runs `gitops-workbench COMMAND --env staging` against an emulator (its kubeconfig, context kube-emulator). */
function cliRun(emulator: RunningKubeEmulator, command: 'drift' | 'diff', args: string[] = []): Promise<Run> {
  return run(process.execPath, [cli, command, '--env', 'staging', '--repo', fixture.dir, '--kubeconfig', emulator.kubeconfigPath, '--context', 'kube-emulator', ...args], { cwd: fixture.dir, env: gitEnv({ KUBECONFIG: '' }) });
}

interface FieldJson {
  path: string;
  desired?: unknown;
  live?: unknown;
}

interface ResourceJson {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  status: string;
  fields: FieldJson[];
  reason?: string;
}

interface DriftJson {
  environment: string;
  head: string;
  reconciled: { revision: string | null; source: string | null; behind: number | null; ready?: boolean; pending: Array<{ sha: string; subject: string }> };
  cluster: { state: string; message?: string };
  resources: ResourceJson[];
  problems: string[];
}

/** Expected is what a scenario must report: the objects that are not in sync (all others must be). */
type Expected = Array<{ apiVersion: string; kind: string; namespace?: string; name: string; status: 'modified' | 'missing' | 'extra'; fields?: FieldJson[] }>;

function verdicts(resources: readonly ResourceJson[]): Expected {
  return resources
    .filter((resource) => resource.status !== 'in-sync')
    .map((resource) => ({ apiVersion: resource.apiVersion, kind: resource.kind, ...(resource.namespace ? { namespace: resource.namespace } : {}), name: resource.name, status: resource.status as 'modified', fields: resource.fields }));
}

function resourceId(resource: { apiVersion: string; kind: string; namespace?: string; name: string }): string {
  const group = resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0] : '';
  return `${group}/${resource.kind}/${resource.namespace ?? ''}/${resource.name}`;
}

/**
 * driftOf runs `drift --format json` in the default and in --exact mode and checks what holds in
 * every scenario: the reconciled revision and pending commit, one entry per desired object (plus
 * extras), the desired objects that are not expected to drift in sync, exit 1 with drift and 0
 * without, and --exact agreeing with the default mode.
 */
async function driftOf(emulator: RunningKubeEmulator, expected: Expected): Promise<DriftJson> {
  const outputs: DriftJson[] = [];
  for (const mode of [[], ['--exact']]) {
    const result = await cliRun(emulator, 'drift', ['--format', 'json', ...mode]);
    assert.equal(result.code, expected.length > 0 ? 1 : 0, `drift ${mode.join(' ')} exit code; stderr: ${result.stderr}`);
    assert.equal(result.stderr, '', 'no warnings');
    const output = JSON.parse(result.stdout) as DriftJson;
    assert.equal(output.environment, 'staging');
    assert.equal(output.head, commits.docs);
    assert.deepEqual([output.reconciled.revision, output.reconciled.source, output.reconciled.behind, output.reconciled.ready], [commits.reconciled, 'flux', 1, true]);
    assert.deepEqual(output.reconciled.pending.map((commit) => [commit.sha, commit.subject]), [[commits.pending, 'staging: say why api runs two replicas']], 'the docs commit does not touch the environment');
    assert.equal(output.cluster.state, 'connected');
    assert.deepEqual(verdicts(output.resources), expected, `drift ${mode.join(' ')}: exactly the injected drift`);
    const extras = expected.filter((resource) => resource.status === 'extra').map(resourceId);
    assert.deepEqual(output.resources.map(resourceId).filter((id) => !extras.includes(id)).sort(), desiredIds, 'one verdict per desired object');
    outputs.push(output);
  }
  return outputs[0];
}

/**
 * kubectlVerdicts runs `kubectl diff --server-side --field-manager kustomize-controller
 * --force-conflicts -f <rendered>` — what kustomize-controller's own dry-run would change — and
 * returns the objects it shows as different (`group/Kind/namespace/name`). --force-conflicts
 * because Flux applies with force: without it, a field another manager took (kubectl scale, set
 * image) makes kubectl diff fail with a conflict instead of showing the change.
 */
async function kubectlVerdicts(emulator: RunningKubeEmulator): Promise<string[]> {
  const result = await kubectl(emulator, ['diff', '--server-side', '--field-manager', 'kustomize-controller', '--force-conflicts', '-f', renderedFile]);
  assert.ok(result.code === 0 || result.code === 1, `kubectl diff failed (${result.code}): ${result.stderr}`);
  const objects = [...result.stdout.matchAll(/^diff -u -N \S+ \S+\/([^/\s]+)$/gm)].map((match) => {
    // kubectl names each file group.version.Kind.namespace.name (version.Kind.namespace.name for
    // core; no namespace part for the only cluster-scoped kind here, Namespace).
    const parts = match[1].split('.');
    const kindIndex = parts.findIndex((part) => /^[A-Z]/.test(part));
    const group = parts.slice(0, kindIndex - 1).join('.');
    const [kind, ...rest] = parts.slice(kindIndex);
    return kind === 'Namespace' ? `${group}/${kind}//${rest.join('.')}` : `${group}/${kind}/${rest[0]}/${rest.slice(1).join('.')}`;
  });
  assert.equal(result.code, objects.length > 0 ? 1 : 0, 'kubectl diff exits 1 exactly when it shows differences');
  return objects.sort();
}

const api = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' } as const;
const apiId = 'apps/Deployment/shop/api';

function masked(value: string): string {
  return `<masked sha256:${createHash('sha256').update(value).digest('hex').slice(0, 8)}>`;
}

test('applied as kustomize-controller applies it: all in sync (exit 0), the reconciled commit, one pending commit; kubectl diff agrees', async () => {
  const emulator = await appliedCluster();
  const output = await driftOf(emulator, []);
  assert.equal(output.resources.length, 12);
  assert.ok(output.resources.every((resource) => resource.status === 'in-sync' && resource.fields.length === 0));
  assert.deepEqual(output.problems, []);
  // Git's worker writes cpu 0.25 and memory 0.5Gi; the server stores 250m and 512Mi.
  const worker = (await request(emulator, 'GET', '/apis/apps/v1/namespaces/shop/deployments/worker')).json;
  assert.deepEqual(worker.spec.template.spec.containers[0].resources.requests, { cpu: '250m', memory: '512Mi' });
  assert.deepEqual(await kubectlVerdicts(emulator), []);

  const text = await cliRun(emulator, 'drift');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`reconciled by flux: ${commits.reconciled.slice(0, 12)} \\(main\\), Ready\\n  1 commit pending:\\n    ${commits.pending.slice(0, 7)} staging: say why api runs two replicas\\n`));
  assert.match(text.stdout, /\n12 objects: 12 in sync\n$/);
  const diff = await cliRun(emulator, 'diff');
  assert.deepEqual([diff.code, diff.stdout, diff.stderr], [0, '', '']);
  await stopCluster(emulator);
});

test('kubectl scale: exactly spec.replicas (exit 1); kubectl diff sees the same object', async () => {
  const emulator = await appliedCluster();
  await mustKubectl(emulator, ['scale', '-n', 'shop', 'deployment/api', '--replicas=5']);
  await driftOf(emulator, [{ ...api, status: 'modified', fields: [{ path: 'spec.replicas', desired: 2, live: 5 }] }]);
  assert.deepEqual(await kubectlVerdicts(emulator), [apiId]);
  await stopCluster(emulator);
});

test('kubectl set image: exactly the image; the unified diff changes exactly the image line', async () => {
  const emulator = await appliedCluster();
  await mustKubectl(emulator, ['set', 'image', '-n', 'shop', 'deployment/api', 'api=registry.example.com/shop/api:1.5.0-hotfix']);
  await driftOf(emulator, [{ ...api, status: 'modified', fields: [{ path: 'spec.template.spec.containers[name=api].image', desired: 'registry.example.com/shop/api:1.4.2', live: 'registry.example.com/shop/api:1.5.0-hotfix' }] }]);
  assert.deepEqual(await kubectlVerdicts(emulator), [apiId]);

  for (const args of [[], ['Deployment/shop/api'], ['deployment/api']]) {
    const diff = await cliRun(emulator, 'diff', args);
    assert.equal(diff.code, 1, diff.stderr);
    assert.equal(diff.stderr, '');
    const lines = diff.stdout.split('\n');
    assert.deepEqual(lines.filter((line) => line.startsWith('--- ') || line.startsWith('+++ ')), ['--- desired/apps.v1.Deployment.shop.api', '+++ live/apps.v1.Deployment.shop.api']);
    assert.deepEqual(lines.filter((line) => /^[-+](?![-+]{2} )/.test(line)), ['-          image: registry.example.com/shop/api:1.4.2', '+          image: registry.example.com/shop/api:1.5.0-hotfix']);
  }
  const inSync = await cliRun(emulator, 'diff', ['Service/shop/api']);
  assert.deepEqual([inSync.code, inSync.stdout], [0, ''], 'an object in sync has an empty diff and exit 0');
  await stopCluster(emulator);
});

test('kubectl patch of a ConfigMap value (merge): exactly that key', async () => {
  const emulator = await appliedCluster();
  await mustKubectl(emulator, ['patch', '-n', 'shop', 'configmap/api-config', '--type=merge', '-p', JSON.stringify({ data: { CACHE_TTL: '30' } })]);
  await driftOf(emulator, [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'api-config', status: 'modified', fields: [{ path: 'data.CACHE_TTL', desired: '300', live: '30' }] }]);
  assert.deepEqual(await kubectlVerdicts(emulator), ['/ConfigMap/shop/api-config']);
  await stopCluster(emulator);
});

test('a Secret value changed by hand: one key, two short hashes, and no value in any output of drift or diff', async () => {
  const emulator = await appliedCluster();
  const before = 'fixture-api-token-7f3c9a';
  const after = 'rotated-by-hand-6d1e02';
  await mustKubectl(emulator, ['patch', '-n', 'shop', 'secret/api-credentials', '--type=merge', '-p', JSON.stringify({ data: { 'api-token': Buffer.from(after).toString('base64') } })]);
  await driftOf(emulator, [{ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'api-credentials', status: 'modified', fields: [{ path: 'data["api-token"]', desired: masked(before), live: masked(after) }] }]);
  assert.deepEqual(await kubectlVerdicts(emulator), ['/Secret/shop/api-credentials']);

  const unchanged = 'postgres://api:Fixture-Db-Passw0rd@db.shop.svc:5432/shop';
  const secrets = [before, after, unchanged, 'Fixture-Db-Passw0rd'].flatMap((value) => [value, Buffer.from(value).toString('base64')]);
  const runs = await Promise.all([
    cliRun(emulator, 'drift'),
    cliRun(emulator, 'drift', ['--format', 'json']),
    cliRun(emulator, 'drift', ['--exact']),
    cliRun(emulator, 'diff'),
    cliRun(emulator, 'diff', ['Secret/shop/api-credentials']),
    cliRun(emulator, 'diff', ['--exact']),
  ]);
  for (const result of runs) {
    assert.equal(result.code, 1, result.stderr);
    for (const secret of secrets) assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), `no Secret value (${secret.slice(0, 4)}…) in the output`);
  }
  assert.match(runs[0].stdout, new RegExp(`data\\["api-token"\\]: ${masked(before).replace(/[<>]/g, '\\$&')} → ${masked(after).replace(/[<>]/g, '\\$&')}`));
  const diffLines = runs[3].stdout.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line));
  assert.deepEqual(diffLines, [`-  api-token: ${masked(before)}`, `+  api-token: ${masked(after)}`]);
  assert.ok(runs[3].stdout.includes(`database-url: ${masked(unchanged)}`), 'the unchanged key is masked in the context lines too');
  await stopCluster(emulator);
});

test('a deleted Service: missing; kubectl diff would create it', async () => {
  const emulator = await appliedCluster();
  await mustKubectl(emulator, ['delete', '-n', 'shop', 'service/api']);
  await driftOf(emulator, [{ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'api', status: 'missing', fields: [] }]);
  assert.deepEqual(await kubectlVerdicts(emulator), ['/Service/shop/api']);
  const diff = await cliRun(emulator, 'diff', ['Service/shop/api']);
  assert.equal(diff.code, 1);
  assert.match(diff.stdout, /^--- desired\/v1\.Service\.shop\.api\n\+\+\+ live\/v1\.Service\.shop\.api\n@@ -1,\d+ \+0,0 @@\n/m, 'everything desired, nothing live');
  await stopCluster(emulator);
});

test("an extra ConfigMap with the environment's Flux labels is extra; one without them is not reported; kubectl diff cannot know either", async () => {
  const emulator = await appliedCluster();
  const leftover = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config-old\n  namespace: shop\n  labels:\n    kustomize.toolkit.fluxcd.io/name: apps\n    kustomize.toolkit.fluxcd.io/namespace: flux-system\ndata:\n  LOG_FORMAT: text\n';
  const unrelated = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: debug-notes\n  namespace: shop\ndata:\n  note: made by hand\n';
  const otherKustomization = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra-settings\n  namespace: shop\n  labels:\n    kustomize.toolkit.fluxcd.io/name: infrastructure\n    kustomize.toolkit.fluxcd.io/namespace: flux-system\ndata:\n  a: "1"\n';
  await mustKubectl(emulator, ['apply', '--server-side', '--field-manager', 'hand', '-f', '-'], `${leftover}---\n${unrelated}---\n${otherKustomization}`);
  const output = await driftOf(emulator, [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'api-config-old', status: 'extra', fields: [] }]);
  assert.match(output.resources.find((resource) => resource.name === 'api-config-old')!.reason!, /applied by Flux Kustomization flux-system\/apps/);
  // kubectl diff only knows the objects of the file it is given: extra objects are never in it.
  assert.deepEqual(await kubectlVerdicts(emulator), []);
  const diff = await cliRun(emulator, 'diff', ['ConfigMap/shop/api-config-old']);
  assert.equal(diff.code, 1);
  assert.match(diff.stdout, /@@ -0,0 \+1,\d+ @@\n(\+.*\n)*\+  LOG_FORMAT: text\n/, 'nothing desired, everything live');
  await stopCluster(emulator);
});

test('labels, annotations and an env var added by another field manager are not drift; kubectl diff agrees', async () => {
  const emulator = await appliedCluster();
  await mustKubectl(emulator, ['annotate', '-n', 'shop', 'deployment/api', '--field-manager=oncall', 'example.com/paged=incident-4711']);
  await mustKubectl(emulator, ['label', '-n', 'shop', 'service/api', '--field-manager=oncall', 'example.com/team=payments']);
  await mustKubectl(emulator, ['label', '-n', 'shop', 'configmap/api-config', 'example.com/reviewed=yes']);
  await mustKubectl(emulator, ['set', 'env', '-n', 'shop', 'deployment/api', '--containers=api', 'EXTRA_DEBUG=1']);
  await driftOf(emulator, []);
  assert.deepEqual(await kubectlVerdicts(emulator), []);
  await stopCluster(emulator);
});

test('a quantity rewritten in another notation (cpu 500m → 0.5, memory 256Mi → 0.25Gi) is not drift; kubectl diff agrees', async () => {
  const emulator = await appliedCluster();
  const patch = { spec: { template: { spec: { containers: [{ name: 'api', resources: { requests: { cpu: '0.5', memory: '0.25Gi' }, limits: { cpu: '1000m' } } }] } } } };
  await mustKubectl(emulator, ['patch', '-n', 'shop', 'deployment/api', '-p', JSON.stringify(patch)]);
  // The same quantities written by another manager with server-side apply, as an HPA-like tool would.
  await mustKubectl(emulator, ['apply', '--server-side', '--field-manager', 'resource-tuner', '-f', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker, namespace: shop}\nspec:\n  selector: {matchLabels: {app.kubernetes.io/name: worker}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: worker}}\n    spec:\n      containers:\n        - name: worker\n          image: registry.example.com/shop/worker:2.0.1\n          resources: {requests: {cpu: 250m, memory: 512Mi}}\n');
  await driftOf(emulator, []);
  assert.deepEqual(await kubectlVerdicts(emulator), []);
  await stopCluster(emulator);
});

test('defaulted fields patched to their default values (kubectl patch, and server-side apply by another manager) are not drift; kubectl diff agrees', async () => {
  const emulator = await appliedCluster();
  await mustKubectl(emulator, ['patch', '-n', 'shop', 'deployment/api', '--type=merge', '-p', JSON.stringify({ spec: { revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate' } } })]);
  await mustKubectl(emulator, ['patch', '-n', 'shop', 'service/api', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/sessionAffinity', value: 'None' }, { op: 'replace', path: '/spec/ports/1/targetPort', value: 9090 }])]);
  await mustKubectl(emulator, ['apply', '--server-side', '--field-manager', 'policy-bot', '-f', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app.kubernetes.io/name: api}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: api}}\n    spec:\n      restartPolicy: Always\n      dnsPolicy: ClusterFirst\n      containers:\n        - name: api\n          image: registry.example.com/shop/api:1.4.2\n          imagePullPolicy: IfNotPresent\n          terminationMessagePolicy: File\n');
  await driftOf(emulator, []);
  assert.deepEqual(await kubectlVerdicts(emulator), []);
  await stopCluster(emulator);
});

test('an ignoreDifferences rule in .gitops-workbench.yaml hides a replicas change (kubectl diff, which has no such rules, shows it)', async () => {
  const emulator = await appliedCluster();
  await mustKubectl(emulator, ['scale', '-n', 'shop', 'deployment/api', '--replicas=7']);
  const config = path.join(fixture.dir, '.gitops-workbench.yaml');
  fs.writeFileSync(config, 'ignoreDifferences:\n  - group: apps\n    kind: Deployment\n    name: api\n    jsonPointers:\n      - /spec/replicas\n');
  try {
    await driftOf(emulator, []);
    const diff = await cliRun(emulator, 'diff');
    assert.deepEqual([diff.code, diff.stdout], [0, '']);
  } finally {
    fs.rmSync(config);
  }
  await driftOf(emulator, [{ ...api, status: 'modified', fields: [{ path: 'spec.replicas', desired: 2, live: 7 }] }]);
  assert.deepEqual(await kubectlVerdicts(emulator), [apiId]);
  await stopCluster(emulator);
});

test('several changes at once are each reported, and nothing else', async () => {
  const emulator = await appliedCluster();
  await mustKubectl(emulator, ['scale', '-n', 'shop', 'statefulset/cache', '--replicas=3']);
  await mustKubectl(emulator, ['set', 'env', '-n', 'shop', 'deployment/worker', 'QUEUE=orders-retry']);
  await mustKubectl(emulator, ['patch', '-n', 'shop', 'hpa/worker', '--type=merge', '-p', JSON.stringify({ spec: { maxReplicas: 10 } })]);
  await mustKubectl(emulator, ['delete', '-n', 'shop', 'service/cache']);
  await mustKubectl(emulator, ['annotate', '-n', 'shop', 'deployment/worker', 'example.com/note=busy']);
  await driftOf(emulator, [
    { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'worker', status: 'modified', fields: [{ path: 'spec.template.spec.containers[name=worker].env[name=QUEUE].value', desired: 'orders', live: 'orders-retry' }] },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'worker', status: 'modified', fields: [{ path: 'spec.maxReplicas', desired: 5, live: 10 }] },
    { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'cache', status: 'missing', fields: [] },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'shop', name: 'cache', status: 'modified', fields: [{ path: 'spec.replicas', desired: 1, live: 3 }] },
  ]);
  assert.deepEqual(await kubectlVerdicts(emulator), ['/Service/shop/cache', 'apps/Deployment/shop/worker', 'apps/StatefulSet/shop/cache', 'autoscaling/HorizontalPodAutoscaler/shop/worker']);
  await stopCluster(emulator);
});

test('an unreachable cluster (the emulator stopped): exit 2 with a clear message and no stack trace, for drift and diff', async () => {
  // A kubeconfig of our own, so it outlives the emulator.
  const kubeconfigDir = tempDir('gw-drift-kubeconfig-');
  const emulator = await appliedCluster({ kubeconfigPath: path.join(kubeconfigDir, 'config') });
  await stopCluster(emulator);
  const [text, json, diff] = await Promise.all([cliRun(emulator, 'drift'), cliRun(emulator, 'drift', ['--format', 'json']), cliRun(emulator, 'diff')]);
  for (const result of [text, json, diff]) {
    assert.equal(result.code, 2, `${result.stdout}${result.stderr}`);
    assert.doesNotMatch(`${result.stdout}${result.stderr}`, /\n\s+at |Error: /, 'no stack trace');
  }
  const where = emulator.url.replace(/[.]/g, '\\.');
  assert.match(text.stdout, new RegExp(`cluster unreachable: .*${where}`));
  const output = JSON.parse(json.stdout) as DriftJson;
  assert.equal(output.cluster.state, 'unreachable');
  assert.match(output.cluster.message!, new RegExp(where));
  assert.equal(output.resources.length, 12);
  assert.ok(output.resources.every((resource) => resource.status === 'unknown'), 'every object unknown, not missing');
  assert.match(diff.stderr, new RegExp(`^gitops-workbench diff: cluster unreachable: .*${where}`));
  fs.rmSync(kubeconfigDir, { recursive: true, force: true });
});

test('usage errors exit 2 with the reason', async () => {
  const emulator = await appliedCluster();
  const noEnv = await run(process.execPath, [cli, 'drift', '--repo', fixture.dir], { env: gitEnv({ KUBECONFIG: emulator.kubeconfigPath }) });
  const badFormat = await cliRun(emulator, 'drift', ['--format', 'yaml']);
  const unknownEnv = await run(process.execPath, [cli, 'drift', '--env', 'production', '--repo', fixture.dir], { env: gitEnv({ KUBECONFIG: emulator.kubeconfigPath }) });
  const unknownObject = await cliRun(emulator, 'diff', ['Deployment/shop/nope']);
  assert.deepEqual([noEnv.code, badFormat.code, unknownEnv.code, unknownObject.code], [2, 2, 2, 2]);
  assert.match(noEnv.stderr, /--env NAME is required/);
  assert.match(badFormat.stderr, /--format must be text or json/);
  assert.match(unknownEnv.stderr, /no environment named "production"/);
  assert.match(unknownObject.stderr, /Deployment\/shop\/nope is not an object of environment staging/);
  for (const result of [noEnv, badFormat, unknownEnv, unknownObject]) assert.doesNotMatch(result.stderr, /\n\s+at /);
  await stopCluster(emulator);
});
