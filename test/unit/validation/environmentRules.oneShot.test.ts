import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ManifestDocument } from '../../../server/src/engine/manifests/ManifestDocument';
import { parseManifestText } from '../../../server/src/engine/manifests/parseManifestText';
import { buildValidationScopes } from '../../../server/src/engine/validation/buildValidationScopes';
import type { DocumentFinding, EnvironmentRule, RuleContext } from '../../../server/src/engine/validation/Rule';
import { gitopsRules } from '../../../server/src/engine/validation/rules/allRules';
import type { ValidationScope } from '../../../server/src/engine/validation/ValidationScope';
import { memoryRepo, repoFile, root, seededRandom, stubSchemas } from './validatorHarness';

/**
 * A property: the environment rules find the same, in the same order, in a one-shot run (no memo:
 * ref-missing's single pass, duplicate-resource's grouping by kind and name, the workloads a scope's
 * rules share) as in a memo's first run and its re-run (what is remembered per value, the keyed
 * documents, the kept inventory). Repositories are random but seeded, so a failure names a seed
 * that can be replayed.
 */

type Random = () => number;

const remote = 'https://github.com/example/fleet.git';
const namespaces = [undefined, 'shop', 'staging'];
const names = ['web', 'api', 'settings', 'creds', 'data', 'runner'];
const images = ['nginx', 'nginx:latest', 'nginx:1.27', 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '${IMAGE}', 'registry:5000/app', ''];

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function metadata(random: Random, name = pick(random, names)): Record<string, unknown> {
  const namespace = pick(random, namespaces);
  return { name, ...(namespace ? { namespace } : {}), ...(random() < 0.3 ? { labels: { app: pick(random, names) } } : {}) };
}

/** reference is a by-name reference map, sometimes optional or without a name. */
function reference(random: Random, field = 'name'): Record<string, unknown> {
  return { ...(random() < 0.9 ? { [field]: pick(random, [...names, 'kube-root-ca.crt']) } : {}), ...(random() < 0.15 ? { optional: true } : {}) };
}

function container(random: Random, index: number): Record<string, unknown> {
  const resources = pick(random, [undefined, {}, { requests: { cpu: '1m', memory: '1Mi' }, limits: { cpu: '1m', memory: '1Mi' } }, { requests: { cpu: '1m' }, limits: { memory: '' } }]);
  return {
    name: random() < 0.9 ? `c${index}` : index,
    image: pick(random, images),
    ...(resources ? { resources } : {}),
    ...(random() < 0.5 ? { envFrom: [{ configMapRef: reference(random) }, { secretRef: reference(random) }, {}] } : {}),
    ...(random() < 0.5 ? { env: [{ name: 'A', value: 'b' }, { name: 'B', valueFrom: { configMapKeyRef: reference(random), secretKeyRef: random() < 0.3 ? reference(random) : undefined } }, { name: 'C', valueFrom: { secretKeyRef: reference(random) } }] } : {}),
  };
}

function podSpec(random: Random): Record<string, unknown> {
  const count = 1 + Math.floor(random() * 2);
  return {
    ...(random() < 0.3 ? { serviceAccountName: pick(random, [...names, 'default']) } : {}),
    ...(random() < 0.2 ? { serviceAccount: pick(random, names) } : {}),
    ...(random() < 0.2 ? { imagePullSecrets: [reference(random), 'odd'] } : {}),
    containers: Array.from({ length: count }, (_, index) => container(random, index)),
    ...(random() < 0.3 ? { initContainers: [container(random, 9)] } : {}),
    ...(random() < 0.15 ? { ephemeralContainers: [container(random, 8)] } : {}),
    ...(random() < 0.5 ? {
      volumes: [
        { name: 'a', configMap: reference(random) },
        { name: 'b', secret: reference(random, 'secretName') },
        { name: 'c', persistentVolumeClaim: { claimName: pick(random, ['data', 'data-db-0', 'data-db-x', 'cache']) } },
        { name: 'd', projected: { sources: [{ configMap: reference(random) }, { secret: reference(random) }, null] } },
      ],
    } : {}),
  };
}

function template(random: Random): Record<string, unknown> {
  return { metadata: random() < 0.85 ? { labels: { app: pick(random, names), ...(random() < 0.5 ? { tier: pick(random, ['front', 'back', 1, true]) } : {}) } } : {}, spec: podSpec(random) };
}

/** document makes one random document, of a kind some environment rule reads. */
function document(random: Random): Record<string, unknown> {
  const kind = pick(random, ['ConfigMap', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'Service', 'Service', 'Deployment', 'Deployment', 'StatefulSet', 'CronJob', 'Pod', 'Ingress', 'SealedSecret', 'ExternalSecret', 'Certificate', 'CustomResourceDefinition', 'Widget', 'Namespace']);
  switch (kind) {
    case 'ConfigMap':
    case 'Secret':
    case 'ServiceAccount':
    case 'PersistentVolumeClaim':
      return { apiVersion: 'v1', kind, metadata: metadata(random, random() < 0.1 ? '' : pick(random, names)) };
    case 'Namespace':
      return { apiVersion: 'v1', kind, metadata: { name: pick(random, ['shop', 'staging']) } };
    case 'Service':
      return { apiVersion: 'v1', kind, metadata: metadata(random), spec: { ...(random() < 0.1 ? { type: 'ExternalName' } : {}), ...(random() < 0.9 ? { selector: { app: pick(random, names), ...(random() < 0.3 ? { tier: pick(random, ['front', 'back', 1, true, { nested: 1 }]) } : {}) } } : {}) } };
    case 'Deployment':
      return { apiVersion: pick(random, ['apps/v1', 'extensions/v1beta1', 'example.com/v1']), kind, metadata: metadata(random), spec: { template: template(random) } };
    case 'StatefulSet':
      return { apiVersion: 'apps/v1', kind, metadata: metadata(random, 'db'), spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }], template: template(random) } };
    case 'CronJob':
      return { apiVersion: 'batch/v1', kind, metadata: metadata(random), spec: { jobTemplate: { spec: { template: template(random) } } } };
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata: { ...metadata(random), labels: { app: pick(random, names) } }, spec: podSpec(random) };
    case 'Ingress':
      return { apiVersion: 'networking.k8s.io/v1', kind, metadata: metadata(random), spec: { defaultBackend: { service: { name: pick(random, names) } }, rules: [{ http: { paths: [{ backend: { service: { name: pick(random, names) } } }] } }] } };
    case 'SealedSecret':
      return { apiVersion: 'bitnami.com/v1alpha1', kind, metadata: metadata(random), spec: { template: { metadata: { name: pick(random, names) } } } };
    case 'ExternalSecret':
      return { apiVersion: 'external-secrets.io/v1beta1', kind, metadata: metadata(random), spec: random() < 0.5 ? { target: { name: pick(random, names) } } : {} };
    case 'Certificate':
      return { apiVersion: 'cert-manager.io/v1', kind, metadata: metadata(random), spec: { secretName: pick(random, names) } };
    case 'CustomResourceDefinition':
      return { apiVersion: 'apiextensions.k8s.io/v1', kind, metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', names: { kind: 'Widget' }, scope: pick(random, ['Cluster', 'Namespaced']) } };
    default:
      return { apiVersion: 'example.com/v1', kind, metadata: metadata(random) };
  }
}

function manifest(random: Random): string {
  const count = 1 + Math.floor(random() * 4);
  return Array.from({ length: count }, () => JSON.stringify(document(random))).join('\n---\n');
}

/**
 * repository makes a random repository: plain directories, a tree a Flux Kustomization and an Argo
 * CD Application point at, and overlays of one base with namespaces, prefixes, images and generators.
 */
function repository(random: Random): Map<string, string> {
  const files = new Map<string, string>();
  const directories = ['apps/a', 'apps/a/sub', 'apps/b', 'base', 'plain'];
  for (const directory of directories) {
    const count = 1 + Math.floor(random() * 3);
    for (let index = 0; index < count; index++) files.set(repoFile(`${directory}/f${index}.yaml`), manifest(random));
  }
  const baseFiles = [...files.keys()].filter((file) => file.startsWith(repoFile('base/'))).map((file) => path.basename(file));
  files.set(repoFile('base/kustomization.yaml'), JSON.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: baseFiles }));
  for (const overlay of ['staging', 'production']) {
    files.set(repoFile(`overlays/${overlay}/extra.yaml`), manifest(random));
    files.set(repoFile(`overlays/${overlay}/kustomization.yaml`), JSON.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../base', 'extra.yaml'],
      ...(random() < 0.6 ? { namespace: pick(random, ['shop', 'staging']) } : {}),
      ...(random() < 0.5 ? { namePrefix: `${overlay}-` } : {}),
      ...(random() < 0.5 ? { images: [{ name: 'nginx', newTag: pick(random, ['1.27', 'latest']) }] } : {}),
      ...(random() < 0.5 ? { configMapGenerator: [{ name: pick(random, names), literals: ['a=b'] }] } : {}),
    }));
  }
  files.set(repoFile('clusters/flux.yaml'), [
    { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, spec: { path: './apps', ...(random() < 0.5 ? { targetNamespace: 'shop' } : {}), sourceRef: { kind: 'GitRepository', name: 'fleet' } } },
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' }, spec: { source: { repoURL: remote, path: 'apps/a', ...(random() < 0.5 ? { directory: { recurse: true } } : {}) } } },
  ].map((value) => JSON.stringify(value)).join('\n---\n'));
  return files;
}

/** Seen is a finding as plain data: its document by file and index. */
function seen(findings: readonly DocumentFinding[]): unknown[] {
  return findings.map(({ document: { file, index }, ...finding }) => ({ file: path.relative(root, file), index, ...finding }));
}

const environmentRules = gitopsRules.filter((rule): rule is EnvironmentRule => rule.scope === 'environment');

function setUp(seed: number): { scopes: ValidationScope[]; context: RuleContext } {
  const random = seededRandom(seed);
  const files = repository(random);
  const documents: ManifestDocument[] = [...files].flatMap(([file, text]) => parseManifestText({ file, text }).documents);
  const repo = memoryRepo(() => files.keys(), [remote]);
  const context: RuleContext = { kubernetesVersion: '1.34', schemas: stubSchemas(), repo, patchFiles: new Set() };
  return { scopes: buildValidationScopes({ documents, repo }), context };
}

test('one-shot runs find what a memo\'s first run and its re-run find, scope by scope then rule by rule', () => {
  let findings = 0;
  for (let seed = 1; seed <= 120; seed++) {
    const { scopes, context } = setUp(seed);
    // One-shot, as the CLI runs them: every rule on a scope, then the next scope.
    const oneShot = scopes.map((environment) => environmentRules.map((rule) => seen(rule.check({ environment, context }))));
    scopes.forEach((environment, scopeIndex) => {
      environmentRules.forEach((rule, ruleIndex) => {
        const memo = {};
        const first = seen(rule.check({ environment, context, memo }));
        const again = seen(rule.check({ environment, context, memo }));
        const where = `seed ${seed}, scope ${environment.name} (${environment.kind}), rule ${rule.id}`;
        assert.deepEqual(oneShot[scopeIndex][ruleIndex], first, where);
        assert.deepEqual(again, first, `${where}, memo re-run`);
        findings += first.length;
      });
    });
    // One-shot rule by rule: the workloads a scope's rules share must follow the scope asked about.
    environmentRules.forEach((rule, ruleIndex) => {
      scopes.forEach((environment, scopeIndex) => assert.deepEqual(seen(rule.check({ environment, context })), oneShot[scopeIndex][ruleIndex], `seed ${seed}, rule ${rule.id} first`));
    });
  }
  // The property means something only if the rules found things.
  assert.ok(findings > 500, `only ${findings} findings`);
});

test('the generated repositories reach every kind of finding of the environment rules', () => {
  const reached = new Set<string>();
  for (let seed = 1; seed <= 120; seed++) {
    const { scopes, context } = setUp(seed);
    for (const environment of scopes) {
      for (const rule of environmentRules) {
        for (const finding of rule.check({ environment, context })) reached.add(`${rule.id}: ${finding.message.replace(/"[^"]*"/g, '"…"').replace(/environment \S+/, 'environment …').replace(/selects .*, but/, 'selects …, but').replace(/at \S+$/, 'at …')}`);
      }
    }
  }
  for (const expected of [
    'image-latest: image "…" of container "…" has no tag, so it runs whatever "…" is when the node pulls it; pin a version tag or a digest',
    'image-latest: image "…" of container "…" uses the :latest tag; pin a version tag or a digest',
    'image-latest: image "…" of container "…" uses the :latest tag (after the kustomization\'s images: "…"); pin a version tag or a digest',
    'resources-missing: container "…" does not set resources requests.cpu, requests.memory, limits.cpu, limits.memory',
    'duplicate-resource: ConfigMap "…" is defined twice in this environment; first defined at …',
    'ref-missing: ConfigMap "…" is not defined in environment …',
    'ref-missing: Secret "…" is not defined in environment …',
    'ref-missing: ServiceAccount "…" is not defined in environment …',
    'ref-missing: PersistentVolumeClaim "…" is not defined in environment …',
    'ref-missing: Service "…" is not defined in environment …',
    'ref-missing: ConfigMap "…" is not defined in environment … (one is defined in namespace "…", not in "…")',
    'ref-missing: Service "…" selects …, but no workload in environment … has these pod labels',
  ]) assert.ok(reached.has(expected), `never reached: ${expected}\n${[...reached].sort().join('\n')}`);
  // Ephemeral containers may not set resources: there are some, and resources-missing leaves them alone.
  assert.ok([...reached].some((kind) => kind.startsWith('image-latest: image "…" of ephemeral container')));
  assert.ok(![...reached].some((kind) => kind.startsWith('resources-missing: ephemeral container')));
});
