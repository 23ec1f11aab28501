import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { compareObject } from '../../server/src/engine/drift/compareObject';
import type { PlainMap } from '../../server/src/engine/manifests/plainData';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl } from '../support/kubeEmulator/testClient';
import { loadFixture } from './driftFixtures';

/**
 * Known truth from the project's API emulator (real defaulting, quantity canonicalisation, SSA
 * managedFields) with the real kubectl making the hotfixes people make: the untouched objects have no
 * drift, and each kubectl change is reported as exactly that change.
 */

const resources: Record<string, { group: string; resource: string }> = {
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  Service: { group: '', resource: 'services' },
  Secret: { group: '', resource: 'secrets' },
  ConfigMap: { group: '', resource: 'configmaps' },
  HorizontalPodAutoscaler: { group: 'autoscaling', resource: 'horizontalpodautoscalers' },
};

const scenarios = [
  'deployment-defaulted-by-server',
  'service-defaulted-by-server',
  'secret-stringdata-folded',
  'configmap-applied',
  'hpa-metrics-reordered-by-server',
  'statefulset-claim-templates-defaulted',
];

let emulator: RunningKubeEmulator;
const desired = new Map<string, PlainMap>();

before(async () => {
  emulator = await startKubeEmulator();
  for (const scenario of scenarios) {
    const object = loadFixture(scenario, 'desired.yaml');
    desired.set(String(object.kind), object);
  }
  emulator.apply([...desired.values()].map((object) => structuredClone(object)), 'kustomize-controller');
});

after(async () => {
  await emulator?.stop();
});

function liveOf(kind: string): PlainMap {
  const { group, resource } = resources[kind];
  const object = desired.get(kind)!;
  const metadata = object.metadata as PlainMap;
  const live = emulator.getObject(group, resource, String(metadata.namespace), String(metadata.name));
  assert.ok(live, `${kind} is live`);
  return live;
}

async function run(args: string[]): Promise<void> {
  const result = await kubectl(emulator, ['--namespace', 'shop', ...args]);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
}

test('every object applied through the emulator has no drift', () => {
  for (const kind of Object.keys(resources)) assert.deepEqual(compareObject({ desired: desired.get(kind)!, live: liveOf(kind) }), [], kind);
});

test('kubectl set image, scale and set env are exactly the changed fields', async () => {
  await run(['set', 'image', 'deployment/api', 'api=registry.example.com/shop/api:1.4.3']);
  await run(['scale', 'deployment/api', '--replicas=5']);
  await run(['set', 'env', 'deployment/api', '--containers=api', 'LOG_LEVEL=debug']);
  assert.deepEqual(compareObject({ desired: desired.get('Deployment')!, live: liveOf('Deployment') }), [
    { path: 'spec.replicas', desired: 3, live: 5 },
    { path: 'spec.template.spec.containers[name=api].image', desired: 'registry.example.com/shop/api:1.4.2', live: 'registry.example.com/shop/api:1.4.3' },
    { path: 'spec.template.spec.containers[name=api].env[name=LOG_LEVEL].value', desired: 'info', live: 'debug' },
  ]);
});

test('a Service port removed with kubectl patch is one missing item', async () => {
  await run(['patch', 'service', 'api', '--type=json', '-p', JSON.stringify([{ op: 'remove', path: '/spec/ports/1' }])]);
  assert.deepEqual(compareObject({ desired: desired.get('Service')!, live: liveOf('Service') }), [{ path: 'spec.ports[port=9090,protocol=TCP]', desired: { name: 'metrics', port: 9090 } }]);
});

test('a Secret key edited with kubectl patch shows two hashes and no value', async () => {
  const secret = Buffer.from('rotated-by-hand').toString('base64');
  await run(['patch', 'secret', 'api-credentials', '--type=merge', '-p', JSON.stringify({ data: { password: secret } })]);
  const drift = compareObject({ desired: desired.get('Secret')!, live: liveOf('Secret') });
  const hash = (text: string) => `<masked sha256:${createHash('sha256').update(text).digest('hex').slice(0, 8)}>`;
  assert.deepEqual(drift, [{ path: 'data.password', desired: hash('s3cr3t-Passw0rd'), live: hash('rotated-by-hand') }]);
  const text = JSON.stringify(drift);
  for (const leaked of ['rotated-by-hand', secret, 's3cr3t-Passw0rd', Buffer.from('s3cr3t-Passw0rd').toString('base64')]) assert.ok(!text.includes(leaked));
});

test('a ConfigMap key and an HPA target edited with kubectl patch', async () => {
  await run(['patch', 'configmap', 'api-config', '--type=merge', '-p', JSON.stringify({ data: { LOG_FORMAT: 'text' } })]);
  assert.deepEqual(compareObject({ desired: desired.get('ConfigMap')!, live: liveOf('ConfigMap') }), [{ path: 'data.LOG_FORMAT', desired: 'json', live: 'text' }]);
  await run(['patch', 'hpa', 'api', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/metrics/2/resource/target/averageUtilization', value: 85 }])]);
  assert.deepEqual(compareObject({ desired: desired.get('HorizontalPodAutoscaler')!, live: liveOf('HorizontalPodAutoscaler') }), [
    { path: 'spec.metrics[type=Resource,resource.name=cpu].resource.target.averageUtilization', desired: 70, live: 85 },
  ]);
});
