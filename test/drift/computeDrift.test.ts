import assert from 'node:assert/strict';
import { test } from 'node:test';
import { belongsToEnvironment } from '../../server/src/engine/drift/belongsToEnvironment';
import { computeDrift } from '../../server/src/engine/drift/computeDrift';
import type { LiveState, OwnershipMarkers } from '../../server/src/engine/drift/LiveState';
import { objectKey } from '../../server/src/engine/drift/objectKey';
import type { PlainMap } from '../../server/src/engine/manifests/plainData';
import { resourceIdentity } from '../../server/src/engine/manifests/resourceIdentity';
import type { RenderedObject } from '../../server/src/engine/render/RenderedObject';
import { at, container, loadFixtures, pair } from './driftFixtures';

const markers: OwnershipMarkers = {
  fluxKustomizations: [{ name: 'apps', namespace: 'flux-system' }],
  fluxInventory: ['shop_api_apps_Deployment', 'shop_api__Service', '_system__shop-reader_rbac.authorization.k8s.io_ClusterRole'],
  argoApplications: ['shop'],
  applySetId: 'applyset-shop-v1',
};

function rendered(object: PlainMap, line: number): RenderedObject {
  return { object, identity: resourceIdentity(object)!, origin: { file: 'apps/shop/all.yaml', line }, producedBy: 'kustomize build apps/shop' };
}

function keyOf(object: PlainMap): string {
  return objectKey(resourceIdentity(object)!);
}

function withAnnotation(object: PlainMap, key: string, value: string): PlainMap {
  const copy = structuredClone(object);
  const metadata = at(copy, 'metadata');
  metadata.annotations = { ...(metadata.annotations ?? {}), [key]: value };
  return copy;
}

test('an environment: modified, in sync, missing, unknown, not compared and extra objects, sorted by namespace, kind and name', () => {
  const deployment = pair('deployment-defaulted-by-server');
  container(deployment.live, 'api').image = 'registry.example.com/shop/api:hotfix';
  const service = pair('service-defaulted-by-server');
  const configMap = pair('configmap-applied');
  const secret = pair('secret-stringdata-folded');
  const hpa = pair('hpa-metrics-reordered-by-server');
  const statefulSet = pair('statefulset-claim-templates-defaulted');
  at(statefulSet.live, 'spec').replicas = 0;
  const disabledStatefulSet = withAnnotation(statefulSet.desired, 'kustomize.toolkit.fluxcd.io/reconcile', 'disabled');
  const hpaIfNotPresent = withAnnotation(hpa.desired, 'kustomize.toolkit.fluxcd.io/ssa', 'IfNotPresent');
  at(hpa.live, 'spec').maxReplicas = 50;
  const hook = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: 'shop', annotations: { 'helm.sh/hook': 'pre-upgrade' } },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'migrate:1' }] } } },
  };
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };

  const desired = [deployment.desired, service.desired, configMap.desired, secret.desired, disabledStatefulSet, hpaIfNotPresent, hook, namespace, service.desired].map((object, index) => rendered(object, index * 10 + 1));
  const live: LiveState = {
    objects: new Map([
      [keyOf(deployment.live), deployment.live],
      [keyOf(service.live), service.live],
      [keyOf(statefulSet.live), statefulSet.live],
      [keyOf(hpa.live), hpa.live],
      [keyOf(namespace), { ...namespace, metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }],
    ]),
    unknown: new Map([[keyOf(secret.desired), 'secrets is forbidden: User "dev" cannot get resource "secrets" in API group "" in the namespace "shop"']]),
    candidates: loadFixtures('environment-with-extra-objects', 'candidates.yaml'),
    markers,
  };
  const result = computeDrift({ desired, live, ignoreDifferences: [] });
  const summary = result.map((drift) => `${drift.namespace ?? ''} ${drift.kind} ${drift.name} ${drift.status}`);
  assert.deepEqual(summary, [
    ' ClusterRole system:shop-reader extra',
    ' Namespace shop in-sync',
    'shop ConfigMap api-config missing',
    'shop ConfigMap old-config extra',
    'shop CronJob report extra',
    'shop Deployment api modified',
    'shop HorizontalPodAutoscaler api in-sync',
    'shop Job migrate in-sync',
    'shop NetworkPolicy deny-all extra',
    'shop Secret api-credentials unknown',
    'shop Service api in-sync',
    'shop ServiceAccount legacy extra',
    'shop StatefulSet db in-sync',
  ]);
  const byName = (kind: string, name: string) => result.find((drift) => drift.kind === kind && drift.name === name)!;
  assert.deepEqual(byName('Deployment', 'api'), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'shop',
    name: 'api',
    status: 'modified',
    fields: [{ path: 'spec.template.spec.containers[name=api].image', desired: 'registry.example.com/shop/api:1.4.2', live: 'registry.example.com/shop/api:hotfix' }],
    origin: { file: 'apps/shop/all.yaml', line: 1 },
  });
  assert.deepEqual(byName('ConfigMap', 'api-config').origin, { file: 'apps/shop/all.yaml', line: 21 });
  assert.match(byName('Secret', 'api-credentials').reason!, /forbidden/);
  assert.match(byName('StatefulSet', 'db').reason!, /kustomize\.toolkit\.fluxcd\.io\/reconcile: disabled in Git/);
  assert.match(byName('HorizontalPodAutoscaler', 'api').reason!, /IfNotPresent/);
  assert.match(byName('Job', 'migrate').reason!, /helm\.sh\/hook: pre-upgrade/);
  assert.match(byName('ConfigMap', 'old-config').reason!, /Flux Kustomization flux-system\/apps/);
  assert.match(byName('ClusterRole', 'system:shop-reader').reason!, /Flux inventory \(_system__shop-reader_rbac\.authorization\.k8s\.io_ClusterRole\)/);
  assert.match(byName('CronJob', 'report').reason!, /Argo CD Application shop \(annotation argocd\.argoproj\.io\/tracking-id\)/);
  assert.match(byName('ServiceAccount', 'legacy').reason!, /label app\.kubernetes\.io\/instance/);
  assert.match(byName('NetworkPolicy', 'deny-all').reason!, /ApplySet applyset-shop-v1/);
  for (const drift of result) if (drift.status !== 'modified') assert.deepEqual(drift.fields, []);
});

test('Flux reconcile disabled on the live object, in any letter case, is not drift; IfNotPresent on a missing object is missing', () => {
  const deployment = pair('deployment-defaulted-by-server');
  const live = withAnnotation(deployment.live, 'kustomize.toolkit.fluxcd.io/reconcile', 'Disabled');
  at(live, 'spec').replicas = 1;
  const hpa = withAnnotation(pair('hpa-metrics-reordered-by-server').desired, 'kustomize.toolkit.fluxcd.io/ssa', 'IfNotPresent');
  const result = computeDrift({
    desired: [rendered(deployment.desired, 1), rendered(hpa, 2)],
    live: { objects: new Map([[keyOf(live), live]]), unknown: new Map(), candidates: [], markers },
    ignoreDifferences: [],
  });
  assert.deepEqual(result.map((drift) => [drift.kind, drift.status]), [['Deployment', 'in-sync'], ['HorizontalPodAutoscaler', 'missing']]);
  assert.match(result[0].reason!, /on the live object/);
});

test('ignoreDifferences reach compareObject through computeDrift', () => {
  const deployment = pair('deployment-defaulted-by-server');
  at(deployment.live, 'spec').replicas = 9;
  const result = computeDrift({
    desired: [rendered(deployment.desired, 1)],
    live: { objects: new Map([[keyOf(deployment.live), deployment.live]]), unknown: new Map(), candidates: [], markers },
    ignoreDifferences: [{ group: 'apps', kind: 'Deployment', name: 'api', jsonPointers: ['/spec/replicas'] }],
  });
  assert.equal(result[0].status, 'in-sync');
});

test('belongsToEnvironment: Argo CD tracking ids must describe the object; cluster-scoped ids; long app names in the legacy label', () => {
  const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:reader', annotations: { 'argocd.argoproj.io/tracking-id': 'shop:rbac.authorization.k8s.io/ClusterRole:/system:reader' } } };
  assert.match(belongsToEnvironment({ object: clusterRole, markers })!, /Argo CD Application shop/);
  const otherApp = { ...clusterRole, metadata: { name: 'system:reader', annotations: { 'argocd.argoproj.io/tracking-id': 'billing:rbac.authorization.k8s.io/ClusterRole:/system:reader' } } };
  assert.equal(belongsToEnvironment({ object: otherApp, markers }), undefined);
  const longName = 'a'.repeat(70);
  const labelled = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'shop', labels: { 'app.kubernetes.io/instance': longName.slice(0, 63) } } };
  assert.match(belongsToEnvironment({ object: labelled, markers: { ...markers, argoApplications: [longName] } })!, new RegExp(longName));
  const fluxLabelsWithoutNamespace = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y', namespace: 'shop', labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps' } } };
  assert.equal(belongsToEnvironment({ object: fluxLabelsWithoutNamespace, markers }), undefined);
  assert.equal(belongsToEnvironment({ object: { kind: 'ConfigMap' }, markers }), undefined);
});
