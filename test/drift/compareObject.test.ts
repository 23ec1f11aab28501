import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareObject } from '../../server/src/engine/drift/compareObject';
import { at, container, pair } from './driftFixtures';

const scenarios = [
  'deployment-defaulted-by-server',
  'service-defaulted-by-server',
  'secret-stringdata-folded',
  'configmap-applied',
  'hpa-metrics-reordered-by-server',
  'statefulset-claim-templates-defaulted',
];

for (const scenario of scenarios) {
  test(`${scenario}: the untouched object as the API server returns it has no drift`, () => {
    const { desired, live } = pair(scenario);
    assert.deepEqual(compareObject({ desired, live }), []);
  });
}

test('a changed image is exactly one field, with both values', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  container(live, 'api').image = 'registry.example.com/shop/api:1.4.3-hotfix';
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'spec.template.spec.containers[name=api].image', desired: 'registry.example.com/shop/api:1.4.2', live: 'registry.example.com/shop/api:1.4.3-hotfix' },
  ]);
});

test('changed replicas are exactly one field', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  live.spec = { ...at(live, 'spec'), replicas: 5 };
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'spec.replicas', desired: 3, live: 5 }]);
});

test('a changed env value is found by the variable name', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  container(live, 'api').env.find((env: any) => env.name === 'LOG_LEVEL').value = 'debug';
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'spec.template.spec.containers[name=api].env[name=LOG_LEVEL].value', desired: 'info', live: 'debug' }]);
});

test('a removed container port is one missing list item, keyed by containerPort and protocol', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  const api = container(live, 'api');
  api.ports = api.ports.filter((port: any) => port.containerPort !== 9090);
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'spec.template.spec.containers[name=api].ports[containerPort=9090,protocol=TCP]', desired: { name: 'metrics', containerPort: 9090 } },
  ]);
});

test('reordered containers, ports, env, volumes and volume mounts are not drift', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  const spec = at(live, 'spec', 'template', 'spec');
  spec.containers.reverse();
  spec.volumes.reverse();
  const api = container(live, 'api');
  api.ports.reverse();
  api.env.reverse();
  api.volumeMounts.reverse();
  assert.deepEqual(compareObject({ desired, live }), []);
});

test('quantities compare by value: 0.5 = 500m, 1Gi = 1024Mi, 1 = "1"; a different value is drift', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  const resources = container(live, 'api').resources;
  resources.limits.memory = '1024Mi';
  resources.limits.cpu = '1000m';
  assert.deepEqual(compareObject({ desired, live }), []);
  resources.requests.cpu = '501m';
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'spec.template.spec.containers[name=api].resources.requests.cpu', desired: 0.5, live: '501m' }]);
});

test('a 1 GB memory limit is not 1 GiB', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  container(live, 'api').resources.limits.memory = '1G';
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'spec.template.spec.containers[name=api].resources.limits.memory', desired: '1Gi', live: '1G' }]);
});

test('zeros the API server drops are not drift, but a live non-zero value is', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  // desired has hostNetwork: false, env FEATURE_FLAGS value "", volumeMount readOnly: false; live has none of them.
  assert.deepEqual(compareObject({ desired, live }), []);
  at(live, 'spec', 'template', 'spec').hostNetwork = true;
  container(live, 'api').volumeMounts[0].readOnly = true;
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'spec.template.spec.hostNetwork', desired: false, live: true },
    { path: 'spec.template.spec.containers[name=api].volumeMounts[mountPath=/etc/api].readOnly', desired: false, live: true },
  ]);
});

test('atomic lists are compared whole: a changed and an added argument', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  container(live, 'api').args = ['--listen=:8081', '--metrics=:9090', '--debug'];
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'spec.template.spec.containers[name=api].args[0]', desired: '--listen=:8080', live: '--listen=:8081' },
    { path: 'spec.template.spec.containers[name=api].args[2]', live: '--debug' },
  ]);
});

test('labels and annotations: a changed and a removed one; ones only live has are not drift', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  const metadata = at(live, 'metadata');
  metadata.labels['app.kubernetes.io/part-of'] = 'other';
  delete metadata.annotations['example.com/owner'];
  metadata.labels['added-by-someone'] = 'x';
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'metadata.labels["app.kubernetes.io/part-of"]', desired: 'shop', live: 'other' },
    { path: 'metadata.annotations["example.com/owner"]', desired: 'team-shop' },
  ]);
});

test('server and controller fields are never drift: status, managedFields, resourceVersion, generation, revision annotation', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  const metadata = at(live, 'metadata');
  metadata.resourceVersion = '1';
  metadata.generation = 99;
  metadata.uid = 'other';
  metadata.annotations['deployment.kubernetes.io/revision'] = '5';
  metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{}';
  metadata.managedFields = [];
  at(live, 'status').replicas = 0;
  at(live, 'spec', 'template').metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2025-03-10T16:00:00Z' };
  assert.deepEqual(compareObject({ desired, live }), []);
});

test('a container or env var added live (by a webhook or another manager) is not drift: apply keeps them', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  at(live, 'spec', 'template', 'spec').containers.push({ name: 'istio-proxy', image: 'istio/proxyv2:1.22.0' });
  container(live, 'api').env.push({ name: 'INJECTED', value: '1' });
  assert.deepEqual(compareObject({ desired, live }), []);
});

test('int-or-string keeps its type: targetPort 5353 is not "5353", a named port equals itself', () => {
  const { desired, live } = pair('service-defaulted-by-server');
  at(live, 'spec', 'ports')[2].targetPort = '5353';
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'spec.ports[port=53,protocol=UDP].targetPort', desired: 5353, live: '5353' }]);
});

test('a targetPort Git does not declare (defaulted to the port) is not compared', () => {
  const { desired, live } = pair('service-defaulted-by-server');
  at(live, 'spec', 'ports')[1].targetPort = 9091;
  assert.deepEqual(compareObject({ desired, live }), []);
});

test('Service ports match by port and protocol: a changed targetPort', () => {
  const { desired, live } = pair('service-defaulted-by-server');
  at(live, 'spec', 'ports')[0].targetPort = 8081;
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'spec.ports[port=80,protocol=TCP].targetPort', desired: 'http', live: 8081 }]);
});

test('a changed ConfigMap key and a removed one; an empty value is a value', () => {
  const { desired, live } = pair('configmap-applied');
  const data = at(live, 'data');
  data.LOG_FORMAT = 'text';
  delete data['app.yaml'];
  delete data.EMPTY;
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'data.LOG_FORMAT', desired: 'json', live: 'text' },
    { path: 'data.EMPTY', desired: '' },
    { path: 'data["app.yaml"]', desired: 'server:\n  port: 8080\n' },
  ]);
});

test('HPA metrics match by what they measure: a changed target is one field', () => {
  const { desired, live } = pair('hpa-metrics-reordered-by-server');
  at(live, 'spec', 'metrics')[0].resource.target.averageUtilization = 90;
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'spec.metrics[type=Resource,resource.name=cpu].resource.target.averageUtilization', desired: 70, live: 90 },
  ]);
});

test('HPA metrics are replaced whole on apply: a removed and an added metric are drift', () => {
  const { desired, live } = pair('hpa-metrics-reordered-by-server');
  const metrics = at(live, 'spec', 'metrics');
  metrics.splice(2, 1);
  metrics.push({ type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'Value', value: '30' } } });
  const drift = compareObject({ desired, live });
  assert.deepEqual(drift.map((field) => field.path), [
    'spec.metrics[type=Pods,pods.metric.name=requests_per_second]',
    'spec.metrics[type=External,external.metric.name=queue_depth]',
  ]);
  assert.equal(drift[0].live, undefined);
  assert.equal(drift[1].desired, undefined);
});

test('StatefulSet claim templates: server defaults are not drift, a changed storage request is', () => {
  const { desired, live } = pair('statefulset-claim-templates-defaulted');
  at(live, 'spec', 'volumeClaimTemplates')[0].spec.resources.requests.storage = '20Gi';
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'spec.volumeClaimTemplates[metadata.name=data].spec.resources.requests.storage', desired: '10Gi', live: '20Gi' },
  ]);
});

test('desired empty maps, lists and nulls equal absent live fields', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  const spec = at(desired, 'spec', 'template', 'spec');
  spec.tolerations = [];
  spec.nodeSelector = {};
  spec.affinity = null;
  spec.imagePullSecrets = [];
  at(desired, 'metadata').finalizers = [];
  container(desired, 'proxy').securityContext = {};
  assert.deepEqual(compareObject({ desired, live }), []);
});

test('a field Git declares that the live object lacks is reported with the desired value only', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  at(desired, 'spec', 'template', 'spec').nodeSelector = { 'kubernetes.io/os': 'linux' };
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'spec.template.spec.nodeSelector', desired: { 'kubernetes.io/os': 'linux' } }]);
});

test('custom resources keep declared zeros and key named lists by name', () => {
  const desired = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'shop' },
    spec: { enabled: false, parts: [{ name: 'a', size: 1 }, { name: 'b', size: 2 }] },
  };
  const live = structuredClone(desired) as any;
  live.spec.parts.reverse();
  assert.deepEqual(compareObject({ desired, live }), []);
  delete live.spec.enabled;
  live.spec.parts.push({ name: 'c', size: 3 });
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'spec.enabled', desired: false },
    { path: 'spec.parts[name=c]', live: { name: 'c', size: 3 } },
  ]);
});

test('comparing leaves both objects as they were (normalisers work on shallow copies), and reported values are copies', () => {
  const secretDesired = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'a' } }, stringData: { password: 'one' }, data: { user: 'YWRtaW4=\n' } };
  const secretLive = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop', uid: 'u1', resourceVersion: '7', managedFields: [{ manager: 'kubectl', operation: 'Apply' }], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'b' } }, data: { user: 'YWRtaW4=', password: 'dHdv' }, type: 'Opaque' };
  const roleDesired = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] }, rules: [] };
  const roleLive = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agg', uid: 'u2' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] }, rules: [{ verbs: ['get'] }], status: {} };
  const deploymentDesired = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'shop' }, spec: { template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'api', image: 'a:1' }] } } } };
  const deploymentLive = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'shop', generation: 3 }, spec: { template: { spec: { containers: [{ name: 'api', image: 'a:1' }] } } }, status: { replicas: 1 } };
  const pairs = [[secretDesired, secretLive], [roleDesired, roleLive], [deploymentDesired, deploymentLive]] as const;
  const before = structuredClone(pairs);
  const fields = pairs.map(([desired, live]) => compareObject({ desired, live }));
  assert.deepEqual(pairs, before);
  assert.deepEqual(fields[0].map((field) => field.path), ['metadata.annotations.team', 'data.password']);
  assert.deepEqual(fields[1], []);
  assert.deepEqual(fields[2], [{ path: 'spec.template.spec.securityContext', desired: { runAsNonRoot: true } }]);
  assert.notEqual(fields[2][0].desired, deploymentDesired.spec.template.spec.securityContext);
});
