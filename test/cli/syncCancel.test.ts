import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { applySetKeys } from '../../server/src/engine/cluster/status/applySetKeys';
import { discoverEnvironments } from '../../server/src/engine/environments/discoverEnvironments';
import { findEnvironment } from '../../server/src/engine/environments/findEnvironment';
import { openRepository } from '../../server/src/engine/git/openRepository';
import { inspectEnvironment } from '../../server/src/engine/inspect/inspectEnvironment';
import { openClusterSession, type ClusterSession } from '../../server/src/engine/inspect/openClusterSession';
import { planSync } from '../../server/src/engine/sync/planSync';
import { syncEnvironment } from '../../server/src/engine/sync/syncEnvironment';
import type { PushSyncResult } from '../../server/src/engine/sync/SyncResult';
import { git } from '../support/buildFixtureRepo';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { runCliAsync } from '../support/runCliAsync';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

/**
 * A push sync cancelled part-way, in the engine (an AbortSignal, as the editor's Cancel button
 * sends it) and in the CLI (Ctrl-C). Each apply waits 300 ms in the API server, so the sync is
 * stopped while some objects are applied and others are not started. Known truth afterwards:
 * every object reported applied carries the new commit's value, every object reported not
 * started still carries the old one, nothing is pruned, the ApplySet parent keeps the last
 * complete commit and records the cancelled attempt — and the next sync completes.
 */

const count = 24;
let emulator: RunningKubeEmulator;
let session: ClusterSession;
let root: string;

function configMaps(generation: string): string {
  return Array.from({ length: count }, (_, index) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-${String(index).padStart(2, '0')}}\ndata: {generation: "${generation}"}\n`).join('---\n');
}

function commit(files: Record<string, string | undefined>, message: string): string {
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(root, file);
    if (text === undefined) fs.rmSync(full);
    else fs.writeFileSync(full, text);
  }
  git(root, ['add', '-A']);
  git(root, ['commit', '-qm', message]);
  return git(root, ['rev-parse', 'HEAD']);
}

async function inspectAndPlan(prune: boolean) {
  const environment = findEnvironment({ environments: discoverEnvironments({ root }).environments, name: 'staging' });
  const inspection = await inspectEnvironment({ root, environment, repo: openRepository({ dir: root }), session, renderCache: false });
  assert.equal(inspection.cluster.state, 'connected');
  const plan = await planSync({ session, inspection, prune });
  return { inspection, plan };
}

function generationOf(name: string): string | undefined {
  const data = emulator.getObject('', 'configmaps', 'shop', name)?.data as Record<string, string> | undefined;
  return data?.generation;
}

function parentAnnotations(): Record<string, string> {
  const parent = emulator.getObject('', 'configmaps', 'shop', 'gitops-workbench-staging');
  assert.ok(parent, 'the ApplySet parent exists');
  return (parent.metadata as { annotations?: Record<string, string> }).annotations ?? {};
}

/** answeredApplies counts the server-side applies (not dry-runs) of the environment's ConfigMaps the API server has answered. */
function answeredApplies(): number {
  return emulator.requests.filter((line) => /^PATCH \/api\/v1\/namespaces\/shop\/configmaps\/settings-\d\d\?\S* 200$/.test(line) && !line.includes('dryRun=')).length;
}

/** abortAfterFirstApply aborts once the API server answered the first apply of a ConfigMap. */
function abortAfterFirstApply(abort: () => void): () => void {
  const already = answeredApplies();
  const timer = setInterval(() => {
    if (answeredApplies() > already) {
      clearInterval(timer);
      abort();
    }
  }, 2);
  return () => clearInterval(timer);
}

/** checkCancelledSync asserts the known truth of a sync cancelled on its way from `from` to `to`. */
function checkCancelledSync(args: { result: PushSyncResult; from: string; to: string; fromRevision: string; toRevision: string }): void {
  const { result } = args;
  assert.equal(result.outcome, 'cancelled');
  assert.match(result.message, new RegExp(`^cancelled after applying ${result.applied.length} of ${count} objects`));
  const notStarted = result.failures.filter((failure) => failure.message === 'not applied: the sync was cancelled');
  const underWay = result.failures.filter((failure) => /under way/.test(failure.message));
  assert.equal(result.applied.length + notStarted.length + underWay.length, count, 'every object is accounted for exactly once');
  assert.equal(result.failures.length, notStarted.length + underWay.length, 'no other failure');
  assert.ok(notStarted.length > 0, 'the cancel came before the last objects were started');
  for (const object of result.applied) assert.equal(generationOf(object.name), args.to, `${object.name} was reported applied`);
  for (const object of notStarted) assert.equal(generationOf(object.name), args.from, `${object.name} was reported not applied`);
  // Nothing is pruned by a cancelled sync.
  assert.ok(emulator.getObject('', 'configmaps', 'shop', 'legacy'), 'legacy is still there');
  assert.deepEqual(result.pruned, []);
  assert.deepEqual(result.notPruned.map((object) => [object.name, object.reason]), [['legacy', 'the sync was cancelled']]);
  const annotations = parentAnnotations();
  assert.equal(annotations[applySetKeys.appliedRevision], args.fromRevision, 'the parent keeps the last complete commit');
  assert.equal(annotations[applySetKeys.attemptedRevision], args.toRevision);
  assert.equal(annotations[applySetKeys.attemptFailed], 'the sync was cancelled');
  assert.equal(result.parent.appliedRevision, args.fromRevision);
}

before(async () => {
  root = writeFixtureRepo({
    '.gitops-workbench.yaml': 'environments:\n  - name: staging\n    paths: [deploy/staging]\n    namespace: shop\n    reconciler: push\n',
    'deploy/staging/settings.yaml': configMaps('one'),
    'deploy/staging/legacy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: legacy}\ndata: {a: "1"}\n',
  });
  git(root, ['add', '-A']);
  git(root, ['commit', '-qm', 'one']);
  emulator = await startKubeEmulator({ seed: ['yaml:\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n'] });
  const opened = await openClusterSession({ kubeconfigPaths: [emulator.kubeconfigPath], trusted: false, env: {} });
  assert.equal(opened.state, 'connected');
  session = opened as ClusterSession;
});

after(async () => {
  session?.client.close();
  await emulator?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('a push sync cancelled part-way: applied objects are new, the rest old, nothing pruned, the parent keeps the last complete commit; the next sync completes', async () => {
  const first = git(root, ['rev-parse', 'HEAD']);
  const initial = await inspectAndPlan(false);
  const done = (await syncEnvironment({ session, inspection: initial.inspection, plan: initial.plan, prune: false })) as PushSyncResult;
  assert.equal(done.outcome, 'succeeded', done.message);
  assert.equal(parentAnnotations()[applySetKeys.appliedRevision], first);

  const second = commit({ 'deploy/staging/settings.yaml': configMaps('two'), 'deploy/staging/legacy.yaml': undefined }, 'two');
  const planned = await inspectAndPlan(true);
  assert.equal(planned.plan.reconciler, 'push');
  emulator.setFaults({ latencyMs: 300, methods: ['PATCH'] });
  const controller = new AbortController();
  const stopWatching = abortAfterFirstApply(() => controller.abort());
  let result: PushSyncResult;
  try {
    result = (await syncEnvironment({ session, inspection: planned.inspection, plan: planned.plan, prune: true, signal: controller.signal })) as PushSyncResult;
  } finally {
    stopWatching();
    emulator.setFaults({});
  }
  checkCancelledSync({ result, from: 'one', to: 'two', fromRevision: first, toRevision: second });

  const again = await inspectAndPlan(true);
  const completed = (await syncEnvironment({ session, inspection: again.inspection, plan: again.plan, prune: true })) as PushSyncResult;
  assert.equal(completed.outcome, 'succeeded', completed.message);
  for (let index = 0; index < count; index++) assert.equal(generationOf(`settings-${String(index).padStart(2, '0')}`), 'two');
  assert.equal(emulator.getObject('', 'configmaps', 'shop', 'legacy'), undefined, 'legacy pruned by the complete sync');
  const annotations = parentAnnotations();
  assert.equal(annotations[applySetKeys.appliedRevision], second);
  assert.equal(annotations[applySetKeys.attemptFailed], undefined, 'a complete sync clears the failed attempt');
});

test('Ctrl-C during `gitops-workbench sync --yes` stops it the same way and exits 130', async () => {
  fs.writeFileSync(path.join(root, 'deploy/staging/legacy.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: legacy}\ndata: {a: "1"}\n');
  const withLegacy = commit({}, 'legacy back');
  const restore = await inspectAndPlan(false);
  assert.equal(((await syncEnvironment({ session, inspection: restore.inspection, plan: restore.plan, prune: false })) as PushSyncResult).outcome, 'succeeded');
  const third = commit({ 'deploy/staging/settings.yaml': configMaps('three'), 'deploy/staging/legacy.yaml': undefined }, 'three');

  emulator.setFaults({ latencyMs: 300, methods: ['PATCH'] });
  let stopWatching = (): void => undefined;
  let run;
  try {
    run = await runCliAsync({
      argv: ['sync', '--env', 'staging', '--yes', '--prune', '--format', 'json', '--kubeconfig', emulator.kubeconfigPath],
      cwd: root,
      env: { KUBECONFIG: '' },
      onSpawn: (child) => (stopWatching = abortAfterFirstApply(() => child.kill('SIGINT'))),
    });
  } finally {
    stopWatching();
    emulator.setFaults({});
  }
  const { status: code, stdout, stderr } = run;
  assert.equal(code, 130, `exit code\nstderr: ${stderr}`);
  assert.match(stderr, /SIGINT: stopping the sync — no further object is applied or pruned/);
  const report = JSON.parse(stdout) as { executed: boolean; result: PushSyncResult };
  assert.equal(report.executed, true);
  checkCancelledSync({ result: report.result, from: 'two', to: 'three', fromRevision: withLegacy, toRevision: third });
});
