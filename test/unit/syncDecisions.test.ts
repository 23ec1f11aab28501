import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from '../../server/src/cli/commands/sync';
import type { Environment, FluxKustomization } from '../../server/src/engine/environments/Environment';
import { buildArgoOperation } from '../../server/src/engine/sync/buildArgoOperation';
import { decideArgoOperation } from '../../server/src/engine/sync/decideArgoOperation';
import { decideFluxReconcile } from '../../server/src/engine/sync/decideFluxReconcile';
import { findPruneCandidates } from '../../server/src/engine/sync/findPruneCandidates';
import { pruneVerdict } from '../../server/src/engine/sync/pruneVerdict';
import { fluxReconcileTargets } from '../../server/src/engine/sync/fluxReconcileTargets';
import { formatRfc3339Nano } from '../../server/src/engine/sync/formatRfc3339Nano';

// The pure decisions of the sync engine: what may be pruned, when Flux and Argo CD have answered,
// the request formats, and the order of Flux requests.

const id = 'applyset-abc-v1';
const managed = (manager: string, operation: 'Apply' | 'Update', fields: Record<string, unknown> = {}) => ({ manager, operation, apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: fields });
const ours = managed('gitops-workbench', 'Apply', { 'f:metadata': { 'f:labels': { 'f:applyset.kubernetes.io/part-of': {} } }, 'f:data': { 'f:a': {} } });

function member(name: string, metadata: Record<string, unknown> = {}, managedFields: unknown[] = [ours]) {
  const { labels, ...rest } = metadata as { labels?: Record<string, string> };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '7', labels: { 'applyset.kubernetes.io/part-of': id, ...labels }, managedFields, ...rest } };
}

test('pruneVerdict: only what the sync applied and nothing else claims is pruned', () => {
  assert.deepEqual(pruneVerdict({ object: member('plain'), fieldManager: 'gitops-workbench' }), { prune: 'not in Git; member of ApplySet (label applyset.kubernetes.io/part-of)' });
  const keep = (object: Record<string, unknown>) => {
    const verdict = pruneVerdict({ object, fieldManager: 'gitops-workbench' });
    assert.ok('keep' in verdict, JSON.stringify(verdict));
    return verdict.keep;
  };
  assert.equal(keep(member('flux', { labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } }, [ours, managed('kustomize-controller', 'Apply')])), 'also claimed by Flux Kustomization flux-system/apps (labels kustomize.toolkit.fluxcd.io/name)');
  assert.match(keep(member('argo', { annotations: { 'argocd.argoproj.io/tracking-id': 'shop:/ConfigMap:shop/argo' } })), /^also claimed by Argo CD Application shop \(annotation argocd\.argoproj\.io\/tracking-id\)$/);
  assert.match(keep(member('owned', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'x', controller: true }] })), /^made by its controller ReplicaSet web-1/);
  assert.equal(keep(member('gone', { deletionTimestamp: '2025-03-01T00:00:00Z' })), 'already being deleted');
  assert.equal(keep(member('opt-out', { annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } })), 'pruning disabled (kustomize.toolkit.fluxcd.io/prune: disabled)');
  assert.equal(keep(member('argo-opt-out', { annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false' } })), 'pruning disabled (argocd.argoproj.io/sync-options: ServerSideApply=true,Prune=false)');
  assert.match(keep(member('copied', {}, [managed('kubectl-edit', 'Update')])), /^GitOps Workbench never applied it/);
  assert.equal(keep(member('shared', {}, [ours, managed('kubectl', 'Apply')])), 'also server-side applied by kubectl');
  assert.equal(keep(member('client-side', { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } })), 'also applied with kubectl apply (last-applied-configuration annotation)');
  // A chart's own instance label, written by the sync from Git, is not Argo CD's mark.
  const chartLabel = { 'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/instance': {}, 'f:applyset.kubernetes.io/part-of': {} } } };
  assert.ok('prune' in pruneVerdict({ object: member('chart', { labels: { 'app.kubernetes.io/instance': 'web' } }, [managed('gitops-workbench', 'Apply', chartLabel)]), fieldManager: 'gitops-workbench' }));
  assert.match(keep(member('argo-legacy', { labels: { 'app.kubernetes.io/instance': 'shop' } }, [ours, managed('argocd-controller', 'Update')])), /Argo CD Application shop \(label app\.kubernetes\.io\/instance/);
  // Updates by others (a kubectl scale, a controller's status) do not make an object theirs.
  assert.ok('prune' in pruneVerdict({ object: member('scaled', {}, [ours, managed('kubectl', 'Update')]), fieldManager: 'gitops-workbench' }));
});

test('findPruneCandidates: members of this ApplySet only, not in Git, each once, with uid and resourceVersion', () => {
  const candidates = [member('old'), member('kept-in-git'), { ...member('other-set'), metadata: { ...member('other-set').metadata, labels: { 'applyset.kubernetes.io/part-of': 'applyset-other-v1' } } }, member('old'), member('flux', { labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps' } })];
  const { prunes, kept } = findPruneCandidates({ candidates, desiredKeys: new Set(['/ConfigMap/shop/kept-in-git']), applySetId: id, fieldManager: 'gitops-workbench' });
  assert.deepEqual(prunes.map((prune) => [prune.name, prune.uid, prune.resourceVersion]), [['old', 'uid-old', '7']]);
  assert.deepEqual(kept.map((note) => note.name), ['flux']);
  assert.deepEqual(findPruneCandidates({ candidates, desiredKeys: new Set(), applySetId: undefined, fieldManager: 'gitops-workbench' }), { prunes: [], kept: [] }, 'never synced: no ApplySet, nothing to prune');
});

test('formatRfc3339Nano: Go\'s RFC3339Nano in UTC, trailing zeros dropped; successive values strictly increase', () => {
  assert.equal(formatRfc3339Nano({ date: new Date('2025-03-01T10:00:00.120Z') }), '2025-03-01T10:00:00.12Z');
  assert.equal(formatRfc3339Nano({ date: new Date('2025-03-01T10:00:00.000Z') }), '2025-03-01T10:00:00Z');
  const values = Array.from({ length: 50 }, () => formatRfc3339Nano());
  for (const value of values) assert.match(value, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
  assert.equal(new Set(values).size, values.length);
});

const fluxObject = (status: Record<string, unknown>, generation = 2) => ({ metadata: { name: 'apps', generation }, status: { observedGeneration: 2, ...status } });
const cond = (type: string, status: string, reason = '', message = '') => ({ type, status, reason, message });

test('decideFluxReconcile: waits for that very request, a current generation and a settled Ready', () => {
  const requestedAt = '2025-03-01T10:00:00.123456789Z';
  assert.equal(decideFluxReconcile({ object: fluxObject({ lastHandledReconcileAt: 'earlier', conditions: [cond('Ready', 'False', 'BuildFailed', 'old failure')] }), requestedAt }), undefined, 'an older failure is not the answer');
  assert.equal(decideFluxReconcile({ object: fluxObject({ lastHandledReconcileAt: requestedAt, conditions: [cond('Reconciling', 'True'), cond('Ready', 'Unknown', 'Progressing')] }), requestedAt }), undefined);
  assert.equal(decideFluxReconcile({ object: fluxObject({ lastHandledReconcileAt: requestedAt, conditions: [cond('Ready', 'True')] }, 3), requestedAt }), undefined, 'status of an older generation');
  assert.equal(decideFluxReconcile({ object: fluxObject({ lastHandledReconcileAt: requestedAt, conditions: [cond('Ready', 'False', 'DependencyNotReady', 'dependency flux-system/infra is not ready')] }), requestedAt }), undefined, 'kustomize-controller retries dependencies');
  assert.deepEqual(decideFluxReconcile({ object: fluxObject({ lastHandledReconcileAt: requestedAt, lastAppliedRevision: 'main@sha1:abc', conditions: [cond('Ready', 'True', 'ReconciliationSucceeded', 'Applied revision: main@sha1:abc')] }), requestedAt }), { outcome: 'succeeded', message: 'Applied revision: main@sha1:abc', revision: 'main@sha1:abc' });
  assert.deepEqual(decideFluxReconcile({ object: fluxObject({ lastHandledReconcileAt: requestedAt, conditions: [cond('Ready', 'False', 'HealthCheckFailed', 'timeout waiting for: [Deployment/shop/web]')] }), requestedAt }), { outcome: 'failed', message: 'HealthCheckFailed: timeout waiting for: [Deployment/shop/web]' });
  assert.deepEqual(decideFluxReconcile({ object: fluxObject({ lastHandledReconcileAt: requestedAt, conditions: [cond('Stalled', 'True', 'InvalidPath', 'path ./apps not found'), cond('Ready', 'False')] }), requestedAt }), { outcome: 'failed', message: 'path ./apps not found' });
  assert.equal(decideFluxReconcile({ object: undefined, requestedAt })?.outcome, 'failed');
});

test('decideArgoOperation: waits until the controller removed the operation and finished its state', () => {
  const state = (phase: string, extra: Record<string, unknown> = {}) => ({ status: { operationState: { operation: { sync: { revision: 'main' }, initiatedBy: { username: 'gitops-workbench' } }, phase, message: `${phase}!`, ...extra } } });
  assert.equal(decideArgoOperation({ object: { operation: { sync: {} } }, username: 'gitops-workbench' }), undefined, 'not started');
  assert.equal(decideArgoOperation({ object: { operation: { sync: {} }, ...state('Failed') }, username: 'gitops-workbench' }), undefined, 'retrying: the operation stays');
  assert.equal(decideArgoOperation({ object: state('Running'), username: 'gitops-workbench' }), undefined);
  assert.equal(decideArgoOperation({ object: { status: {} }, username: 'gitops-workbench' }), undefined);
  assert.deepEqual(decideArgoOperation({ object: state('Succeeded', { syncResult: { revision: 'a'.repeat(40) } }), username: 'gitops-workbench' }), { outcome: 'succeeded', message: 'Succeeded!', revision: 'a'.repeat(40) });
  assert.deepEqual(decideArgoOperation({ object: state('Succeeded', { syncResult: { revisions: ['a', 'b'] } }), username: 'gitops-workbench' }), { outcome: 'succeeded', message: 'Succeeded!', revision: 'a, b' });
  assert.deepEqual(decideArgoOperation({ object: state('Error'), username: 'gitops-workbench' }), { outcome: 'failed', message: 'Error!' });
  const automated = { status: { operationState: { operation: { initiatedBy: { automated: true } }, phase: 'Succeeded' } } };
  assert.match(decideArgoOperation({ object: automated, username: 'gitops-workbench' })?.message ?? '', /^another operation \(an automated sync\) ran instead/);
});

test('buildArgoOperation: Argo CD\'s Operation fields, the target revision (revisions for multi-source), prune, retry', () => {
  assert.deepEqual(buildArgoOperation({ application: { spec: { source: { repoURL: 'x', targetRevision: 'main' } } } }), { sync: { revision: 'main' }, initiatedBy: { username: 'gitops-workbench' } });
  assert.deepEqual(buildArgoOperation({ application: { spec: { sources: [{ targetRevision: 'v1.2.0', chart: 'web' }, { targetRevision: 'main', ref: 'values' }], syncPolicy: { retry: { limit: 3, backoff: { duration: '5s' } } } } }, prune: true }), {
    sync: { revisions: ['v1.2.0', 'main'], prune: true },
    initiatedBy: { username: 'gitops-workbench' },
    retry: { limit: 3, backoff: { duration: '5s' } },
  });
});

function kustomization(name: string, dependsOn: string[] = [], source = 'flux-system'): FluxKustomization {
  return { name, namespace: 'flux-system', file: 'clusters/x.yaml', line: 1, path: `./${name}`, sourceRef: { kind: 'GitRepository', name: source, inThisRepository: true }, dependsOn: dependsOn.map((dependency) => ({ name: dependency })), patches: [], images: [], components: [], suspended: false };
}

test('fluxReconcileTargets: sources first (each once), then Kustomizations by dependsOn depth; a cycle does not hang', () => {
  const environment = { name: 'staging', source: 'flux', paths: [], inputs: [], flux: { kustomizations: [kustomization('apps', ['infra']), kustomization('infra'), kustomization('monitoring', ['apps', 'infra'], 'charts')] } } as Environment;
  assert.deepEqual(fluxReconcileTargets({ environment }).map((target) => `${target.stage} ${target.kind} ${target.name}`), ['0 GitRepository flux-system', '0 GitRepository charts', '1 Kustomization infra', '2 Kustomization apps', '3 Kustomization monitoring']);
  const cyclic = { ...environment, flux: { kustomizations: [kustomization('a', ['b']), kustomization('b', ['a'])] } } as Environment;
  assert.equal(fluxReconcileTargets({ environment: cyclic }).length, 3);
});

test('parseDuration: Go durations and bare seconds', () => {
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('1500ms'), 1500);
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('45'), 45_000);
  assert.throws(() => parseDuration('soon'), /not a duration/);
  assert.throws(() => parseDuration('0s'), /more than zero/);
});
