import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl, request } from '../support/kubeEmulator/testClient';

const seed = `yaml:
apiVersion: v1
kind: ConfigMap
metadata: {name: alpha, namespace: default}
data: {a: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: beta, namespace: default}
data: {a: "1", b: "2"}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
`;

async function withEmulator(run: (emulator: RunningKubeEmulator) => Promise<void>): Promise<void> {
  const emulator = await startKubeEmulator({ seed: [seed] });
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

function rows(stdout: string): string[][] {
  return stdout.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
}

test('kubectl get prints the Table the emulator serves (configmaps, namespaces, -o name)', () =>
  withEmulator(async (emulator) => {
    const configMaps = await kubectl(emulator, ['get', 'configmaps']);
    assert.equal(configMaps.code, 0, configMaps.stderr);
    const table = rows(configMaps.stdout);
    assert.deepEqual(table.map((row) => row.slice(0, 2)), [['NAME', 'DATA'], ['alpha', '1'], ['beta', '2']]);
    assert.equal(table[0][2], 'AGE');
    assert.match(table[1][2], /^\d+s$/);
    const namespaces = await kubectl(emulator, ['get', 'ns', '-o', 'name']);
    assert.equal(namespaces.stdout, 'namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\nnamespace/shop\n');
    const empty = await kubectl(emulator, ['get', 'deployments', '-n', 'shop']);
    assert.equal(empty.code, 0);
    assert.equal(empty.stdout, '');
    assert.equal(empty.stderr, 'No resources found in shop namespace.\n');
    const version = await kubectl(emulator, ['version', '-o', 'json']);
    assert.equal(JSON.parse(version.stdout).serverVersion.gitVersion, 'v1.32.4');
  }));

test('no token is 401, a read-only token gets a Forbidden Status, admin endpoints refuse it', () =>
  withEmulator(async (emulator) => {
    const anonymous = await request(emulator, 'GET', '/api/v1/namespaces/default/configmaps', { token: null });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const wrong = await kubectl(emulator, ['get', 'cm', '--token', 'not-a-token']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /\nerror: You must be logged in to the server \(the server has asked for the client to provide credentials\)\n$/);

    const read = await kubectl(emulator, ['--context', 'kube-emulator-reader', 'get', 'cm', '-o', 'name']);
    assert.equal(read.stdout, 'configmap/alpha\nconfigmap/beta\n');
    const denied = await kubectl(emulator, ['--context', 'kube-emulator-reader', 'delete', 'cm', 'alpha']);
    assert.equal(denied.code, 1);
    assert.equal(denied.stderr, 'Error from server (Forbidden): configmaps "alpha" is forbidden: User "reader" cannot delete resource "configmaps" in API group "" in the namespace "default"\n');
    const raw = await request(emulator, 'POST', '/api/v1/namespaces/default/configmaps', { token: emulator.readOnlyToken, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } });
    assert.equal(raw.status, 403);
    assert.deepEqual(raw.json, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: 'configmaps is forbidden: User "reader" cannot create resource "configmaps" in API group "" in the namespace "default"',
      details: { kind: 'configmaps' },
    });
    const clusterScope = await request(emulator, 'DELETE', '/api/v1/namespaces/shop', { token: emulator.readOnlyToken });
    assert.equal(clusterScope.json.message, 'namespaces "shop" is forbidden: User "reader" cannot delete resource "namespaces" in API group "" at the cluster scope');
    const admin = await request(emulator, 'POST', '/__emulator/faults', { token: emulator.readOnlyToken, body: {} });
    assert.equal(admin.status, 403);
  }));

test('discovery: legacy lists, aggregated v2 on request, OpenAPI v3 for field validation', () =>
  withEmulator(async (emulator) => {
    const legacy = await request(emulator, 'GET', '/apis/apps/v1');
    const names = (legacy.json.resources as { name: string }[]).map((resource) => resource.name);
    assert.deepEqual(names.filter((name) => name.startsWith('deployments')), ['deployments', 'deployments/scale', 'deployments/status']);
    assert.deepEqual(legacy.json.resources.find((resource: { name: string }) => resource.name === 'deployments/scale'), { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    const groups = await request(emulator, 'GET', '/apis');
    assert.equal(groups.json.kind, 'APIGroupList');
    assert.ok(groups.json.groups.some((group: { name: string }) => group.name === 'apiextensions.k8s.io'));
    const aggregated = await request(emulator, 'GET', '/api', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' });
    assert.equal(aggregated.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(aggregated.json.kind, 'APIGroupDiscoveryList');
    const configMaps = aggregated.json.items[0].versions[0].resources.find((resource: { resource: string }) => resource.resource === 'configmaps');
    assert.deepEqual(configMaps, { resource: 'configmaps', responseKind: { group: '', version: 'v1', kind: 'ConfigMap' }, scope: 'Namespaced', singularResource: 'configmap', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['cm'] });
    const resources = await kubectl(emulator, ['api-resources', '--api-group=apps', '-o', 'name']);
    assert.equal(resources.stdout, 'controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n');
    const openapi = await request(emulator, 'GET', '/openapi/v3');
    assert.match(openapi.json.paths['apis/apps/v1'].serverRelativeURL, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    assert.equal((await request(emulator, 'GET', '/openapi/v2')).status, 404);
  }));

test('errors are Kubernetes Status objects: 404 NotFound, 409 AlreadyExists, 422 Invalid with causes', () =>
  withEmulator(async (emulator) => {
    const missing = await request(emulator, 'GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    assert.deepEqual(missing.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound', details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404 });
    const cli = await kubectl(emulator, ['get', 'deployment', 'nope']);
    assert.equal(cli.stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
    const exists = await request(emulator, 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'alpha' } } });
    assert.equal(exists.status, 409);
    assert.equal(exists.json.reason, 'AlreadyExists');
    assert.equal(exists.json.message, 'configmaps "alpha" already exists');
    const noNamespace = await request(emulator, 'POST', '/api/v1/namespaces/ghost/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } });
    assert.equal(noNamespace.status, 404);
    assert.equal(noNamespace.json.message, 'namespaces "ghost" not found');
    const invalid = await request(emulator, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { selector: { matchLabels: { app: 'bad' } }, template: { metadata: { labels: { app: 'bad' } }, spec: { containers: [{ name: 'app' }] } } } },
    });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.json.reason, 'Invalid');
    assert.equal(invalid.json.message, 'Deployment.apps "bad" is invalid: spec.template.spec.containers[0].image: Required value');
    assert.deepEqual(invalid.json.details.causes, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[0].image' }]);
    const stale = await request(emulator, 'PUT', '/api/v1/namespaces/default/configmaps/alpha', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'alpha', resourceVersion: '1' }, data: {} } });
    assert.equal(stale.status, 409);
    assert.equal(stale.json.message, 'Operation cannot be fulfilled on configmaps "alpha": the object has been modified; please apply your changes to the latest version and try again');
  }));

test('dryRun=All runs the write (defaults, uid) but persists nothing and bumps no resourceVersion', () =>
  withEmulator(async (emulator) => {
    const before = emulator.server.store.currentResourceVersion;
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: app, image: nginx}]}\n';
    const applied = await kubectl(emulator, ['apply', '--server-side', '--dry-run=server', '-f', '-', '-o', 'json'], { input: manifest });
    assert.equal(applied.code, 0, applied.stderr);
    const object = JSON.parse(applied.stdout);
    assert.equal(object.spec.replicas, 1);
    assert.equal(object.spec.template.spec.containers[0].imagePullPolicy, 'Always');
    assert.equal(object.metadata.resourceVersion, undefined);
    const created = await request(emulator, 'POST', '/api/v1/namespaces/default/secrets?dryRun=All', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { k: 'v' } } });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json.data, { k: 'dg==' });
    assert.equal(created.json.type, 'Opaque');
    const deleted = await request(emulator, 'DELETE', '/api/v1/namespaces/default/configmaps/alpha?dryRun=All');
    assert.equal(deleted.json.status, 'Success');
    assert.equal(emulator.server.store.currentResourceVersion, before);
    assert.equal(emulator.getObject('apps', 'deployments', 'default', 'web'), undefined);
    assert.equal(emulator.getObject('', 'secrets', 'default', 's'), undefined);
    assert.ok(emulator.getObject('', 'configmaps', 'default', 'alpha'));
    // kubectl puts dryRun in the DeleteOptions body, not the query.
    const kubectlDelete = await kubectl(emulator, ['delete', 'configmap', 'alpha', '--dry-run=server']);
    assert.equal(kubectlDelete.code, 0, kubectlDelete.stderr);
    assert.match(kubectlDelete.stdout, /configmap "alpha" deleted \(server dry run\)/);
    assert.ok(emulator.getObject('', 'configmaps', 'default', 'alpha'), 'a server dry-run delete from kubectl removed the object');
    assert.equal(emulator.server.store.currentResourceVersion, before);
    const bad = await request(emulator, 'POST', '/api/v1/namespaces/default/configmaps?dryRun=Some', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y' } } });
    assert.equal(bad.status, 400);
  }));
