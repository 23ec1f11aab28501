#!/usr/bin/env node
// Generates the validation benchmark corpus: a git repository (bench/corpus/validate/, ignored by
// git) of 2,000 YAML files × 10 documents = 20,000 resources, with ~1% of the documents carrying an
// injected error of a known kind, listed in bench/corpus/validate.expected.json.
//
//   node bench/generateCorpus.mjs [--shape realistic|lean] [--out DIR] [--seed N] [--teams N] [--force]
//
// Shapes (bench/lib/manifests.mjs): `realistic` (the default, bench/corpus/validate/) and `lean`
// (bench/corpus/validate-lean/: the same files, kinds, references and injected errors, with only
// the fields a manifest needs, like the corpus the issue's reference numbers came from).
//
// Layout (defaults):
//   apps/team-NN/group-G/*.yaml   40 teams × 5 groups × 9 files: ConfigMaps, Deployments, Services
//   clusters/flux-K/*.yaml        5 Flux clusters × 20 files: GitRepository, HelmRepositories,
//                                 one Kustomization per team (path ./apps/team-NN), HelmReleases
//   clusters/argo-K/*.yaml        5 Argo CD clusters × 20 files: one Application per group directory
// The repository's origin remote is the URL the Flux sources and Argo CD Applications name, so the
// path rules check them against this repository. No network is used (git init + git config only).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { argoApplication, configMap, deployment, fluxKustomization, gitRepository, helmRelease, helmRepository, joinDocuments, service, shapes } from './lib/manifests.mjs';
import { createRandom } from './lib/random.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

/** corpusPaths: where a shape's corpus and expected findings live (`quick`: the 200-file slice). */
export function corpusPaths({ shape = 'realistic', quick = false } = {}) {
  const name = `validate${shape === 'realistic' ? '' : `-${shape}`}${quick ? '-quick' : ''}`;
  return { dir: path.join(benchDir, 'corpus', name), expectedFile: path.join(benchDir, 'corpus', `${name}.expected.json`) };
}
export const { dir: defaultCorpusDir, expectedFile: defaultExpectedFile } = corpusPaths();

const generatorVersion = 3;
export const repoURL = 'https://github.com/example-org/fleet.git';

const nouns = ['cart', 'checkout', 'search', 'catalog', 'payments', 'orders', 'users', 'auth', 'inventory', 'shipping', 'pricing', 'reviews', 'notifications', 'gateway', 'reports', 'billing', 'ledger', 'media', 'profile', 'session'];
const roles = ['api', 'worker', 'web', 'sync', 'indexer', 'scheduler'];
const charts = ['ingress-nginx', 'cert-manager', 'external-dns', 'kube-prometheus-stack', 'loki', 'tempo', 'redis', 'postgresql', 'kafka', 'vault', 'keda', 'velero'];

/**
 * Injectors by document kind. Each mutates a document's lines and returns the rule expected to
 * report it and the 0-based line (within the document) where the finding is expected.
 */
const injectors = {
  Deployment: [
    ['unknown-field', 'schema', (d) => replaceLine(d, /^  replicas: (\d+)$/, (m) => `  replica: ${m[1]}`)],
    ['wrong-type', 'schema', (d) => replaceLine(d, /^  replicas: \d+$/, () => '  replicas: three')],
    ['image-latest', 'image-latest', (d) => replaceLine(d, /^          image: (registry\.example\.com\/[^:@]+)[:@].*$/, (m) => `          image: ${m[1]}:latest`)],
    ['image-untagged', 'image-latest', (d) => replaceLine(d, /^          image: (registry\.example\.com\/[^:@]+)[:@].*$/, (m) => `          image: ${m[1]}`)],
    ['resources-missing', 'resources-missing', removeMainResources],
    ['removed-api', 'api-removed', (d) => replaceLine(d, /^apiVersion: apps\/v1$/, () => 'apiVersion: extensions/v1beta1')],
    ['configmap-ref-typo', 'ref-missing', configMapRefTypo],
    ['duplicate-key', 'yaml-syntax', duplicateKey],
  ],
  Service: [
    ['unknown-field', 'schema', (d) => replaceLine(d, /^      targetPort: http$/, () => '      targetPorts: http')],
    ['wrong-type', 'schema', (d) => replaceLine(d, /^      port: (80|8080)$/, () => '      port: http-port')],
    ['selector-mismatch', 'ref-missing', (d) => replaceLine(d, /^    app\.kubernetes\.io\/name: (.+)$/, (m) => `    app.kubernetes.io/name: ${m[1]}-v2`, (i, lines) => lines[i - 1] === '  selector:', -1)],
  ],
  ConfigMap: [['wrong-type', 'schema', (d) => insertAfter(d, /^data:$/, '  MAX_RETRIES: 3')]],
  ExtraConfigMap: [
    ['wrong-type', 'schema', (d) => insertAfter(d, /^data:$/, '  MAX_RETRIES: 3')],
    ['plaintext-secret', 'secret-plaintext', plaintextSecret],
    ['duplicate-name', 'duplicate-resource', (d, context) => replaceLine(d, /^  name: .+$/, () => `  name: ${context.firstConfigMap}`)],
  ],
  FluxKustomization: [
    ['missing-path', 'flux-path-missing', (d) => replaceLine(d, /^  path: (.+)$/, (m) => `  path: ${m[1]}-old`)],
    ['missing-source', 'flux-source-missing', (d) => replaceLine(d, /^    name: (.+)$/, (m) => `    name: ${m[1]}-typo`, (i, lines) => lines[i - 1] === '    kind: GitRepository')],
    ['wrong-type', 'schema', (d) => replaceLine(d, /^  prune: true$/, () => '  prune: "yes"')],
  ],
  HelmRelease: [
    ['missing-source', 'flux-source-missing', (d) => replaceLine(d, /^        name: (.+)$/, (m) => `        name: ${m[1]}-typo`)],
    ['unknown-field', 'schema', (d) => replaceLine(d, /^  install:$/, () => '  instal:')],
  ],
  Application: [
    ['missing-path', 'argo-path-missing', (d) => replaceLine(d, /^    path: (.+)$/, (m) => `    path: ${m[1]}-old`)],
    ['unknown-field', 'schema', (d) => replaceLine(d, /^    targetRevision: main$/, () => '    targetRevison: main')],
  ],
  GitRepository: [['unknown-field', 'schema', (d) => replaceLine(d, /^  timeout: 60s$/, () => '  timout: 60s')]],
  HelmRepository: [['unknown-field', 'schema', (d) => replaceLine(d, /^  timeout: 2m$/, () => '  timout: 2m')]],
};

function replaceLine(document, pattern, replace, accept = () => true, reportOffset = 0) {
  const index = document.lines.findIndex((line, i) => pattern.test(line) && accept(i, document.lines));
  if (index === -1) throw new Error(`no line ${pattern} in ${document.kind} ${document.name}`);
  document.lines[index] = replace(pattern.exec(document.lines[index]));
  return index + reportOffset;
}

function insertAfter(document, pattern, text) {
  const index = document.lines.findIndex((line) => pattern.test(line));
  document.lines.splice(index + 1, 0, text);
  return index + 1;
}

/** The first container's resources block goes; the finding is on the container (its `- name:` line). */
function removeMainResources(document) {
  const container = document.lines.findIndex((line) => line === `        - name: ${document.name}`);
  const start = document.lines.findIndex((line, i) => i > container && line === '          resources:');
  document.lines.splice(start, 7);
  return container;
}

function configMapRefTypo(document) {
  const envFrom = document.lines.findIndex((line, i) => line === '          envFrom:' && document.lines[i + 1] === '            - configMapRef:' && i > document.lines.findIndex((l) => l === '      containers:'));
  const index = envFrom + 2;
  document.lines[index] = `${document.lines[index]}-old`;
  return index;
}

/** A second `replicas` after revisionHistoryLimit (the lean shape has none: right after replicas). */
function duplicateKey(document) {
  const after = document.lines.findIndex((line) => /^  revisionHistoryLimit: /.test(line));
  const index = after !== -1 ? after : document.lines.findIndex((line) => /^  replicas: /.test(line));
  document.lines.splice(index + 1, 0, '  replicas: 2');
  return index + 1;
}

function plaintextSecret(document) {
  document.lines[1] = 'kind: Secret';
  const index = document.lines.findIndex((line) => line === 'data:');
  document.lines[index] = 'stringData:';
  return index;
}

/** generateCorpus writes the corpus and its expected findings; returns a summary. */
export function generateCorpus({ shape = 'realistic', dir = corpusPaths({ shape }).dir, expectedFile = corpusPaths({ shape }).expectedFile, seed = 20250601, teams = 40, groups = 5, filesPerGroup = 9, fluxClusters = 5, argoClusters = 5, errorRate = 0.01, force = false } = {}) {
  if (!shapes.includes(shape)) throw new Error(`unknown corpus shape ${shape} (${shapes.join(', ')})`);
  // `shape` is recorded only when not the default, so the realistic corpus's stamp and expected
  // file stay byte-identical to those written before shapes existed.
  const params = { generatorVersion, ...(shape === 'realistic' ? {} : { shape }), seed, teams, groups, filesPerGroup, fluxClusters, argoClusters, errorRate };
  const stampFile = path.join(dir, '.corpus-params.json');
  if (!force && fs.existsSync(stampFile) && fs.existsSync(expectedFile) && fs.readFileSync(stampFile, 'utf8') === JSON.stringify(params)) {
    return JSON.parse(fs.readFileSync(expectedFile, 'utf8')).summary;
  }
  const rng = createRandom(seed);
  // Every shape draws the realistic documents from `rng`, so the errors injected below (drawn from
  // it too) land on the same documents with the same injectors in both corpora; the lean documents
  // draw their values from a stream of their own.
  const leanRng = createRandom(seed + 1);
  const make = (build, args) => {
    const realistic = build({ ...args, rng });
    return shape === 'realistic' ? realistic : build({ ...args, rng: leanRng, shape });
  };
  /** files: [{ path, documents: [{ kind, name, lines, injectable }] , context }] */
  const files = [];

  // Applications: each file holds three apps (ConfigMap, Deployment, Service) and one extra ConfigMap.
  for (let t = 0; t < teams; t++) {
    const team = `team-${String(t).padStart(2, '0')}`;
    let counter = 0;
    for (let g = 0; g < groups; g++) {
      for (let f = 0; f < filesPerGroup; f++) {
        const documents = [];
        const noun = nouns[(t * 7 + g * 3 + f) % nouns.length];
        let firstConfigMap;
        for (let a = 0; a < 3; a++) {
          const name = `${noun}-${roles[(f + a) % roles.length]}-${String(counter++).padStart(3, '0')}`;
          const configName = `${name}-config`;
          firstConfigMap ??= configName;
          documents.push({ ...make(configMap, { name: configName, namespace: team, app: name, team }), injectAs: 'ConfigMap' });
          documents.push({ ...make(deployment, { name, namespace: team, team, configName }), injectAs: 'Deployment' });
          documents.push({ ...make(service, { name, namespace: team, team }), injectAs: 'Service' });
        }
        const extraName = `${noun}-shared-${String(counter++).padStart(3, '0')}`;
        documents.push({ ...make(configMap, { name: extraName, namespace: team, app: extraName, team, extraKeys: rng.int(2, 8) }), injectAs: 'ExtraConfigMap' });
        files.push({ path: `apps/${team}/group-${g}/${noun}-${String(f).padStart(2, '0')}.yaml`, documents, context: { firstConfigMap } });
      }
    }
  }

  // Flux clusters: 200 custom resources each, 10 per file.
  // One cluster file per 9 application files (200 custom resources per cluster by default).
  const crsPerCluster = Math.max(10, Math.round((teams * groups * filesPerGroup) / 9 / (fluxClusters + argoClusters)) * 10);
  for (let c = 0; c < fluxClusters; c++) {
    const cluster = `flux-${c}`;
    const crs = [{ ...make(gitRepository, { name: 'flux-system', url: repoURL }), injectAs: 'GitRepository' }];
    const repositories = ['bitnami', 'prometheus-community', 'jetstack', 'grafana'];
    for (const name of repositories) crs.push({ ...make(helmRepository, { name }), injectAs: 'HelmRepository' });
    for (let t = 0; t < teams && crs.length < crsPerCluster; t++) {
      const team = `team-${String(t).padStart(2, '0')}`;
      crs.push({ ...make(fluxKustomization, { name: team, path: `apps/${team}`, targetNamespace: team, source: 'flux-system', dependsOn: t > 0 ? 'team-00' : undefined }), injectAs: 'FluxKustomization' });
    }
    for (let h = 0; crs.length < crsPerCluster; h++) {
      const chart = charts[h % charts.length];
      crs.push({ ...make(helmRelease, { name: `${chart}-${String(h).padStart(3, '0')}`, chart, repository: repositories[h % repositories.length], targetNamespace: `addons-${h % 20}` }), injectAs: 'HelmRelease' });
    }
    pushClusterFiles(files, `clusters/${cluster}`, crs);
  }
  // Argo CD clusters: one Application per group directory, repeated to fill the cluster.
  for (let c = 0; c < argoClusters; c++) {
    const cluster = `argo-${c}`;
    const crs = [];
    for (let i = 0; crs.length < crsPerCluster; i++) {
      const t = Math.floor(i / groups) % teams;
      const g = i % groups;
      const team = `team-${String(t).padStart(2, '0')}`;
      const round = Math.floor(i / (teams * groups));
      crs.push({ ...make(argoApplication, { name: `${team}-group-${g}${round > 0 ? `-r${round}` : ''}`, repoURL, path: `apps/${team}/group-${g}`, namespace: team, server: `https://${cluster}.k8s.example.com` }), injectAs: 'Application' });
    }
    pushClusterFiles(files, `clusters/${cluster}`, crs);
  }

  // Inject errors into ~errorRate of the documents, spread over every injector of the document's kind.
  const slots = [];
  files.forEach((file, f) => file.documents.forEach((document, d) => slots.push([f, d])));
  const wanted = Math.round(slots.length * errorRate);
  const chosen = rng.shuffle(slots).slice(0, wanted).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const roundRobin = {};
  const injections = [];
  for (const [f, d] of chosen) {
    const document = files[f].documents[d];
    const list = injectors[document.injectAs];
    const turn = (roundRobin[document.injectAs] = (roundRobin[document.injectAs] ?? rng.int(0, list.length - 1)) + 1);
    const [kind, rule, inject] = list[turn % list.length];
    const line = inject(document, files[f].context);
    injections.push({ f, d, kind, rule, line });
  }

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', repoURL]);
  const startLinesByFile = [];
  let bytes = 0;
  let lines = 0;
  let documents = 0;
  const kinds = {};
  for (const file of files) {
    const joined = joinDocuments(file.documents);
    startLinesByFile.push(joined.startLines);
    const full = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, joined.text);
    bytes += Buffer.byteLength(joined.text);
    lines += joined.text.split('\n').length - 1;
    documents += file.documents.length;
    for (const document of file.documents) kinds[document.kind] = (kinds[document.kind] ?? 0) + 1;
  }
  const expected = injections.map(({ f, d, kind, rule, line }) => ({ file: files[f].path, document: d, line: startLinesByFile[f][d] + line + 1, rule, injected: kind }));
  const summary = { ...(shape === 'realistic' ? {} : { shape }), files: files.length, documents, bytes, lines, kinds, injected: expected.length, seed };
  fs.mkdirSync(path.dirname(expectedFile), { recursive: true });
  fs.writeFileSync(expectedFile, `${JSON.stringify({ params, summary, expected }, null, 1)}\n`);
  fs.writeFileSync(stampFile, JSON.stringify(params));
  fs.writeFileSync(path.join(dir, '.gitignore'), '.corpus-params.json\n');
  return summary;
}

function pushClusterFiles(files, directory, crs) {
  for (let i = 0; i < crs.length; i += 10) {
    const chunk = crs.slice(i, i + 10);
    const label = chunk[0].kind === 'Application' ? 'applications' : chunk.every((cr) => cr.kind === 'HelmRelease') ? 'helmreleases' : chunk.some((cr) => cr.kind === 'FluxKustomization') ? 'kustomizations' : 'sources';
    files.push({ path: `${directory}/${label}-${String(i / 10).padStart(2, '0')}.yaml`, documents: chunk, context: {} });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const index = args.indexOf(name);
    return index === -1 ? fallback : args[index + 1];
  };
  const started = Date.now();
  const shape = option('--shape', 'realistic');
  const out = option('--out');
  const summary = generateCorpus({
    shape,
    // With --out, the expected findings go beside the directory, named after it.
    ...(out ? { dir: path.resolve(out), expectedFile: path.join(path.dirname(path.resolve(out)), `${path.basename(out)}.expected.json`) } : corpusPaths({ shape })),
    seed: Number(option('--seed', 20250601)),
    teams: Number(option('--teams', 40)),
    force: args.includes('--force'),
  });
  console.log(`corpus (${shape}): ${summary.files} files, ${summary.documents} documents, ${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.lines} lines, ${summary.injected} injected errors (${Date.now() - started} ms)`);
  console.log(JSON.stringify(summary.kinds));
}
