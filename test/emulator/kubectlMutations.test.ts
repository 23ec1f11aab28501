import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl, request } from '../support/kubeEmulator/testClient';

const seed = `yaml:
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: nginx:1.25
        env: [{name: MODE, value: prod}]
`;

async function withEmulator(run: (emulator: RunningKubeEmulator) => Promise<void>): Promise<void> {
  const emulator = await startKubeEmulator({ seed: [seed] });
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

async function live(emulator: RunningKubeEmulator): Promise<any> {
  const result = await kubectl(emulator, ['get', 'deployment', 'web', '-o', 'json', '--show-managed-fields']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

async function ok(emulator: RunningKubeEmulator, args: string[]): Promise<string> {
  const result = await kubectl(emulator, args);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

test('scale, set image, label and annotate go through the scale subresource, strategic and merge patches', () =>
  withEmulator(async (emulator) => {
    assert.equal(await ok(emulator, ['scale', 'deployment', 'web', '--replicas=3']), 'deployment.apps/web scaled\n');
    assert.equal(await ok(emulator, ['set', 'image', 'deployment/web', 'app=nginx:1.27']), 'deployment.apps/web image updated\n');
    assert.equal(await ok(emulator, ['label', 'deployment', 'web', 'tier=frontend']), 'deployment.apps/web labeled\n');
    assert.equal(await ok(emulator, ['annotate', 'deployment', 'web', 'owner=team-a']), 'deployment.apps/web annotated\n');
    const object = await live(emulator);
    assert.equal(object.spec.replicas, 3);
    assert.deepEqual(object.spec.template.spec.containers.map((c: any) => [c.name, c.image, c.env]), [['app', 'nginx:1.27', [{ name: 'MODE', value: 'prod' }]]]);
    assert.deepEqual(object.metadata.labels, { app: 'web', tier: 'frontend' });
    assert.deepEqual(object.metadata.annotations, { owner: 'team-a' });
    assert.equal(object.metadata.generation, 3);
    const managers = object.metadata.managedFields.map((entry: any) => [entry.manager, entry.operation, entry.subresource ?? '']);
    assert.deepEqual(managers, [['kube-emulator-seed', 'Apply', ''], ['kubectl', 'Update', 'scale'], ['kubectl-set', 'Update', ''], ['kubectl-label', 'Update', ''], ['kubectl-annotate', 'Update', '']]);
    assert.deepEqual(object.metadata.managedFields[1].fieldsV1, { 'f:spec': { 'f:replicas': {} } });

    assert.equal(await ok(emulator, ['label', 'deployment', 'web', 'tier-']), 'deployment.apps/web unlabeled\n');
    const overwrite = await kubectl(emulator, ['annotate', 'deployment', 'web', 'owner=team-b']);
    assert.equal(overwrite.code, 1);
    assert.match(overwrite.stderr, /--overwrite is false but found the following declared annotation\(s\): 'owner' already has a value \(team-a\)/);
    assert.equal(await ok(emulator, ['annotate', '--overwrite', 'deployment', 'web', 'owner=team-b']), 'deployment.apps/web annotated\n');
    const after = await live(emulator);
    assert.deepEqual([after.metadata.labels, after.metadata.annotations], [{ app: 'web' }, { owner: 'team-b' }]);
  }));

test('patch --type merge, json and strategic; an unchanged patch reports (no change)', () =>
  withEmulator(async (emulator) => {
    assert.equal(await ok(emulator, ['patch', 'deployment', 'web', '--type', 'merge', '-p', '{"spec":{"minReadySeconds":5}}']), 'deployment.apps/web patched\n');
    assert.equal(await ok(emulator, ['patch', 'deployment', 'web', '--type', 'merge', '-p', '{"spec":{"minReadySeconds":5}}']), 'deployment.apps/web patched (no change)\n');
    assert.equal(await ok(emulator, ['patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/revisionHistoryLimit","value":3},{"op":"add","path":"/metadata/labels/json","value":"yes"}]']), 'deployment.apps/web patched\n');
    assert.equal(await ok(emulator, ['patch', 'deployment', 'web', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"},{"name":"app","env":[{"name":"DEBUG","value":"1"}]}]}}}}']), 'deployment.apps/web patched\n');
    const object = await live(emulator);
    assert.equal(object.spec.minReadySeconds, 5);
    assert.equal(object.spec.revisionHistoryLimit, 3);
    assert.equal(object.metadata.labels.json, 'yes');
    assert.deepEqual(object.spec.template.spec.containers.map((c: any) => [c.name, c.image, c.env, c.imagePullPolicy]), [
      ['app', 'nginx:1.25', [{ name: 'MODE', value: 'prod' }, { name: 'DEBUG', value: '1' }], 'IfNotPresent'],
      ['sidecar', 'busybox:1.36', undefined, 'IfNotPresent'],
    ]);
    // A merge patch replaces lists whole; strategic $patch: delete removes one item by its merge key.
    assert.equal(await ok(emulator, ['patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}']), 'deployment.apps/web patched\n');
    assert.deepEqual((await live(emulator)).spec.template.spec.containers.map((c: any) => c.name), ['app']);
    const failed = await kubectl(emulator, ['patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/nothing"}]']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /Error from server \(Invalid\)|doc is missing path/);
  }));

test('status and scale subresources: the main resource ignores status, /status ignores spec, /scale reads and writes replicas', () =>
  withEmulator(async (emulator) => {
    const base = '/apis/apps/v1/namespaces/default/deployments/web';
    const scale = await request(emulator, 'GET', `${base}/scale`);
    assert.deepEqual({ ...scale.json, metadata: { name: scale.json.metadata.name, namespace: scale.json.metadata.namespace } }, {
      kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1 }, status: { replicas: 0, selector: 'app=web' },
    });
    const current = (await request(emulator, 'GET', base)).json;
    const withStatus = { ...current, spec: { ...current.spec, replicas: 7 }, status: { replicas: 1, readyReplicas: 1, observedGeneration: 1 } };
    const statusPut = await request(emulator, 'PUT', `${base}/status`, { body: withStatus });
    assert.equal(statusPut.status, 200);
    assert.deepEqual([statusPut.json.spec.replicas, statusPut.json.status.readyReplicas, statusPut.json.metadata.generation], [1, 1, 1]);
    const mainPut = await request(emulator, 'PUT', base, { body: { ...statusPut.json, status: { replicas: 9 } } });
    assert.equal(mainPut.json.status.replicas, 1);
    const table = await kubectl(emulator, ['get', 'deployment', 'web', '--no-headers']);
    assert.match(table.stdout, /^web\s+1\/1\s+0\s+0\s+\d+s\n$/);
    const scaled = await request(emulator, 'PATCH', `${base}/scale`, { body: { spec: { replicas: 4 } }, contentType: 'application/merge-patch+json' });
    assert.deepEqual([scaled.json.kind, scaled.json.spec.replicas, scaled.json.status.replicas], ['Scale', 4, 1]);
    const statusPatch = await request(emulator, 'PATCH', `${base}/status`, { body: { status: { availableReplicas: 1 } }, contentType: 'application/merge-patch+json' });
    assert.equal(statusPatch.json.status.availableReplicas, 1);
    const object = await live(emulator);
    assert.equal(object.spec.replicas, 4);
    assert.equal(object.metadata.generation, 2);
    assert.ok(object.metadata.managedFields.some((entry: any) => entry.subresource === 'status' && entry.fieldsV1['f:status']));
  }));

test('delete removes the object (kubectl waits for it through a watch) and later gets are 404', () =>
  withEmulator(async (emulator) => {
    assert.equal(await ok(emulator, ['delete', 'deployment', 'web']), 'deployment.apps "web" deleted\n');
    const gone = await kubectl(emulator, ['get', 'deployment', 'web']);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, 'Error from server (NotFound): deployments.apps "web" not found\n');
    const again = await kubectl(emulator, ['delete', 'deployment', 'web']);
    assert.equal(again.stderr, 'Error from server (NotFound): deployments.apps "web" not found\n');
    // A finalizer holds the object, marked for deletion, until it is removed; a namespace takes its objects along.
    const created = await request(emulator, 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    assert.equal(created.status, 201);
    assert.equal(await ok(emulator, ['delete', 'configmap', 'held', '--wait=false']), 'configmap "held" deleted\n');
    const held = (await request(emulator, 'GET', '/api/v1/namespaces/default/configmaps/held')).json;
    assert.match(held.metadata.deletionTimestamp, /Z$/);
    assert.equal(await ok(emulator, ['patch', 'configmap', 'held', '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']), 'configmap/held patched\n');
    assert.equal((await request(emulator, 'GET', '/api/v1/namespaces/default/configmaps/held')).status, 404);
    assert.equal((await request(emulator, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'temp' } } })).status, 201);
    assert.equal((await request(emulator, 'POST', '/api/v1/namespaces/temp/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inside' } } })).status, 201);
    assert.equal(await ok(emulator, ['delete', 'namespace', 'temp']), 'namespace "temp" deleted\n');
    assert.equal((await request(emulator, 'GET', '/api/v1/namespaces/temp/configmaps/inside')).status, 404);
  }));
