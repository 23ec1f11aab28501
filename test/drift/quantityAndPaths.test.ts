import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareObject } from '../../server/src/engine/drift/compareObject';
import { formatFieldPath } from '../../server/src/engine/drift/formatFieldPath';
import { quantityNanos } from '../../server/src/engine/drift/quantityNanos';
import { canonicalQuantity } from '../support/kubeEmulator/quantities';
import { at, pair } from './driftFixtures';

test('quantities: equal values as apimachinery parses them', () => {
  const same: [unknown, unknown][] = [
    [0.5, '500m'],
    ['1Gi', '1024Mi'],
    [1, '1'],
    ['1000m', '1'],
    ['0.25Gi', '256Mi'],
    ['1e3', '1k'],
    ['1.5', '1500m'],
    [' 100m ', '100m'],
    ['0.1n', '1n'],
    ['1E', '1000P'],
    ['.5', '500m'],
    ['5.', '5'],
    [134217728, '128Mi'],
    ['-1', '-1000m'],
  ];
  for (const [a, b] of same) assert.equal(quantityNanos(a), quantityNanos(b), `${a} = ${b}`);
  const different: [unknown, unknown][] = [['500m', '501m'], ['1Gi', '1G'], ['1Ki', '1k'], ['1m', '1']];
  for (const [a, b] of different) assert.notEqual(quantityNanos(a), quantityNanos(b), `${a} != ${b}`);
  for (const bad of ['', 'abc', '1.2.3', '1Xi', '1e', 'Gi', null, true, {}, Number.NaN]) assert.equal(quantityNanos(bad), undefined, String(bad));
});

test('quantities: every canonical form the emulator writes has the value it was written from', () => {
  const inputs = ['0.5', '1.5Gi', '0.25Gi', '1000m', '1e3', '1536Mi', '100Mi', '0.001', '2e-3', '12345678901', '1.5k', '3Ti'];
  for (const input of inputs) assert.equal(quantityNanos(canonicalQuantity(input)), quantityNanos(input), input);
});

test('field paths: identifiers, quoted keys, merge keys, set values and indexes', () => {
  assert.equal(
    formatFieldPath([{ field: 'spec' }, { field: 'ports' }, { key: { port: 80, protocol: 'TCP' } }, { field: 'targetPort' }]),
    'spec.ports[port=80,protocol=TCP].targetPort',
  );
  assert.equal(formatFieldPath([{ field: 'metadata' }, { field: 'labels' }, { field: 'app.kubernetes.io/name' }]), 'metadata.labels["app.kubernetes.io/name"]');
  assert.equal(formatFieldPath([{ field: 'spec' }, { field: 'args' }, { index: 0 }]), 'spec.args[0]');
  assert.equal(formatFieldPath([{ field: 'metadata' }, { field: 'finalizers' }, { value: 'example.com/cleanup' }]), 'metadata.finalizers[=example.com/cleanup]');
  assert.equal(formatFieldPath([{ field: 'env' }, { key: { name: 'A B' } }]), 'env[name="A B"]');
  assert.equal(formatFieldPath([{ field: 'items' }, { key: { name: '80' } }]), 'items[name="80"]');
  assert.equal(formatFieldPath([{ field: 'data' }, { field: '.env' }]), 'data[".env"]');
});

test('declared zeros of built-in kinds read as the API server stores them', () => {
  const { desired, live } = pair('service-defaulted-by-server');
  const spec = at(desired, 'spec');
  // type "" is defaulted to ClusterIP, clusterIP "" keeps the allocated address, protocol "" becomes TCP.
  spec.type = '';
  spec.clusterIP = '';
  spec.ports[0].protocol = '';
  spec.publishNotReadyAddresses = false;
  assert.deepEqual(compareObject({ desired, live }), []);
  // A pointer field keeps its zero: false declared, absent live, is drift.
  spec.allocateLoadBalancerNodePorts = false;
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'spec.allocateLoadBalancerNodePorts', desired: false }]);
});

test('declared zeros of pod specs: omitted ones match, pointer ones must be there', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  const spec = at(desired, 'spec', 'template', 'spec');
  spec.containers[0].imagePullPolicy = '';
  spec.containers[0].readinessProbe.timeoutSeconds = 0;
  spec.hostPID = false;
  spec.priorityClassName = '';
  assert.deepEqual(compareObject({ desired, live }), []);
  spec.automountServiceAccountToken = false;
  spec.securityContext = { runAsUser: 0 };
  assert.deepEqual(compareObject({ desired, live }), [
    { path: 'spec.template.spec.automountServiceAccountToken', desired: false },
    { path: 'spec.template.spec.securityContext.runAsUser', desired: 0 },
  ]);
});

test('metadata finalizers are a set: reordered or added by controllers is not drift, a missing one is', () => {
  const { desired, live } = pair('configmap-applied');
  at(desired, 'metadata').finalizers = ['example.com/a', 'example.com/b'];
  at(live, 'metadata').finalizers = ['example.com/b', 'kubernetes.io/pvc-protection', 'example.com/a'];
  assert.deepEqual(compareObject({ desired, live }), []);
  at(live, 'metadata').finalizers = ['example.com/b'];
  assert.deepEqual(compareObject({ desired, live }), [{ path: 'metadata.finalizers[=example.com/a]', desired: 'example.com/a' }]);
});

test('aggregated ClusterRoles: the rules the aggregation controller writes are not drift', () => {
  const desired = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'monitoring' },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] },
    rules: [],
  };
  const live = { ...structuredClone(desired), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] };
  assert.deepEqual(compareObject({ desired, live }), []);
});
