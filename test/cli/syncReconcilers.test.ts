import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import type { KubeObject } from '../../server/src/engine/cluster/KubeClient';
import { watchObjects, type ObjectWatch } from '../../server/src/engine/cluster/watchObjects';
import { discoverEnvironments } from '../../server/src/engine/environments/discoverEnvironments';
import { findEnvironment } from '../../server/src/engine/environments/findEnvironment';
import { openRepository } from '../../server/src/engine/git/openRepository';
import { inspectEnvironment } from '../../server/src/engine/inspect/inspectEnvironment';
import { openClusterSession, type ClusterSession } from '../../server/src/engine/inspect/openClusterSession';
import { SyncBlockedError } from '../../server/src/engine/sync/errors/SyncBlockedError';
import { planSync } from '../../server/src/engine/sync/planSync';
import { syncEnvironment } from '../../server/src/engine/sync/syncEnvironment';
import type { ArgoSyncPlan, FluxSyncPlan } from '../../server/src/engine/sync/SyncPlan';
import { git } from '../support/buildFixtureRepo';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { runCliAsync } from '../support/runCliAsync';
import { repoRoot } from '../support/startLanguageServer';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

/**
 * Syncing a Flux and an Argo CD environment. The emulator has no controllers, so each test plays
 * the controller as kustomize-controller, source-controller and Argo CD's application controller
 * behave: it watches for the request (the reconcile.fluxcd.io/requestedAt annotation, the
 * Application's `operation`), then writes the status they write — progress first, then the end.
 * The tests assert the request is made exactly as Flux and Argo CD expect, and that success,
 * failure and timeout are each reported, by the engine and by `gitops-workbench sync`.
 */

const crds = path.resolve(repoRoot, '..', 'shared', 'data', 'crds');
const requestedAtFormat = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

const repoFiles: Record<string, string> = {
  'clusters/staging/flux-system/gotk-sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec:
  interval: 1m0s
  ref: {branch: main}
  url: https://example.com/shop-fleet.git
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: flux-system, namespace: flux-system}
spec:
  interval: 10m0s
  path: ./clusters/staging
  prune: true
  sourceRef: {kind: GitRepository, name: flux-system}
`,
  'clusters/staging/apps.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  interval: 10m0s
  dependsOn: [{name: flux-system}]
  path: ./apps/staging
  prune: true
  sourceRef: {kind: GitRepository, name: flux-system}
`,
  'clusters/staging/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [flux-system/gotk-sync.yaml, apps.yaml]\n',
  'apps/staging/web.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\ndata: {a: "1"}\n',
  'apps/production/web.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: "2"}\n',
  'argocd/shop-production.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: shop-production, namespace: argocd}
spec:
  project: default
  source: {repoURL: https://example.com/shop-fleet.git, path: apps/production, targetRevision: main}
  destination: {server: https://kubernetes.default.svc, namespace: shop-production}
  syncPolicy:
    retry: {limit: 2}
`,
};

let emulator: RunningKubeEmulator;
let session: ClusterSession;
let root: string;
let head: string;
const watches: ObjectWatch[] = [];

const fluxBase = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';
const sourceBase = '/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories';
const appPath = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/shop-production';

function resource(group: string, kind: string) {
  const found = session.resources.find((candidate) => candidate.group === group && candidate.kind === kind);
  assert.ok(found, `${group} ${kind} served`);
  return found;
}

async function patch(pathname: string, body: unknown): Promise<void> {
  await session.client.request({ method: 'PATCH', path: pathname, contentType: 'application/merge-patch+json', body });
}

async function get(pathname: string): Promise<KubeObject> {
  return session.client.request({ method: 'GET', path: pathname });
}

const condition = (type: string, status: string, reason: string, message: string, observedGeneration: number) => ({ type, status, reason, message, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), observedGeneration });

type FluxBehaviour = 'ready' | 'fail' | 'ignore';

/**
 * playFlux answers reconcile requests as source-controller and kustomize-controller do: on a new
 * requestedAt it records lastHandledReconcileAt with Reconciling=True and Ready=Unknown, then
 * Ready=True with the applied revision (or Ready=False with the build error), on /status.
 */
function playFlux(behaviour: Record<string, FluxBehaviour>): { seen: Array<{ what: string; requestedAt: string; generation: unknown }> } {
  const seen: Array<{ what: string; requestedAt: string; generation: unknown }> = [];
  const handled = new Set<string>();
  for (const [group, kind, base] of [['source.toolkit.fluxcd.io', 'GitRepository', sourceBase], ['kustomize.toolkit.fluxcd.io', 'Kustomization', fluxBase]] as const) {
    const watch = watchObjects({
      client: session.client,
      resource: resource(group, kind),
      namespace: 'flux-system',
      onResync: () => undefined,
      onChange: (change) => {
        const object = change.object as { metadata: { name: string; generation?: number; annotations?: Record<string, string> }; status?: { lastHandledReconcileAt?: string } };
        const requestedAt = object.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
        const key = `${kind}/${object.metadata.name}|${requestedAt}`;
        if (!requestedAt || object.status?.lastHandledReconcileAt === requestedAt || handled.has(key)) return;
        handled.add(key);
        const what = `${kind}/${object.metadata.name}`;
        seen.push({ what, requestedAt, generation: object.metadata.generation });
        const answer = behaviour[what] ?? 'ready';
        if (answer === 'ignore') return;
        const url = `${base}/${object.metadata.name}/status`;
        const generation = object.metadata.generation ?? 1;
        void (async () => {
          await patch(url, { status: { observedGeneration: generation, lastHandledReconcileAt: requestedAt, conditions: [condition('Reconciling', 'True', 'Progressing', 'Reconciliation in progress', generation), condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress', generation)] } });
          if (answer === 'fail') {
            await patch(url, { status: { conditions: [condition('Ready', 'False', 'BuildFailed', 'kustomize build failed: accumulating resources: missing.yaml: no such file', generation)] } });
          } else if (kind === 'GitRepository') {
            await patch(url, { status: { artifact: { revision: `main@sha1:${head}`, digest: 'sha256:00', lastUpdateTime: '2025-03-01T10:00:00Z', path: 'x', url: 'http://x' }, conditions: [condition('Ready', 'True', 'Succeeded', `stored artifact for revision 'main@sha1:${head}'`, generation)] } });
          } else {
            await patch(url, { status: { lastAppliedRevision: `main@sha1:${head}`, lastAttemptedRevision: `main@sha1:${head}`, conditions: [condition('Ready', 'True', 'ReconciliationSucceeded', `Applied revision: main@sha1:${head}`, generation)] } });
          }
        })();
      },
    });
    watch.done.catch(() => undefined);
    watches.push(watch);
  }
  return { seen };
}

type ArgoBehaviour = 'succeed' | 'fail' | 'ignore';

/**
 * playArgo answers sync operations as Argo CD's application controller does: it copies the
 * operation into status.operationState (Running), then finishes it (Succeeded with the synced
 * commit, or Failed) and removes `operation` — on the Application itself, which has no status
 * subresource.
 */
function playArgo(behaviour: ArgoBehaviour): { seen: Array<{ operation: unknown; operationState: unknown }> } {
  const seen: Array<{ operation: unknown; operationState: unknown }> = [];
  let busy = false;
  const watch = watchObjects({
    client: session.client,
    resource: resource('argoproj.io', 'Application'),
    namespace: 'argocd',
    onResync: () => undefined,
    onChange: (change) => {
      const object = change.object as { operation?: Record<string, unknown>; status?: { operationState?: unknown } };
      if (!object.operation) {
        busy = false;
        return;
      }
      if (busy) return;
      busy = true;
      seen.push({ operation: structuredClone(object.operation), operationState: object.status?.operationState });
      if (behaviour === 'ignore') return;
      const operation = object.operation;
      const startedAt = '2025-03-02T10:00:00Z';
      void (async () => {
        await patch(appPath, { status: { operationState: { operation, phase: 'Running', message: 'one or more tasks are running', startedAt } } });
        const finished = behaviour === 'succeed'
          ? { operation, phase: 'Succeeded', message: 'successfully synced (all tasks run)', startedAt, finishedAt: '2025-03-02T10:00:05Z', syncResult: { revision: head, source: { repoURL: 'https://example.com/shop-fleet.git', path: 'apps/production', targetRevision: 'main' }, resources: [] } }
          : { operation, phase: 'Failed', message: 'one or more synchronization tasks completed unsuccessfully', startedAt, finishedAt: '2025-03-02T10:00:05Z', syncResult: { revision: head, resources: [] } };
        await patch(appPath, { operation: null, status: { operationState: finished } });
      })();
    },
  });
  watch.done.catch(() => undefined);
  watches.push(watch);
  return { seen };
}

async function inspect(name: string) {
  const environment = findEnvironment({ environments: discoverEnvironments({ root }).environments, name });
  const inspection = await inspectEnvironment({ root, environment, repo: openRepository({ dir: root }), session, renderCache: false });
  assert.equal(inspection.cluster.state, 'connected');
  return inspection;
}

async function gw(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = await runCliAsync({ argv: [...argv, '--kubeconfig', emulator.kubeconfigPath], cwd: root, env: { KUBECONFIG: '' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

before(async () => {
  root = writeFixtureRepo(repoFiles);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'fleet']);
  head = git(root, ['rev-parse', 'HEAD']);
  const objects = Object.entries(repoFiles).filter(([file]) => file.startsWith('clusters/staging/flux-system') || file.startsWith('clusters/staging/apps') || file.startsWith('argocd/')).map(([, text]) => `yaml:${text}`);
  emulator = await startKubeEmulator({
    seed: [
      path.join(crds, 'flux-v2.6.4', 'flux-kustomize-controller.yaml'),
      path.join(crds, 'flux-v2.6.4', 'flux-source-controller.yaml'),
      path.join(crds, 'argo-cd-v3.6.0', 'application-crd.yaml'),
      ...objects,
    ],
  });
  const opened = await openClusterSession({ kubeconfigPaths: [emulator.kubeconfigPath], trusted: false, env: {} });
  assert.equal(opened.state, 'connected');
  session = opened as ClusterSession;
});

beforeEach(async () => {
  for (const watch of watches.splice(0)) watch.close();
  // Every test starts from unsuspended objects and an Application with an earlier automated sync and no operation.
  for (const name of ['flux-system', 'apps']) if (((await get(`${fluxBase}/${name}`)).spec as { suspend?: boolean }).suspend) await patch(`${fluxBase}/${name}`, { spec: { suspend: false } });
  await patch(appPath, { operation: null, status: { operationState: { operation: { sync: { revision: 'main' }, initiatedBy: { automated: true } }, phase: 'Succeeded', message: 'successfully synced (all tasks run)', startedAt: '2025-03-01T08:00:00Z', finishedAt: '2025-03-01T08:00:05Z', syncResult: { revision: '0'.repeat(40) } } } });
});

after(async () => {
  for (const watch of watches.splice(0)) watch.close();
  session?.client.close();
  await emulator?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('Flux: the plan lists the source, then the Kustomizations in dependsOn order; nothing is annotated by planning', async () => {
  const inspection = await inspect('staging');
  const plan = (await planSync({ session, inspection })) as FluxSyncPlan;
  assert.equal(plan.reconciler, 'flux');
  assert.deepEqual(plan.targets.map((target) => [target.stage, target.kind, `${target.namespace}/${target.name}`]), [
    [0, 'GitRepository', 'flux-system/flux-system'],
    [1, 'Kustomization', 'flux-system/flux-system'],
    [2, 'Kustomization', 'flux-system/apps'],
  ]);
  assert.deepEqual(plan.blockers, []);
  const apps = await get(`${fluxBase}/apps`);
  assert.equal((apps.metadata as { annotations?: Record<string, string> }).annotations?.['reconcile.fluxcd.io/requestedAt'], undefined);
});

test('Flux: each object is annotated with requestedAt (RFC3339Nano, by merge patch, spec untouched) in order, and success waits for Ready at that request', async () => {
  const controller = playFlux({});
  const generations = await Promise.all([`${sourceBase}/flux-system`, `${fluxBase}/flux-system`, `${fluxBase}/apps`].map(async (url) => (await get(url)).metadata as { generation: number }));
  const inspection = await inspect('staging');
  const plan = await planSync({ session, inspection });
  const progress: string[] = [];
  const outcome = await syncEnvironment({ session, inspection, plan, prune: false, onProgress: (event) => progress.push(event.message), options: { timeoutMs: 20_000 } });
  assert.equal(outcome.outcome, 'succeeded', outcome.message);
  assert.equal(outcome.reconciler, 'flux');
  if (outcome.reconciler !== 'flux') return;
  assert.deepEqual(controller.seen.map((request) => request.what), ['GitRepository/flux-system', 'Kustomization/flux-system', 'Kustomization/apps'], 'sources first, then dependencies first');
  assert.deepEqual(outcome.objects.map((object) => [object.kind, object.name, object.outcome, object.revision]), [
    ['GitRepository', 'flux-system', 'succeeded', `main@sha1:${head}`],
    ['Kustomization', 'flux-system', 'succeeded', `main@sha1:${head}`],
    ['Kustomization', 'apps', 'succeeded', `main@sha1:${head}`],
  ]);
  for (const [index, object] of outcome.objects.entries()) {
    assert.match(object.requestedAt!, requestedAtFormat);
    assert.equal(controller.seen[index].requestedAt, object.requestedAt, 'the annotation carries the value the sync waited for');
    assert.equal(controller.seen[index].generation, generations[index].generation, 'an annotation, not a spec change');
  }
  assert.equal(new Set(outcome.objects.map((object) => object.requestedAt)).size, 3);
  const apps = await get(`${fluxBase}/apps`);
  assert.equal((apps.metadata as { annotations: Record<string, string> }).annotations['reconcile.fluxcd.io/requestedAt'], outcome.objects[2].requestedAt);
  assert.ok(emulator.requests.some((line) => line.startsWith(`PATCH ${fluxBase}/apps `) || line.startsWith(`PATCH ${fluxBase}/apps?`)), 'a PATCH of the Kustomization');
  assert.match(outcome.message, /^Flux reconciled 2 Kustomizations at main@sha1:[0-9a-f]{40}$/);
  assert.ok(progress.some((line) => line.startsWith('annotated Kustomization flux-system/apps (reconcile.fluxcd.io/requestedAt: ')));
});

test('Flux: Ready=False after the request is a failure with Flux\'s message; the stages after it are not requested', async () => {
  const controller = playFlux({ 'Kustomization/flux-system': 'fail' });
  const inspection = await inspect('staging');
  const outcome = await syncEnvironment({ session, inspection, plan: await planSync({ session, inspection }), prune: false, options: { timeoutMs: 20_000 } });
  assert.equal(outcome.outcome, 'failed');
  if (outcome.reconciler !== 'flux') return;
  assert.deepEqual(outcome.objects.map((object) => [object.name, object.outcome]), [['flux-system', 'succeeded'], ['flux-system', 'failed'], ['apps', 'not-started']]);
  assert.equal(outcome.objects[1].message, 'BuildFailed: kustomize build failed: accumulating resources: missing.yaml: no such file');
  assert.match(outcome.message, /^Kustomization flux-system\/flux-system failed: BuildFailed: kustomize build failed/);
  assert.deepEqual(controller.seen.map((request) => request.what), ['GitRepository/flux-system', 'Kustomization/flux-system']);
});

test('Flux: a controller that never handles the request times out, saying so', async () => {
  playFlux({ 'Kustomization/apps': 'ignore' });
  const inspection = await inspect('staging');
  const outcome = await syncEnvironment({ session, inspection, plan: await planSync({ session, inspection }), prune: false, options: { timeoutMs: 1500 } });
  assert.equal(outcome.outcome, 'timed-out');
  if (outcome.reconciler !== 'flux') return;
  assert.deepEqual(outcome.objects.map((object) => object.outcome), ['succeeded', 'succeeded', 'timed-out']);
  assert.match(outcome.objects[2].message!, /^timed out after 2s: the controller has not handled the request \(is it running\?\)$/);
});

test('Flux: a suspended Kustomization refuses the sync before anything is annotated', async () => {
  await patch(`${fluxBase}/apps`, { spec: { suspend: true } });
  const before = await get(`${sourceBase}/flux-system`);
  const inspection = await inspect('staging');
  const plan = await planSync({ session, inspection });
  assert.deepEqual(plan.blockers.map((blocker) => blocker.code), ['ReconcilerSuspended']);
  await assert.rejects(syncEnvironment({ session, inspection, plan, prune: false }), (error: unknown) => error instanceof SyncBlockedError && error.code === 'ReconcilerSuspended' && /Kustomization flux-system\/apps is suspended/.test(error.message));
  const afterRefusal = await get(`${sourceBase}/flux-system`);
  assert.equal((afterRefusal.metadata as { resourceVersion: string }).resourceVersion, (before.metadata as { resourceVersion: string }).resourceVersion, 'the source was not annotated');
});

test('Argo CD: the operation is set as Argo CD\'s API server sets it (operationState cleared), and success is the controller\'s Succeeded', async () => {
  const controller = playArgo('succeed');
  const inspection = await inspect('shop-production');
  const plan = (await planSync({ session, inspection, prune: true })) as ArgoSyncPlan;
  assert.equal(plan.reconciler, 'argocd');
  const operation = { sync: { revision: 'main', prune: true }, initiatedBy: { username: 'gitops-workbench' }, retry: { limit: 2 } };
  assert.deepEqual(plan.applications, [{ name: 'shop-production', namespace: 'argocd', operation }]);
  const outcome = await syncEnvironment({ session, inspection, plan, prune: true, options: { timeoutMs: 20_000 } });
  assert.equal(outcome.outcome, 'succeeded', outcome.message);
  if (outcome.reconciler !== 'argocd') return;
  assert.deepEqual(controller.seen, [{ operation, operationState: undefined }]);
  assert.deepEqual(outcome.objects, [{ kind: 'Application', namespace: 'argocd', name: 'shop-production', outcome: 'succeeded', message: 'successfully synced (all tasks run)', revision: head }]);
  assert.ok(emulator.requests.some((line) => line.startsWith(`PUT ${appPath}`)), 'one update guarded by the resourceVersion, as SetAppOperation does');
  const application = await get(appPath);
  assert.equal(application.operation, undefined, 'the controller removed it');
});

test('Argo CD: Failed is a failure with the operation\'s message', async () => {
  playArgo('fail');
  const inspection = await inspect('shop-production');
  const outcome = await syncEnvironment({ session, inspection, plan: await planSync({ session, inspection }), prune: false, options: { timeoutMs: 20_000 } });
  assert.equal(outcome.outcome, 'failed');
  assert.equal(outcome.message, 'Application argocd/shop-production failed: one or more synchronization tasks completed unsuccessfully');
});

test('Argo CD: an operation the controller never starts times out; the next sync refuses while it is pending', async () => {
  playArgo('ignore');
  const inspection = await inspect('shop-production');
  const outcome = await syncEnvironment({ session, inspection, plan: await planSync({ session, inspection }), prune: false, options: { timeoutMs: 1000 } });
  assert.equal(outcome.outcome, 'timed-out');
  assert.match(outcome.message, /timed out after 1s: Argo CD has not started the operation \(is the application controller running\?\)$/);
  const again = await inspect('shop-production');
  const plan = await planSync({ session, inspection: again });
  assert.deepEqual(plan.blockers.map((blocker) => blocker.code), ['SyncInProgress']);
  assert.match(plan.blockers[0].message, /already runs an operation \(sync by gitops-workbench to main\)/);
});

test('CLI: sync of a Flux environment prints what it will request, applies only with --yes, and exits 0, or 1 on a timeout', async () => {
  playFlux({});
  const planned = await gw(['sync', '--env', 'staging']);
  assert.equal(planned.code, 0, planned.stderr);
  assert.match(planned.stdout, /^Flux sync of [0-9a-f]{12} \(main\): annotate with reconcile\.fluxcd\.io\/requestedAt, in order, and wait up to 5m0s for each to be reconciled:\n {2}1\. GitRepository flux-system\/flux-system\n {2}2\. Kustomization flux-system\/flux-system\n {2}3\. Kustomization flux-system\/apps$/m);
  assert.match(planned.stdout, /^Nothing was changed: run again with --yes to sync\.$/m);
  const synced = await gw(['sync', '--env', 'staging', '--yes', '--timeout', '30s']);
  assert.equal(synced.code, 0, synced.stdout + synced.stderr);
  assert.match(synced.stdout, /^ {2}succeeded Kustomization flux-system\/apps at main@sha1:[0-9a-f]{40}: Applied revision: main@sha1:/m);
  assert.match(synced.stdout, /^Sync succeeded: Flux reconciled 2 Kustomizations at main@sha1:[0-9a-f]{40}$/m);
  assert.match(synced.stderr, /^annotated GitRepository flux-system\/flux-system \(reconcile\.fluxcd\.io\/requestedAt: /m);

  for (const watch of watches.splice(0)) watch.close();
  playFlux({ 'Kustomization/apps': 'ignore' });
  const timedOut = await gw(['sync', '--env', 'staging', '--yes', '--timeout', '1500ms', '--format', 'json']);
  assert.equal(timedOut.code, 1, timedOut.stderr);
  const json = JSON.parse(timedOut.stdout) as { executed: boolean; result: { outcome: string } };
  assert.deepEqual([json.executed, json.result.outcome], [true, 'timed-out']);
});

test('CLI: sync of an Argo CD environment, and an operation already running is a refusal (exit 2)', async () => {
  playArgo('succeed');
  const synced = await gw(['sync', '--env', 'shop-production', '--yes', '--prune']);
  assert.equal(synced.code, 0, synced.stdout + synced.stderr);
  assert.match(synced.stdout, /^ {2}Application argocd\/shop-production: sync revision main, prune$/m);
  assert.match(synced.stdout, /^Sync succeeded: Argo CD synced 1 Application at [0-9a-f]{40}$/m);

  for (const watch of watches.splice(0)) watch.close();
  await patch(appPath, { operation: { sync: { revision: 'main' }, initiatedBy: { username: 'alice' } } });
  const refused = await gw(['sync', '--env', 'shop-production', '--yes']);
  assert.equal(refused.code, 2);
  assert.match(refused.stdout, /^cannot sync \[SyncInProgress\]: Application argocd\/shop-production already runs an operation \(sync by alice to main\)/m);
});
