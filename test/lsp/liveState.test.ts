import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { EnvironmentChangedParams, EnvironmentStatusResult } from '../../server/src/protocol/dtos';
import { EnvironmentChangedNotification, EnvironmentStatusRequest, ListContextsRequest, ObjectManifestRequest } from '../../server/src/protocol/requests';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl } from '../support/kubeEmulator/testClient';
import { startLanguageServer, type LanguageServerSession } from '../support/startLanguageServer';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

// The live-state requests over the real protocol: a spawned `node dist/server.js --stdio`, the
// emulator as the cluster (applied to with the real kubectl), a push environment of a git repository.

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
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "0.5", memory: 128Mi}}
`;

let emulator: RunningKubeEmulator;
let server: LanguageServerSession;
let root: string;
let folderUri: string;
const changes: EnvironmentChangedParams[] = [];
const params = () => ({ folderUri, environment: 'staging', trusted: true });

before(async () => {
  root = writeFixtureRepo({ '.gitops-workbench.yaml': 'environments:\n  - name: staging\n    paths: [deploy/staging]\n    namespace: shop\n', 'deploy/staging/app.yaml': manifest });
  execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A']);
  execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'web']);
  folderUri = pathToFileURL(root).toString();
  emulator = await startKubeEmulator({ seed: ['yaml:\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n'] });
  const applied = await kubectl(emulator, ['apply', '--server-side', '-n', 'shop', '-f', path.join(root, 'deploy/staging/app.yaml')]);
  assert.equal(applied.code, 0, applied.stderr);
  server = await startLanguageServer({ folder: root, env: { ...process.env, KUBECONFIG: emulator.kubeconfigPath } });
  server.connection.onNotification(EnvironmentChangedNotification, (change) => void changes.push(change));
});

after(async () => {
  await server?.stop();
  await emulator?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function waitForChange(timeoutMs = 15000): Promise<EnvironmentChangedParams> {
  const start = changes.length;
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = setInterval(() => {
      if (changes.length > start) {
        clearInterval(poll);
        resolve(changes[changes.length - 1]);
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        reject(new Error('no gitops/environmentChanged notification'));
      }
    }, 50);
  });
}

test('environmentStatus: a freshly applied environment is in sync, with the cluster, head and the push reconciler', async () => {
  const status: EnvironmentStatusResult = await server.connection.sendRequest(EnvironmentStatusRequest, params());
  assert.equal(status.cluster.state, 'connected', status.cluster.message);
  assert.equal(status.cluster.context, 'kube-emulator');
  assert.equal(status.reconciler, 'push');
  assert.equal(status.head, execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim());
  assert.deepEqual(status.drift.resources.map((resource) => [resource.kind, resource.namespace, resource.name, resource.status]), [
    ['ConfigMap', 'shop', 'web-settings', 'in-sync'],
    ['Deployment', 'shop', 'web', 'in-sync'],
  ]);
  assert.equal(status.drift.counts['in-sync'], 2);
  const deployment = status.drift.resources.find((resource) => resource.kind === 'Deployment');
  assert.deepEqual(deployment?.location, { uri: pathToFileURL(path.join(root, 'deploy/staging/app.yaml')).toString(), line: 5 });
});

test('a live change is pushed as gitops/environmentChanged, and the next status has exactly that drift', async () => {
  const changed = waitForChange();
  const scaled = await kubectl(emulator, ['scale', '-n', 'shop', 'deployment/web', '--replicas=5']);
  assert.equal(scaled.code, 0, scaled.stderr);
  assert.deepEqual(await changed, { folderUri: pathToFileURL(root).toString(), environment: 'staging' });
  const status: EnvironmentStatusResult = await server.connection.sendRequest(EnvironmentStatusRequest, params());
  assert.deepEqual(status.drift.resources.filter((resource) => resource.status !== 'in-sync').map((resource) => [resource.name, resource.status, resource.fields]), [['web', 'modified', [{ path: 'spec.replicas', desired: 2, live: 5 }]]]);
});

test('objectManifest: desired and live documents of the drifted object differ in exactly the drifted field', async () => {
  const object = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
  const desired = await server.connection.sendRequest(ObjectManifestRequest, { ...params(), side: 'desired', object });
  const live = await server.connection.sendRequest(ObjectManifestRequest, { ...params(), side: 'live', object });
  const desiredLines = desired.yaml.split('\n');
  const liveLines = live.yaml.split('\n');
  assert.deepEqual(desiredLines.filter((line) => !liveLines.includes(line)), ['  replicas: 2']);
  assert.deepEqual(liveLines.filter((line) => !desiredLines.includes(line)), ['  replicas: 5']);
  assert.ok(!live.yaml.includes('managedFields') && !live.yaml.includes('resourceVersion'), 'server noise in the live document');
});

test('listContexts lists the kubeconfig contexts and the current one', async () => {
  const result = await server.connection.sendRequest(ListContextsRequest, {});
  assert.equal(result.current, 'kube-emulator');
  assert.deepEqual(result.contexts.map((context) => context.name).sort(), ['kube-emulator', 'kube-emulator-reader']);
});

test('an unreachable cluster is a state with its reason; every object is unknown and nothing crashes', async () => {
  await emulator.stop();
  const status: EnvironmentStatusResult = await server.connection.sendRequest(EnvironmentStatusRequest, params());
  assert.equal(status.cluster.state, 'unreachable');
  assert.match(status.cluster.message ?? '', /cannot reach the cluster/);
  assert.deepEqual(status.drift.resources.map((resource) => resource.status), ['unknown', 'unknown']);
  assert.equal(server.process.exitCode, null);
});
