import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as jsYaml from 'js-yaml';
import { discoverEnvironments } from '../../../server/src/engine/environments/discoverEnvironments';
import { findEnvironment } from '../../../server/src/engine/environments/findEnvironment';
import { RenderCache } from '../../../server/src/engine/render/RenderCache';
import type { RenderedObject, RenderResult } from '../../../server/src/engine/render/RenderedObject';
import { renderEnvironment } from '../../../server/src/engine/render/renderEnvironment';
import { installHelm } from '../../support/installHelm';
import { copyFixtureRepo } from '../environments/copyFixtureRepo';

const systemPath = '/usr/bin:/bin';
let helmPath = '';
before(() => {
  helmPath = `${installHelm()}${path.delimiter}${systemPath}`;
});

async function render(root: string, name: string, options: { PATH?: string; cache?: RenderCache } = {}): Promise<RenderResult> {
  const environment = findEnvironment({ environments: discoverEnvironments({ root }).environments, name });
  return renderEnvironment({ root, environment, options: { env: { ...process.env, PATH: options.PATH ?? helmPath }, cache: options.cache ?? false } });
}

function find(result: RenderResult, kind: string, name: string): RenderedObject {
  const found = result.objects.find((object) => object.identity.kind === kind && object.identity.name === name);
  assert.ok(found, `${kind}/${name} not rendered; got ${result.objects.map((object) => `${object.identity.kind}/${object.identity.name}`).join(', ')}`);
  return found;
}

function origins(result: RenderResult): string[] {
  return result.objects.map((object) => `${object.identity.kind}/${object.identity.name} ${object.origin?.file}:${object.origin?.line}`);
}

function kubectlKustomize(directory: string): unknown[] {
  return jsYaml.loadAll(execFileSync('kubectl', ['kustomize', directory], { encoding: 'utf8' }), undefined, { schema: jsYaml.CORE_SCHEMA });
}

test('kustomize overlays render exactly as `kubectl kustomize` does, each object at its source line', async () => {
  const root = copyFixtureRepo('kustomize-overlays');
  const staging = await render(root, 'staging', { PATH: systemPath });
  assert.deepEqual([staging.notRendered, staging.problems], [[], []]);
  assert.deepEqual(staging.objects.map((object) => object.object), kubectlKustomize(path.join(root, 'overlays/staging')));
  const generated = staging.objects.find((object) => object.identity.name.startsWith('api-env-'))?.identity.name;
  assert.deepEqual(origins(staging).sort(), [
    'ConfigMap/api-alerts components/monitoring/alerts.yaml:1',
    `ConfigMap/${generated} overlays/staging/kustomization.yaml:11`,
    'Deployment/api base/deployment.yaml:2',
    'Service/api base/service.yaml:6',
    'ServiceAccount/api base/service.yaml:1',
  ]);
  assert.equal(find(staging, 'Deployment', 'api').object.spec && (find(staging, 'Deployment', 'api').object.spec as { replicas: number }).replicas, 2);
  const production = await render(root, 'production', { PATH: systemPath });
  assert.deepEqual(production.objects.map((object) => object.object), kubectlKustomize(path.join(root, 'overlays/production')));
  assert.deepEqual(origins(production).sort(), ['Deployment/prod-api base/deployment.yaml:2', 'Service/prod-api base/service.yaml:6', 'ServiceAccount/prod-api base/service.yaml:1']);
});

test('a Flux cluster renders as kustomize-controller builds it: targetNamespace, postBuild substitute and substituteFrom', async () => {
  const root = copyFixtureRepo('flux-monorepo');
  const staging = await render(root, 'staging');
  assert.deepEqual([staging.notRendered, staging.problems], [[], []]);
  const settings = find(staging, 'ConfigMap', 'frontend-settings');
  assert.deepEqual(settings.object.data, { GREETING: 'Hello from STAGING', LITERAL: '${not_substituted}', LOG_LEVEL: 'info', SHELL_STYLE: '$HOME' });
  assert.deepEqual(settings.origin, { file: 'apps/base/settings.yaml', line: 1 });
  assert.deepEqual(find(staging, 'ConfigMap', 'frontend-template').object.data, { TEMPLATE: '${left_alone}' });
  const frontend = find(staging, 'Deployment', 'frontend');
  assert.equal(frontend.identity.namespace, 'shop-staging');
  assert.deepEqual(frontend.origin, { file: 'apps/base/deployment.yaml', line: 2 });
  const spec = frontend.object.spec as { replicas: unknown; template: { spec: { containers: Array<{ args: string[] }> } } };
  assert.equal(spec.replicas, 2);
  assert.deepEqual(spec.template.spec.containers[0].args, ['--cluster=staging', '--domain=staging.example.com']);
  const generated = staging.objects.find((object) => object.identity.name.startsWith('frontend-env-'));
  assert.deepEqual(generated?.origin, { file: 'apps/overlays/staging/kustomization.yaml', line: 6 });
  assert.deepEqual(find(staging, 'Kustomization', 'flux-system').origin, { file: 'clusters/staging/flux-system/gotk-sync.yaml', line: 13 });
  assert.deepEqual(find(staging, 'GitRepository', 'flux-system').origin, { file: 'clusters/staging/flux-system/gotk-sync.yaml', line: 2 });
  assert.deepEqual(find(staging, 'Namespace', 'podinfo').origin, { file: 'infrastructure/controllers/namespaces.yaml', line: 6 });
});

test('HelmRelease charts of the repository render with helm; remote charts are listed with the reason', async () => {
  const root = copyFixtureRepo('flux-monorepo');
  const production = await render(root, 'production');
  assert.deepEqual(find(production, 'ConfigMap', 'frontend-settings').object.data, { GREETING: 'Hello from PRODUCTION', LITERAL: '${not_substituted}', LOG_LEVEL: 'warn', SHELL_STYLE: '$HOME' });
  const frontend = find(production, 'Deployment', 'frontend').object.spec as { replicas: unknown; template: { spec: { containers: Array<{ resources: unknown }> } } };
  assert.equal(frontend.replicas, 5);
  assert.deepEqual(frontend.template.spec.containers[0].resources, { limits: { memory: '256Mi' } });
  const podinfo = find(production, 'Deployment', 'podinfo');
  assert.equal(podinfo.identity.namespace, 'podinfo');
  assert.deepEqual(podinfo.origin, { file: 'charts/podinfo/templates/deployment.yaml', line: 3 });
  const podinfoSpec = podinfo.object.spec as { replicas: unknown; template: { spec: { containers: Array<{ env: unknown }> } } };
  assert.equal(podinfoSpec.replicas, 3);
  assert.deepEqual(podinfoSpec.template.spec.containers[0].env, [{ name: 'PODINFO_UI_MESSAGE', value: 'hello from values' }]);
  assert.deepEqual(find(production, 'Service', 'podinfo').origin, { file: 'charts/podinfo/templates/service.yaml', line: 2 });
  assert.deepEqual(production.notRendered, [{
    source: 'HelmRelease podinfo/redis', file: 'apps/podinfo/redis.yaml', line: 10, code: 'RemoteChart',
    reason: 'chart redis@18.0.0 from HelmRepository bitnami (https://charts.bitnami.com/bitnami): charts from remote Helm repositories cannot be fetched here',
  }]);
});

test('without helm on PATH, charts are listed as "helm not found" and the rest still renders', async () => {
  const root = copyFixtureRepo('flux-monorepo');
  const production = await render(root, 'production', { PATH: systemPath });
  assert.deepEqual(production.notRendered.map((entry) => [entry.source, entry.code]), [['HelmRelease podinfo/podinfo', 'HelmNotFound'], ['HelmRelease podinfo/redis', 'RemoteChart']]);
  assert.match(production.notRendered[0].reason, /^helm not found/);
  assert.equal(production.objects.some((object) => object.identity.name === 'podinfo' && object.identity.kind === 'Deployment'), false);
  find(production, 'HelmRelease', 'podinfo');
});

test('with neither kustomize nor kubectl on PATH, kustomizations are listed with a message naming both', async () => {
  const root = copyFixtureRepo('kustomize-overlays');
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-empty-path-'));
  const staging = await render(root, 'staging', { PATH: empty });
  assert.deepEqual(staging.objects, []);
  assert.equal(staging.notRendered.length, 1);
  assert.equal(staging.notRendered[0].code, 'KustomizeNotFound');
  assert.match(staging.notRendered[0].reason, /neither `kustomize` nor `kubectl`/);
});

test('Argo CD: helm sources with $values files and parameters, kustomize overlays and plain directories, in the destination namespace', async () => {
  const root = copyFixtureRepo('argocd-apps', { remote: 'https://github.com/example/argo-apps.git' });
  const podinfo = await render(root, 'podinfo');
  assert.deepEqual([podinfo.notRendered, podinfo.problems], [[], []]);
  const deployment = find(podinfo, 'Deployment', 'podinfo-prod');
  assert.equal(deployment.identity.namespace, 'podinfo');
  const spec = deployment.object.spec as { replicas: unknown; template: { spec: { containers: Array<{ env: unknown }> } } };
  assert.equal(spec.replicas, 4);
  assert.deepEqual(spec.template.spec.containers[0].env, [{ name: 'PODINFO_UI_MESSAGE', value: 'set by a parameter' }]);
  const web = await render(root, 'web-dev', { PATH: systemPath });
  const expected = kubectlKustomize(path.join(root, 'apps/web/overlays/dev')) as Array<{ metadata: Record<string, unknown> }>;
  for (const object of expected) object.metadata.namespace = 'web-dev';
  assert.deepEqual(web.objects.map((object) => object.object), expected);
  assert.deepEqual(origins(web), ['Deployment/web-dev apps/web/base/deployment.yaml:1']);
  const guestbook = await render(root, 'guestbook', { PATH: systemPath });
  assert.deepEqual(origins(guestbook), ['Deployment/guestbook-ui apps/guestbook/deployment.yaml:1', 'Service/guestbook-ui apps/guestbook/service.yaml:1']);
  assert.deepEqual(guestbook.objects.map((object) => object.identity.namespace), ['guestbook', 'guestbook']);
  const redis = await render(root, 'redis', { PATH: systemPath });
  assert.deepEqual(redis.notRendered.map((entry) => [entry.code, entry.reason]), [['RemoteChart', 'chart redis@18.0.0 from Helm repository https://charts.bitnami.com/bitnami: charts from remote Helm repositories cannot be fetched here']]);
});

test('config environments: files and directories, the configured namespace for namespaced objects without one', async () => {
  const root = copyFixtureRepo('config-file');
  const staging = await render(root, 'staging', { PATH: systemPath });
  assert.deepEqual(staging.objects.map((object) => [object.identity.kind, object.identity.name, object.identity.namespace, `${object.origin?.file}:${object.origin?.line}`]), [
    ['ConfigMap', 'app-settings', 'shop', 'deploy/staging/app.yaml:1'],
    ['Namespace', 'shop', undefined, 'deploy/staging/app.yaml:8'],
  ]);
  const production = await render(root, 'production', { PATH: systemPath });
  assert.deepEqual(production.objects.map((object) => [object.identity.kind, object.identity.namespace, `${object.origin?.file}:${object.origin?.line}`]), [
    ['ConfigMap', 'shop', 'deploy/production/app.yaml:1'],
    ['CustomResourceDefinition', undefined, 'deploy/shared/crds.yaml:1'],
  ]);
});

test('renders are cached by the inputs, and an edit to a shared input is seen', async () => {
  const root = copyFixtureRepo('kustomize-overlays');
  const cache = new RenderCache();
  const first = await render(root, 'dev', { PATH: systemPath, cache });
  const second = await render(root, 'dev', { PATH: systemPath, cache });
  assert.deepEqual([first.cached, second.cached], [false, true]);
  assert.deepEqual(second.objects, first.objects);
  fs.writeFileSync(path.join(root, 'base/deployment.yaml'), fs.readFileSync(path.join(root, 'base/deployment.yaml'), 'utf8').replace('replicas: 1', 'replicas: 7'));
  const third = await render(root, 'dev', { PATH: systemPath, cache });
  assert.equal(third.cached, false);
  assert.equal((find(third, 'Deployment', 'api').object.spec as { replicas: number }).replicas, 7);
});

test('plain YAML is read as `kubectl apply -f` reads it (sigs.k8s.io/yaml, YAML 1.1 scalars): 0644 is 420 as kustomize also says, yes/on are true', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'render-yaml11-'));
  const manifest = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: web, namespace: shop}',
    'spec:',
    '  hostNetwork: no',
    '  containers: [{name: web, image: nginx:1.27, tty: yes, stdin: on}]',
    '  volumes:',
    '  - name: config',
    '    configMap: {name: web, defaultMode: 0644, optional: off}',
    '',
  ].join('\n');
  fs.mkdirSync(path.join(root, 'deploy/staging'), { recursive: true });
  fs.writeFileSync(path.join(root, 'deploy/staging/pod.yaml'), manifest);
  fs.writeFileSync(path.join(root, '.gitops-workbench.yaml'), 'environments:\n  - name: staging\n    paths: [deploy/staging]\n');
  const rendered = find(await render(root, 'staging', { PATH: systemPath }), 'Pod', 'web').object;
  const spec = rendered.spec as { hostNetwork: unknown; containers: Array<Record<string, unknown>>; volumes: Array<{ configMap: Record<string, unknown> }> };
  assert.deepEqual([spec.hostNetwork, spec.containers[0].tty, spec.containers[0].stdin, spec.volumes[0].configMap.defaultMode, spec.volumes[0].configMap.optional], [false, true, true, 420, false]);
  const built = fs.mkdtempSync(path.join(os.tmpdir(), 'render-yaml11-kustomize-'));
  fs.writeFileSync(path.join(built, 'pod.yaml'), manifest);
  fs.writeFileSync(path.join(built, 'kustomization.yaml'), 'resources: [pod.yaml]\n');
  const kustomized = kubectlKustomize(built)[0] as { spec: { volumes: Array<{ configMap: Record<string, unknown> }> } };
  assert.equal(kustomized.spec.volumes[0].configMap.defaultMode, 420);
});
