import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import type { EnvironmentStatusResult, ErrorDataDto, PlanSyncResult, SyncProgressParams, SyncResult } from '../../server/src/protocol/dtos';
import { EnvironmentStatusRequest, PlanSyncRequest, SyncProgressNotification, SyncRequest } from '../../server/src/protocol/requests';
import { git, gitEnv } from '../support/buildFixtureRepo';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl } from '../support/kubeEmulator/testClient';
import { startLanguageServer, type LanguageServerSession } from '../support/startLanguageServer';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

// gitops/planSync and gitops/sync over the real protocol: a spawned `node dist/server.js --stdio`,
// the emulator as the cluster, a push environment of a git repository; the client's flow is
// preview → confirm → execute the previewed plan → the tree shows the environment in sync.

const manifest = `apiVersion: v1
kind: ConfigMap
metadata: {name: web-settings}
data: {LOG_LEVEL: info}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27.1
`;

let emulator: RunningKubeEmulator;
let server: LanguageServerSession;
let root: string;
let folderUri: string;
const progress: SyncProgressParams[] = [];
const params = () => ({ folderUri, environment: 'staging', trusted: true });

async function rejection(request: Promise<unknown>): Promise<ResponseError<ErrorDataDto>> {
  try {
    await request;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `expected a ResponseError, got ${String(error)}`);
    return error as ResponseError<ErrorDataDto>;
  }
  return assert.fail('the request succeeded; expected a ResponseError');
}

before(async () => {
  root = writeFixtureRepo({ '.gitops-workbench.yaml': 'environments:\n  - name: staging\n    paths: [deploy/staging]\n    namespace: shop\n', 'deploy/staging/app.yaml': manifest });
  git(root, ['add', '-A']);
  git(root, ['commit', '-qm', 'web']);
  folderUri = pathToFileURL(root).toString();
  emulator = await startKubeEmulator({ seed: ['yaml:\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n'] });
  server = await startLanguageServer({ folder: root, env: gitEnv({ KUBECONFIG: emulator.kubeconfigPath }) });
  server.connection.onNotification(SyncProgressNotification, (event) => void progress.push(event));
});

after(async () => {
  await server?.stop();
  await emulator?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('planSync previews a push sync with a planId; sync executes exactly that plan; the status is then in sync at the applied commit', async () => {
  const head = git(root, ['rev-parse', 'HEAD']);
  const plan: PlanSyncResult = await server.connection.sendRequest(PlanSyncRequest, params());
  assert.equal(plan.reconciler, 'push');
  assert.equal(plan.head, head);
  assert.equal(plan.ref, 'main');
  assert.deepEqual(plan.blockers, []);
  assert.deepEqual(plan.push?.creates.map((object) => [object.kind, object.namespace, object.name, object.action]), [
    ['ConfigMap', 'shop', 'web-settings', 'create'],
    ['Deployment', 'shop', 'web', 'create'],
  ]);
  assert.deepEqual(plan.push?.creates[1].location, { uri: pathToFileURL(path.join(root, 'deploy/staging/app.yaml')).toString(), line: 5 });
  assert.deepEqual(plan.push?.parent, { name: 'gitops-workbench-staging', namespace: 'shop', id: 'applyset-OY7H9H0-xPEkJ4YxKRv1rF0eGizHPacKKNYKozvKn-A-v1', found: false });

  const result: SyncResult = await server.connection.sendRequest(SyncRequest, { ...params(), planId: plan.planId });
  assert.equal(result.outcome, 'succeeded', result.message);
  assert.deepEqual(result.applied?.map((object) => [object.name, object.action]), [['web-settings', 'created'], ['web', 'created']]);
  assert.equal(result.parent?.appliedRevision, head);
  assert.ok(progress.some((event) => event.environment === 'staging' && event.folderUri === folderUri && /^writing the ApplySet parent ConfigMap shop\/gitops-workbench-staging/.test(event.message)), JSON.stringify(progress));

  const status: EnvironmentStatusResult = await server.connection.sendRequest(EnvironmentStatusRequest, params());
  assert.deepEqual([status.reconciled.source, status.reconciled.revision, status.reconciled.ready, status.pending.count], ['push', head, true, 0]);
  assert.deepEqual(status.drift.resources.map((resource) => resource.status), ['in-sync', 'in-sync']);

  const reused = await rejection(server.connection.sendRequest(SyncRequest, { ...params(), planId: plan.planId }));
  assert.equal(reused.data?.code, 'PlanOutdated', 'a plan executes once');
});

test('a plan whose commit is no longer HEAD is refused; sync without planId plans afresh (an update, exactly the drifted field)', async () => {
  assert.equal((await kubectl(emulator, ['scale', '-n', 'shop', 'deployment/web', '--replicas=4'])).code, 0);
  const plan: PlanSyncResult = await server.connection.sendRequest(PlanSyncRequest, params());
  assert.deepEqual(plan.push?.updates.map((object) => [object.name, object.fields]), [['web', [{ path: 'spec.replicas', desired: 2, live: 4 }]]]);
  fs.writeFileSync(path.join(root, 'deploy/staging/app.yaml'), manifest.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug'));
  git(root, ['commit', '-qam', 'debug logs']);
  const moved = await rejection(server.connection.sendRequest(SyncRequest, { ...params(), planId: plan.planId }));
  assert.equal(moved.data?.code, 'PlanOutdated');
  assert.match(moved.message, /HEAD moved since the preview/);

  const result: SyncResult = await server.connection.sendRequest(SyncRequest, params());
  assert.equal(result.outcome, 'succeeded', result.message);
  assert.deepEqual(result.applied?.filter((object) => object.action === 'configured').map((object) => object.name), ['web-settings', 'web']);
  assert.equal(result.revision, git(root, ['rev-parse', 'HEAD']));
});

test('uncommitted changes: planSync lists the blocker with its files; sync fails with its code and files, having changed nothing', async () => {
  fs.writeFileSync(path.join(root, 'deploy/staging/app.yaml'), manifest.replace('replicas: 2', 'replicas: 3'));
  const plan: PlanSyncResult = await server.connection.sendRequest(PlanSyncRequest, params());
  assert.deepEqual(plan.blockers.map((blocker) => [blocker.code, blocker.files]), [['UncommittedChanges', ['deploy/staging/app.yaml']]]);
  const refused = await rejection(server.connection.sendRequest(SyncRequest, { ...params(), planId: plan.planId }));
  assert.deepEqual([refused.data?.code, refused.data?.files], ['UncommittedChanges', ['deploy/staging/app.yaml']]);
  assert.equal(emulator.getObject('apps', 'deployments', 'shop', 'web')?.spec.replicas, 2);
});
