import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterUnreachableError } from '../../server/src/engine/cluster/errors/ClusterUnreachableError';
import { KubeApiError } from '../../server/src/engine/cluster/errors/KubeApiError';
import type { KubeClient, KubeRequest } from '../../server/src/engine/cluster/KubeClient';
import { applySetParentRef } from '../../server/src/engine/cluster/status/applySetParentRef';
import { buildApplySetParent } from '../../server/src/engine/cluster/status/buildApplySetParent';
import { computeApplySetId } from '../../server/src/engine/cluster/status/computeApplySetId';
import { describeReadFailure } from '../../server/src/engine/cluster/status/describeReadFailure';
import { findCondition } from '../../server/src/engine/cluster/status/findCondition';
import { formatApplySetGroupKinds } from '../../server/src/engine/cluster/status/formatApplySetGroupKinds';
import { parseApplySetParent } from '../../server/src/engine/cluster/status/parseApplySetParent';
import { parseArgoApplicationStatus } from '../../server/src/engine/cluster/status/parseArgoApplicationStatus';
import { parseFluxInventoryId } from '../../server/src/engine/cluster/status/parseFluxInventoryId';
import { parseFluxKustomizationStatus } from '../../server/src/engine/cluster/status/parseFluxKustomizationStatus';
import { parseFluxSourceStatus } from '../../server/src/engine/cluster/status/parseFluxSourceStatus';
import { parseReconcilerRevision } from '../../server/src/engine/cluster/status/parseReconcilerRevision';
import { readReconciledRevision } from '../../server/src/engine/cluster/status/readReconciledRevision';
import { summarizeReconcilers, type ReconcilerState } from '../../server/src/engine/cluster/status/summarizeReconcilers';
import type { Environment } from '../../server/src/engine/environments/Environment';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const c = 'c'.repeat(40);
const sha = '5394cb7f48332b2de7c17dd8b8384bbc84b7e738';
const digest = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

test('parseReconcilerRevision: every Flux, legacy Flux and Argo CD revision format', () => {
  const cases: Array<[string, { ref?: string; algorithm?: string; hash: string; sha?: string }]> = [
    [`main@sha1:${sha}`, { ref: 'main', algorithm: 'sha1', hash: sha, sha }],
    [`sha1:${sha}`, { algorithm: 'sha1', hash: sha, sha }],
    [`v1.2.0@sha1:${sha}`, { ref: 'v1.2.0', algorithm: 'sha1', hash: sha, sha }],
    [`refs/heads/main@sha1:${sha}`, { ref: 'refs/heads/main', algorithm: 'sha1', hash: sha, sha }],
    [`feature/login@sha1:${sha}`, { ref: 'feature/login', algorithm: 'sha1', hash: sha, sha }],
    [`refs/tags/v1.0.1@sha1:${sha}`, { ref: 'refs/tags/v1.0.1', algorithm: 'sha1', hash: sha, sha }],
    [`main@sha1:${sha.toUpperCase()}`, { ref: 'main', algorithm: 'sha1', hash: sha.toUpperCase(), sha }],
    // OCI and Bucket digests are not commits.
    [`latest@sha256:${digest}`, { ref: 'latest', algorithm: 'sha256', hash: digest }],
    [`sha256:${digest}`, { algorithm: 'sha256', hash: digest }],
    // Flux before v2.0.
    [`main/${sha}`, { ref: 'main', hash: sha, sha }],
    [`feature/branch/${sha}`, { ref: 'feature/branch', hash: sha, sha }],
    // Argo CD: a bare commit id, or a Helm chart version.
    [sha, { hash: sha, sha }],
    ['1.2.3', { hash: '1.2.3' }],
    ['release/1.2', { hash: 'release/1.2' }],
    // An abbreviated id is not enough to find the commit.
    [`main@sha1:${sha.slice(0, 12)}`, { ref: 'main', algorithm: 'sha1', hash: sha.slice(0, 12) }],
    ['main@sha1:', { ref: 'main', algorithm: 'sha1', hash: '' }],
  ];
  for (const [revision, expected] of cases) {
    assert.deepEqual(parseReconcilerRevision({ revision }), { raw: revision, ...expected }, revision);
  }
  assert.equal(parseReconcilerRevision({ revision: `  main@sha1:${sha}\n` }).sha, sha, 'surrounding space is ignored');
});

test('parseFluxInventoryId: namespaced, cluster-scoped, core group, colons in RBAC names; other shapes are refused', () => {
  const cases: Array<[string, [string, string, string, string] | undefined]> = [
    ['shop_web_apps_Deployment', ['shop', 'web', 'apps', 'Deployment']],
    ['shop_web__Service', ['shop', 'web', '', 'Service']],
    ['_shop__Namespace', ['', 'shop', '', 'Namespace']],
    ['_crontabs.stable.example.com_apiextensions.k8s.io_CustomResourceDefinition', ['', 'crontabs.stable.example.com', 'apiextensions.k8s.io', 'CustomResourceDefinition']],
    ['_system__metrics-reader_rbac.authorization.k8s.io_ClusterRole', ['', 'system:metrics-reader', 'rbac.authorization.k8s.io', 'ClusterRole']],
    ['kube-system_kubeadm__nodes-kubeadm-config_rbac.authorization.k8s.io_Role', ['kube-system', 'kubeadm:nodes-kubeadm-config', 'rbac.authorization.k8s.io', 'Role']],
    ['shop_a__b__ConfigMap', ['shop', 'a:b', '', 'ConfigMap']],
    ['shop_web_apps', undefined],
    ['web', undefined],
    ['', undefined],
    ['shop_we_b_apps_Deployment', undefined],
  ];
  for (const [id, expected] of cases) {
    const parsed = parseFluxInventoryId({ id });
    assert.deepEqual(parsed && [parsed.namespace, parsed.name, parsed.group, parsed.kind], expected, id);
  }
  assert.equal(parseFluxInventoryId({ id: 'shop_web_apps_Deployment', version: 'v1' })?.version, 'v1');
});

test('findCondition: metav1 conditions and Argo CD conditions (no status)', () => {
  const object = { status: { conditions: [{ type: 'Reconciling', status: 'True', reason: 'Progressing' }, { type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed', lastTransitionTime: '2025-01-01T00:00:00Z', observedGeneration: 3 }] } };
  assert.deepEqual(findCondition({ object, type: 'Ready' }), { type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed', lastTransitionTime: '2025-01-01T00:00:00Z', observedGeneration: 3 });
  assert.deepEqual(findCondition({ object: { status: { conditions: [{ type: 'ComparisonError', message: 'repo not found' }] } }, type: 'ComparisonError' }), { type: 'ComparisonError', message: 'repo not found' });
  assert.equal(findCondition({ object, type: 'Stalled' }), undefined);
  assert.equal(findCondition({ object: { status: {} }, type: 'Ready' }), undefined);
  assert.equal(findCondition({ object: null, type: 'Ready' }), undefined);
  assert.equal(findCondition({ object: { status: { conditions: 'nonsense' } }, type: 'Ready' }), undefined);
});

function kustomizationObject(status: Record<string, unknown>, extra: { generation?: number; suspend?: boolean; sourceRef?: Record<string, unknown> } = {}): unknown {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'apps', namespace: 'flux-system', generation: extra.generation ?? 1 },
    spec: { interval: '10m', path: './apps', prune: true, sourceRef: extra.sourceRef ?? { kind: 'GitRepository', name: 'flux-system' }, ...(extra.suspend ? { suspend: true } : {}) },
    status,
  };
}

const condition = (type: string, status: string, reason: string, message = '', observedGeneration = 1) => ({ type, status, reason, message, lastTransitionTime: '2025-02-01T10:00:00Z', observedGeneration });

test('parseFluxKustomizationStatus: Ready True, False and Unknown; no conditions yet; Reconciling and Stalled', () => {
  const parse = (status: Record<string, unknown>, extra = {}) => parseFluxKustomizationStatus({ object: kustomizationObject(status, extra), name: 'apps', namespace: 'flux-system' });
  const succeeded = parse({ observedGeneration: 1, lastAppliedRevision: `main@sha1:${a}`, lastAttemptedRevision: `main@sha1:${a}`, conditions: [condition('Ready', 'True', 'ReconciliationSucceeded', `Applied revision: main@sha1:${a}`)] });
  assert.deepEqual(
    [succeeded.revision, succeeded.applied?.ref, succeeded.ready, succeeded.reason, succeeded.readyChangedAt, succeeded.attempted, succeeded.stale, succeeded.reconciling, succeeded.stalled, succeeded.suspended],
    [a, 'main', true, 'ReconciliationSucceeded', '2025-02-01T10:00:00Z', undefined, false, false, false, false],
  );
  assert.deepEqual(succeeded.sourceRef, { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' });

  const failed = parse({ observedGeneration: 1, lastAppliedRevision: `main@sha1:${a}`, lastAttemptedRevision: `main@sha1:${b}`, conditions: [condition('Ready', 'False', 'BuildFailed', 'kustomize build failed: accumulating resources'), condition('Stalled', 'True', 'BuildFailed', '')] });
  assert.deepEqual([failed.revision, failed.attempted?.sha, failed.ready, failed.reason, failed.message, failed.stalled], [a, b, false, 'BuildFailed', 'kustomize build failed: accumulating resources', true]);

  const progressing = parse({ observedGeneration: 1, lastAppliedRevision: `main@sha1:${a}`, lastAttemptedRevision: `main@sha1:${b}`, conditions: [condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress'), condition('Reconciling', 'True', 'Progressing', 'Building manifests')] });
  assert.deepEqual([progressing.ready, progressing.reason, progressing.reconciling, progressing.attempted?.sha], [undefined, 'Progressing', true, b]);

  const dependency = parse({ conditions: [condition('Ready', 'False', 'DependencyNotReady', "dependency 'flux-system/infra' is not ready")] });
  assert.deepEqual([dependency.revision, dependency.applied, dependency.ready, dependency.reason], [undefined, undefined, false, 'DependencyNotReady']);

  const fresh = parse({});
  assert.deepEqual([fresh.found, fresh.revision, fresh.ready, fresh.inventory], [true, undefined, undefined, []]);
});

test('parseFluxKustomizationStatus: stale status, suspended, OCI source with an origin revision, legacy revision, inventory', () => {
  const stale = parseFluxKustomizationStatus({ object: kustomizationObject({ observedGeneration: 1, lastAppliedRevision: `main@sha1:${a}`, conditions: [condition('Ready', 'True', 'ReconciliationSucceeded')] }, { generation: 2 }), name: 'apps', namespace: 'flux-system' });
  assert.equal(stale.stale, true);
  const staleByCondition = parseFluxKustomizationStatus({ object: kustomizationObject({ conditions: [condition('Ready', 'True', 'ReconciliationSucceeded', '', 1)] }, { generation: 2 }), name: 'apps', namespace: 'flux-system' });
  assert.equal(staleByCondition.stale, true, 'the Ready condition observedGeneration counts when the status has none');

  const suspended = parseFluxKustomizationStatus({ object: kustomizationObject({ lastAppliedRevision: `main@sha1:${a}` }, { suspend: true }), name: 'apps', namespace: 'flux-system' });
  assert.equal(suspended.suspended, true);

  const oci = parseFluxKustomizationStatus({
    object: kustomizationObject({ lastAppliedRevision: `latest@sha256:${digest}`, lastAppliedOriginRevision: `main@sha1:${c}` }, { sourceRef: { kind: 'OCIRepository', name: 'manifests', namespace: 'flux-system' } }),
    name: 'apps',
    namespace: 'flux-system',
  });
  assert.deepEqual([oci.applied?.sha, oci.appliedOrigin?.sha, oci.revision, oci.sourceRef?.kind], [undefined, c, c, 'OCIRepository']);

  const legacy = parseFluxKustomizationStatus({ object: kustomizationObject({ lastAppliedRevision: `main/${a}` }), name: 'apps', namespace: 'flux-system' });
  assert.equal(legacy.revision, a);

  const inventory = parseFluxKustomizationStatus({
    object: kustomizationObject({ inventory: { entries: [{ id: 'shop_web_apps_Deployment', v: 'v1' }, { id: 'broken' }, { v: 'v1' }, { id: '_system__monitoring_rbac.authorization.k8s.io_ClusterRole', v: 'v1' }] } }),
    name: 'apps',
    namespace: 'flux-system',
    inThisRepository: false,
  });
  assert.deepEqual(inventory.inventory.map((entry) => entry.id), ['shop_web_apps_Deployment', '_system__monitoring_rbac.authorization.k8s.io_ClusterRole']);
  assert.equal(inventory.inventory[1].name, 'system:monitoring');
  assert.equal(inventory.inThisRepository, false);
});

test("parseFluxSourceStatus: the GitRepository's artifact revision and Ready condition", () => {
  const source = parseFluxSourceStatus({
    object: { status: { artifact: { revision: `main@sha1:${b}`, lastUpdateTime: '2025-02-01T09:00:00Z', path: 'x', url: 'y' }, conditions: [condition('Ready', 'True', 'Succeeded', `stored artifact for revision 'main@sha1:${b}'`)] } },
    kind: 'GitRepository',
    name: 'flux-system',
    namespace: 'flux-system',
  });
  assert.deepEqual([source.artifact?.sha, source.artifact?.ref, source.artifactUpdatedAt, source.ready], [b, 'main', '2025-02-01T09:00:00Z', true]);
  const failing = parseFluxSourceStatus({ object: { status: { conditions: [condition('Ready', 'False', 'GitOperationFailed', 'authentication required')] } }, kind: 'GitRepository', name: 'x', namespace: 'flux-system' });
  assert.deepEqual([failing.artifact, failing.ready, failing.message], [undefined, false, 'authentication required']);
});

function application(status: Record<string, unknown>, spec: Record<string, unknown> = { source: { repoURL: 'https://example.com/shop.git', path: 'apps', targetRevision: 'main' } }): unknown {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop', namespace: 'argocd' }, spec, status };
}

test('parseArgoApplicationStatus: a succeeded sync is deployed; sync.revision is only what was compared', () => {
  const parsed = parseArgoApplicationStatus({
    object: application({
      sync: { status: 'OutOfSync', revision: c },
      health: { status: 'Healthy' },
      history: [{ id: 2, revision: b, deployedAt: '2025-02-01T09:00:00Z' }, { id: 1, revision: a, deployedAt: '2025-02-01T08:00:00Z' }],
      operationState: { phase: 'Succeeded', message: 'successfully synced', startedAt: 'x', finishedAt: '2025-02-01T09:00:00Z', syncResult: { revision: b } },
      reconciledAt: '2025-02-01T10:00:00Z',
    }),
    name: 'shop',
    namespace: 'argocd',
  });
  assert.deepEqual(
    [parsed.revision, parsed.deployedAt, parsed.historyId, parsed.history.map((entry) => entry.id), parsed.syncStatus, parsed.comparedRevision, parsed.ready, parsed.targetRevision, parsed.reconciledAt, parsed.message],
    [b, '2025-02-01T09:00:00Z', 2, [1, 2], 'OutOfSync', c, true, 'main', '2025-02-01T10:00:00Z', undefined],
  );
});

test('parseArgoApplicationStatus: a failed or running sync leaves the last successful deployment, and says what was attempted', () => {
  const failed = parseArgoApplicationStatus({
    object: application({
      sync: { status: 'OutOfSync', revision: c },
      health: { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' },
      history: [{ id: 1, revision: a, deployedAt: '2025-02-01T08:00:00Z', initiatedBy: { username: 'alice' } }],
      operationState: { phase: 'Failed', message: 'one or more objects failed to apply', startedAt: 'x', syncResult: { revision: c } },
      conditions: [{ type: 'SyncError', message: 'Failed sync attempt to ' + c }, { type: 'OrphanedResourceWarning', message: 'ignored' }],
    }),
    name: 'shop',
    namespace: 'argocd',
  });
  assert.deepEqual([failed.revision, failed.historyId, failed.attemptedRevision, failed.operationPhase, failed.ready, failed.history[0].initiatedBy], [a, 1, c, 'Failed', false, 'alice']);
  assert.deepEqual(failed.errors, [`SyncError: Failed sync attempt to ${c}`]);
  assert.match(failed.message!, /^health is Degraded: Deployment "web" exceeded its progress deadline; the last sync failed at cccccccccccc: one or more objects failed to apply; SyncError/);

  const running = parseArgoApplicationStatus({ object: application({ health: { status: 'Progressing' }, history: [{ id: 4, revision: a }], operationState: { phase: 'Running', startedAt: 'x', syncResult: { revision: b } } }), name: 'shop', namespace: 'argocd' });
  assert.deepEqual([running.revision, running.attemptedRevision, running.ready], [a, b, false]);
  assert.match(running.message!, /health is Progressing; a sync is running \(to bbbbbbbbbbbb\)/);

  const never = parseArgoApplicationStatus({ object: application({ sync: { status: 'OutOfSync', revision: a }, health: { status: 'Missing' } }), name: 'shop', namespace: 'argocd' });
  assert.deepEqual([never.revision, never.ready], [undefined, false]);
  assert.match(never.message!, /no successful sync recorded yet/);

  const errored = parseArgoApplicationStatus({ object: application({ operationState: { phase: 'Error', message: 'ComparisonError: rpc error', startedAt: 'x' } }), name: 'shop', namespace: 'argocd' });
  assert.deepEqual([errored.ready, errored.healthStatus], [false, undefined]);
  const unknown = parseArgoApplicationStatus({ object: application({}), name: 'shop', namespace: 'argocd' });
  assert.equal(unknown.ready, undefined);
});

test('parseArgoApplicationStatus: multi-source revisions follow the source of this repository; a Helm source revision is not a commit', () => {
  const spec = {
    sources: [
      { repoURL: 'https://charts.example.com', chart: 'web', targetRevision: '1.2.3', helm: { valueFiles: ['$values/apps/values.yaml'] } },
      { repoURL: 'https://example.com/shop.git', targetRevision: 'main', ref: 'values' },
    ],
  };
  const status = {
    sync: { status: 'Synced', revisions: ['1.2.3', b] },
    health: { status: 'Healthy' },
    history: [{ id: 7, revisions: ['1.2.3', a], deployedAt: '2025-02-01T08:00:00Z' }],
    operationState: { phase: 'Succeeded', startedAt: 'x', finishedAt: '2025-02-01T09:00:00Z', syncResult: { revisions: ['1.2.3', b] } },
  };
  const ours = parseArgoApplicationStatus({ object: application(status, spec), name: 'shop', namespace: 'argocd', sourceIndex: 1 });
  assert.deepEqual([ours.revision, ours.revisions, ours.targetRevision, ours.comparedRevision, ours.history[0].revision], [b, ['1.2.3', b], 'main', b, a]);
  const chart = parseArgoApplicationStatus({ object: application(status, spec), name: 'shop', namespace: 'argocd', sourceIndex: 0 });
  assert.deepEqual([chart.revision, chart.targetRevision], [undefined, '1.2.3']);
});

function state(label: string, extra: Partial<ReconcilerState>): ReconcilerState {
  return { label, found: true, inThisRepository: true, ...extra };
}

test('summarizeReconcilers: the furthest-behind commit, readiness of all, unknown when it cannot be told', () => {
  const same = summarizeReconcilers({ states: [state('Kustomization flux-system/infra', { revision: a, ref: 'main', ready: true, reconciledAt: 't1' }), state('Kustomization flux-system/apps', { revision: a, ready: true })] });
  assert.deepEqual(same, { revision: a, ref: 'main', ready: true, reconciledAt: 't1' });

  const ordered = summarizeReconcilers({ states: [state('Kustomization x/infra', { revision: a, ready: true }), state('Kustomization x/apps', { revision: b, ready: false, message: 'HealthCheckFailed: timeout' })], behindBySha: new Map([[a, 1], [b, 4]]) });
  assert.equal(ordered.revision, b);
  assert.equal(ordered.ready, false);
  assert.match(ordered.message!, /^Kustomization x\/apps is not ready: HealthCheckFailed: timeout; the Kustomizations run different commits \(aaaaaaaaaaaa, bbbbbbbbbbbb\); bbbbbbbbbbbb is furthest behind$/);

  const notInRepository = summarizeReconcilers({ states: [state('Application argocd/a', { revision: a, ready: true }), state('Application argocd/b', { revision: c, ready: true })], behindBySha: new Map([[a, 9], [c, undefined]]) });
  assert.equal(notInRepository.revision, c, 'a commit not in the repository counts as furthest behind');

  const unordered = summarizeReconcilers({ states: [state('Application argocd/a', { revision: a, ready: true }), state('Application argocd/b', { revision: b, ready: true })] });
  assert.deepEqual([unordered.revision, unordered.ready], [undefined, true]);

  const external = summarizeReconcilers({ states: [state('Kustomization x/infra', { revision: a, ready: true }), state('Kustomization x/vendor', { revision: c, ready: true, inThisRepository: false })] });
  assert.equal(external.revision, a, 'a source in another repository does not count');
  const allExternal = summarizeReconcilers({ states: [state('Kustomization x/vendor', { revision: c, ready: true, inThisRepository: false })] });
  assert.equal(allExternal.revision, undefined);
  assert.match(allExternal.message!, /every source is another repository/);

  const neverApplied = summarizeReconcilers({ states: [state('Kustomization x/infra', { revision: a, ready: true }), state('Kustomization x/apps', { ready: false, message: 'DependencyNotReady' })] });
  assert.equal(neverApplied.revision, undefined);
  assert.match(neverApplied.message!, /Kustomization x\/apps has not applied a commit of this repository yet/);

  const notFound = summarizeReconcilers({ states: [state('Kustomization x/apps', { found: false, problem: { object: 'Kustomization x/apps', code: 'NotFound', message: 'Kustomization x/apps was not found in the cluster' } })] });
  assert.deepEqual(notFound, { ready: false, message: 'Kustomization x/apps was not found in the cluster' });
  const forbidden = summarizeReconcilers({ states: [state('Kustomization x/apps', { found: false, problem: { object: 'Kustomization x/apps', code: 'Forbidden', message: 'no access' } })] });
  assert.deepEqual(forbidden, { message: 'no access' }, 'forbidden: readiness unknown, not false');

  const notes = summarizeReconcilers({ states: [state('Kustomization x/apps', { revision: a, ready: true, notes: ['suspended (spec.suspend: true): it applies nothing until resumed'] })] });
  assert.equal(notes.message, 'Kustomization x/apps: suspended (spec.suspend: true): it applies nothing until resumed');
  assert.match(summarizeReconcilers({ states: [] }).message!, /no Kustomization or Application reconciles this environment/);
});

test('computeApplySetId: the id kubectl v1.32 wrote for configmaps/gitops-workbench-staging in namespace shop', () => {
  // Observed: KUBECTL_APPLYSET=true kubectl apply --server-side -n shop --prune --applyset=configmaps/gitops-workbench-staging
  assert.equal(computeApplySetId({ name: 'gitops-workbench-staging', namespace: 'shop', kind: 'ConfigMap', group: '' }), 'applyset-OY7H9H0-xPEkJ4YxKRv1rF0eGizHPacKKNYKozvKn-A-v1');
  const id = computeApplySetId({ name: 'set', namespace: '', kind: 'ApplySet', group: 'example.com' });
  assert.match(id, /^applyset-[A-Za-z0-9_-]{43}-v1$/, 'unpadded base64url of 32 bytes');
});

test('applySetParentRef: the environment name sanitised into a ConfigMap name, distinct for names that sanitise alike', () => {
  assert.deepEqual(applySetParentRef({ environment: { name: 'staging', namespace: 'shop' } }), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    group: '',
    name: 'gitops-workbench-staging',
    namespace: 'shop',
    id: 'applyset-OY7H9H0-xPEkJ4YxKRv1rF0eGizHPacKKNYKozvKn-A-v1',
  });
  assert.equal(applySetParentRef({ environment: { name: 'prod-eu-1' } }).namespace, 'default');
  const upper = applySetParentRef({ environment: { name: 'Staging' } }).name;
  const spaced = applySetParentRef({ environment: { name: 'eu west/prod' } }).name;
  assert.match(upper, /^gitops-workbench-staging-[0-9a-f]{8}$/);
  assert.match(spaced, /^gitops-workbench-eu-west-prod-[0-9a-f]{8}$/);
  assert.notEqual(upper, 'gitops-workbench-staging');
  const long = applySetParentRef({ environment: { name: 'x'.repeat(100) } }).name;
  assert.ok(long.length <= 63 && /^gitops-workbench-x+-[0-9a-f]{8}$/.test(long), long);
  assert.match(applySetParentRef({ environment: { name: '***' } }).name, /^gitops-workbench-[0-9a-f]{8}$/);
  for (const name of [upper, spaced, long]) assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
});

test('formatApplySetGroupKinds: kubectl\'s format, sorted and deduplicated', () => {
  assert.equal(formatApplySetGroupKinds({ kinds: [{ group: 'apps', kind: 'Deployment' }, { group: '', kind: 'ConfigMap' }, { group: 'apps', kind: 'Deployment' }, { group: 'networking.k8s.io', kind: 'Ingress' }, { group: '', kind: 'Service' }] }), 'ConfigMap,Deployment.apps,Ingress.networking.k8s.io,Service');
  assert.equal(formatApplySetGroupKinds({ kinds: [] }), '');
});

test('buildApplySetParent and parseApplySetParent agree; a foreign or unfinished parent is not trusted', () => {
  const environment = { name: 'staging', namespace: 'shop' };
  const parent = applySetParentRef({ environment });
  const object = buildApplySetParent({ environment, version: '0.1.0', kinds: [{ group: 'apps', kind: 'Deployment' }], namespaces: ['shop', 'shop-db'], revision: a, ref: 'main', appliedAt: '2025-02-01T12:00:00Z' });
  assert.deepEqual(object, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'gitops-workbench-staging',
      namespace: 'shop',
      labels: { 'applyset.kubernetes.io/id': parent.id },
      annotations: {
        'applyset.kubernetes.io/tooling': 'gitops-workbench/0.1.0',
        'applyset.kubernetes.io/contains-group-kinds': 'Deployment.apps',
        'applyset.kubernetes.io/additional-namespaces': 'shop-db',
        'gitops-workbench.dev/environment': 'staging',
        'gitops-workbench.dev/applied-revision': a,
        'gitops-workbench.dev/applied-at': '2025-02-01T12:00:00Z',
        'gitops-workbench.dev/applied-ref': 'main',
      },
    },
  });
  const parsed = parseApplySetParent({ object, parent });
  assert.deepEqual([parsed.revision, parsed.ref, parsed.appliedAt, parsed.tooling, parsed.groupKinds, parsed.foundId, parsed.message], [a, 'main', '2025-02-01T12:00:00Z', 'gitops-workbench/0.1.0', ['Deployment.apps'], parent.id, undefined]);

  const unfinished = buildApplySetParent({ environment, version: '0.1.0', kinds: [] });
  const unfinishedStatus = parseApplySetParent({ object: unfinished, parent });
  assert.deepEqual([unfinishedStatus.revision, unfinishedStatus.groupKinds], [undefined, []]);
  assert.match(unfinishedStatus.message!, /records no applied commit yet/);

  const foreign = parseApplySetParent({ object: { metadata: { labels: { 'applyset.kubernetes.io/id': parent.id }, annotations: { 'applyset.kubernetes.io/tooling': 'kubectl/v1.32.4', 'gitops-workbench.dev/applied-revision': a } } }, parent });
  assert.equal(foreign.revision, undefined);
  assert.match(foreign.message!, /belongs to another tool \(applyset.kubernetes.io\/tooling: kubectl\/v1.32.4\)/);
  const wrongId = parseApplySetParent({ object: { metadata: { labels: { 'applyset.kubernetes.io/id': 'applyset-other-v1' }, annotations: { 'gitops-workbench.dev/applied-revision': a } } }, parent });
  assert.equal(wrongId.revision, undefined);
  assert.match(wrongId.message!, /is not this environment's ApplySet parent/);
  const notASha = parseApplySetParent({ object: { metadata: { labels: { 'applyset.kubernetes.io/id': parent.id }, annotations: { 'gitops-workbench.dev/applied-revision': 'main' } } }, parent });
  assert.match(notASha.message!, /not a commit id/);
});

const forbiddenMessage = 'kustomizations.kustomize.toolkit.fluxcd.io "apps" is forbidden: User "reader" cannot get resource "kustomizations" in API group "kustomize.toolkit.fluxcd.io" in the namespace "flux-system"';

test('describeReadFailure: not found, kind not served, forbidden, unauthorized, other answers; other errors are rethrown', () => {
  const describe = (error: unknown) => describeReadFailure({ error, object: 'Kustomization flux-system/apps', resource: 'kustomizations.kustomize.toolkit.fluxcd.io', hint: 'is it applied?' });
  const notFound = describe(new KubeApiError(404, 'NotFound', 'kustomizations.kustomize.toolkit.fluxcd.io "apps" not found', { name: 'apps', group: 'kustomize.toolkit.fluxcd.io', kind: 'kustomizations' }));
  assert.deepEqual(notFound, { object: 'Kustomization flux-system/apps', code: 'NotFound', message: 'Kustomization flux-system/apps was not found in the cluster: is it applied?' });
  const notServed = describe(new KubeApiError(404, 'NotFound', 'the server could not find the requested resource', {}));
  assert.equal(notServed.code, 'NotServed');
  assert.match(notServed.message, /^the cluster does not serve kustomizations\.kustomize\.toolkit\.fluxcd\.io/);
  const forbidden = describe(new KubeApiError(403, 'Forbidden', forbiddenMessage, { name: 'apps', kind: 'kustomizations' }));
  assert.deepEqual(forbidden, { object: 'Kustomization flux-system/apps', code: 'Forbidden', message: `no access to Kustomization flux-system/apps: the cluster credentials may not read kustomizations.kustomize.toolkit.fluxcd.io (the API server said: ${forbiddenMessage})` });
  assert.equal(describe(new KubeApiError(401, 'Unauthorized', 'Unauthorized')).code, 'Unauthorized');
  assert.deepEqual(describe(new KubeApiError(500, 'InternalError', 'etcd timeout')), { object: 'Kustomization flux-system/apps', code: 'ApiError', message: 'reading Kustomization flux-system/apps failed: 500 InternalError (the API server said: etcd timeout)' });
  assert.throws(() => describe(new ClusterUnreachableError('https://127.0.0.1:1', 'connect ECONNREFUSED')), ClusterUnreachableError);
  assert.throws(() => describe(new TypeError('bug')), TypeError);
});

/** forbiddingClient answers every GET with the 403 Status an RBAC-limited user gets. */
function forbiddingClient(paths: string[]): KubeClient {
  return {
    // Only the fields these readers never look at differ between versions of KubeConnection.
    connection: { server: 'https://cluster.example', context: 'limited', namespace: 'default', user: 'reader', warnings: [] } as unknown as KubeClient['connection'],
    request<T>(request: KubeRequest): Promise<T> {
      paths.push(request.path);
      const resource = request.path.split('/').slice(-2)[0];
      return Promise.reject(new KubeApiError(403, 'Forbidden', `${resource} is forbidden: User "reader" cannot get resource "${resource}"`, { kind: resource }));
    },
    stream() {
      throw new Error('not used');
    },
    close() {},
  };
}

test('readReconciledRevision: 403 becomes a clear message per object, not a throw, for Flux, Argo CD and push environments', async () => {
  const paths: string[] = [];
  const client = forbiddingClient(paths);
  const flux: Environment = {
    name: 'production',
    source: 'flux',
    paths: ['apps'],
    inputs: ['apps'],
    flux: { kustomizations: [{ name: 'apps', file: 'clusters/production/apps.yaml', line: 3, path: 'apps', sourceRef: { kind: 'GitRepository', name: 'flux-system', inThisRepository: true }, dependsOn: [], patches: [], images: [], components: [], suspended: false }] },
  };
  const fluxResult = await readReconciledRevision({ client, environment: flux });
  assert.deepEqual([fluxResult.source, fluxResult.revision, fluxResult.ready], ['flux', undefined, undefined]);
  assert.deepEqual(fluxResult.problems.map((problem) => [problem.object, problem.code]), [['Kustomization flux-system/apps', 'Forbidden']]);
  assert.match(fluxResult.message!, /^no access to Kustomization flux-system\/apps: the cluster credentials may not read kustomizations\.kustomize\.toolkit\.fluxcd\.io/);
  assert.deepEqual(paths, ['/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps'], 'a 403 is not retried with another version');

  const argo: Environment = {
    name: 'shop',
    source: 'argocd',
    paths: ['apps'],
    inputs: ['apps'],
    argocd: { applications: [{ name: 'shop', file: 'argocd/shop.yaml', line: 1, sources: [{ repoURL: 'https://example.com/shop.git', path: 'apps', inThisRepository: true }], destination: {} }] },
  };
  const argoResult = await readReconciledRevision({ client, environment: argo, options: { argoNamespace: 'gitops' } });
  assert.deepEqual(argoResult.problems.map((problem) => [problem.object, problem.code]), [['Application gitops/shop', 'Forbidden']]);

  const push: Environment = { name: 'staging', source: 'config', paths: ['apps'], inputs: ['apps'], reconciler: 'push' };
  const pushResult = await readReconciledRevision({ client, environment: push });
  assert.equal(pushResult.source, 'push');
  assert.deepEqual(pushResult.problems.map((problem) => [problem.object, problem.code]), [['ConfigMap default/gitops-workbench-staging', 'Forbidden']]);
  assert.match(pushResult.message!, /^no access to ConfigMap default\/gitops-workbench-staging/);
});
