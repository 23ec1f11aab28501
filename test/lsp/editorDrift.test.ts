import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as jsYaml from 'js-yaml';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import type { AdoptDriftResult, ErrorDataDto, FileDriftResult, RangeDto } from '../../server/src/protocol/dtos';
import { AdoptDriftRequest, EnvironmentStatusRequest, FileDriftRequest } from '../../server/src/protocol/requests';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl } from '../support/kubeEmulator/testClient';
import { startLanguageServer, type LanguageServerSession } from '../support/startLanguageServer';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

// Drift in the editor over the real protocol: a spawned `node dist/server.js --stdio`, the emulator
// as the cluster (applied to with the real kubectl), two kustomize overlays sharing a base. After
// gitops/environmentStatus, gitops/fileDrift places the drift on the base file and gitops/adoptDrift
// returns the edits that put the live value into staging's overlay — proven with `kubectl kustomize`.

const deployment = `# The cart service, shared by every environment.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 1 # the overlays scale it
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers:
        - name: cart
          image: nginx:1.27.0
`;

const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cart-db\ntype: Opaque\ndata:\n  password: c2VjcmV0\n';

const overlay = (namespace: string): string => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${namespace}
resources:
  - ../base/cart
`;

let emulator: RunningKubeEmulator;
let server: LanguageServerSession;
let root: string;
let folderUri: string;

const fileUri = (file: string): string => pathToFileURL(path.join(root, file)).toString();
const status = (environment: string) => server.connection.sendRequest(EnvironmentStatusRequest, { folderUri, environment, trusted: true });

function textAt(text: string, range: RangeDto): string {
  const lines = text.split('\n');
  const offset = (position: RangeDto['start']): number => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  return text.slice(offset(range.start), offset(range.end));
}

function rendered(overlayDirectory: string): Record<string, any>[] {
  return jsYaml.loadAll(execFileSync('kubectl', ['kustomize', path.join(root, overlayDirectory)], { encoding: 'utf8' })) as Record<string, any>[];
}

async function refusal(run: () => Promise<unknown>): Promise<ResponseError<ErrorDataDto>> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ResponseError, String(error));
    return error as ResponseError<ErrorDataDto>;
  }
  throw new Error('the request should have failed');
}

before(async () => {
  root = writeFixtureRepo({
    '.gitops-workbench.yaml': 'environments:\n  - name: staging\n    paths: [apps/staging]\n  - name: production\n    paths: [apps/production]\n',
    'apps/base/cart/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'apps/base/cart/deployment.yaml': deployment,
    'apps/staging/kustomization.yaml': `${overlay('shop-staging')}  - secret.yaml\n`,
    'apps/staging/secret.yaml': secret,
    'apps/production/kustomization.yaml': overlay('shop-prod'),
  });
  execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A']);
  execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'cart']);
  folderUri = pathToFileURL(root).toString();
  emulator = await startKubeEmulator({ seed: ['yaml:\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop-staging}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop-prod}\n'] });
  for (const directory of ['apps/staging', 'apps/production']) {
    const applied = await kubectl(emulator, ['apply', '--server-side', '-k', path.join(root, directory)]);
    assert.equal(applied.code, 0, applied.stderr);
  }
  for (const args of [
    ['scale', '-n', 'shop-staging', 'deployment/cart', '--replicas=3'],
    ['patch', '-n', 'shop-staging', 'secret/cart-db', '--type=merge', '-p', '{"data":{"password":"aG90Zml4"}}'],
  ]) {
    const changed = await kubectl(emulator, args);
    assert.equal(changed.code, 0, changed.stderr);
  }
  server = await startLanguageServer({ folder: root, env: { ...process.env, KUBECONFIG: emulator.kubeconfigPath } });
});

after(async () => {
  await server?.stop();
  await emulator?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('fileDrift: nothing before an inspection; after it, the drifted value of the shared base and a status per environment inspected', async () => {
  const uri = fileUri('apps/base/cart/deployment.yaml');
  assert.deepEqual(await server.connection.sendRequest(FileDriftRequest, { uri }), { fields: [], objects: [] });
  assert.equal((await status('staging')).cluster.state, 'connected');
  let drift: FileDriftResult = await server.connection.sendRequest(FileDriftRequest, { uri });
  const cart = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop-staging', name: 'cart' };
  assert.deepEqual(drift.fields, [{ range: { start: { line: 6, character: 12 }, end: { line: 6, character: 13 } }, path: 'spec.replicas', desired: 1, live: 3, environment: 'staging', object: cart, declared: true }]);
  assert.equal(textAt(deployment, drift.fields[0].range), '1');
  assert.deepEqual(drift.objects, [{ line: 1, status: 'modified', summary: 'live: modified (1 field)', environment: 'staging', object: cart }]);

  await status('production');
  drift = await server.connection.sendRequest(FileDriftRequest, { uri, text: `# unsaved\n${deployment}` });
  assert.deepEqual(drift.fields.map((field) => [field.environment, field.range.start.line]), [['staging', 7]]);
  assert.deepEqual(drift.objects.map((object) => [object.environment, object.line, object.summary]), [['staging', 2, 'live: modified (1 field)'], ['production', 2, 'live: in sync']]);

  const secretDrift: FileDriftResult = await server.connection.sendRequest(FileDriftRequest, { uri: fileUri('apps/staging/secret.yaml') });
  assert.equal(secretDrift.fields.length, 1);
  assert.match(String(secretDrift.fields[0].live), /^<masked sha256:[0-9a-f]{8}>$/);
  assert.ok(!JSON.stringify(secretDrift).includes('aG90Zml4'), 'the live Secret value never leaves the server');
  assert.match(secretDrift.fields[0].notAdoptable ?? '', /Secret value/);
});

test('adoptDrift: a field of the shared base becomes a patch in staging; `kubectl kustomize` renders the live value for staging only', async () => {
  const object = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop-staging', name: 'cart' };
  const productionBefore = rendered('apps/production');
  const result: AdoptDriftResult = await server.connection.sendRequest(AdoptDriftRequest, { folderUri, environment: 'staging', object, path: 'spec.replicas' });
  assert.equal(result.strategy, 'drift-patch');
  assert.equal(result.message, 'The field comes from the shared base apps/base/cart; wrote a patch in apps/staging (apps/staging/drift-patches/deployment-cart.yaml) so production is untouched.');
  const patchUri = fileUri('apps/staging/drift-patches/deployment-cart.yaml');
  const kustomizationUri = fileUri('apps/staging/kustomization.yaml');
  assert.deepEqual(result.files, [patchUri, kustomizationUri]);
  assert.deepEqual(result.workspaceEdit.documentChanges.map((change) => ('kind' in change ? `create ${change.uri}` : `edit ${change.textDocument.uri}`)), [`create ${patchUri}`, `edit ${patchUri}`, `edit ${kustomizationUri}`]);
  assert.equal(fs.existsSync(fileURLToPath(patchUri)), false, 'the server writes nothing');

  // What the client does with the edits.
  for (const edit of result.edits) {
    const file = fileURLToPath(edit.uri);
    if (edit.create) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, edit.newText);
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const offset = (position: RangeDto['start']): number => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
    fs.writeFileSync(file, text.slice(0, offset(edit.range!.start)) + edit.newText + text.slice(offset(edit.range!.end)));
  }
  assert.equal(fs.readFileSync(path.join(root, 'apps/base/cart/deployment.yaml'), 'utf8'), deployment);
  assert.equal(rendered('apps/staging').find((item) => item.kind === 'Deployment')?.spec.replicas, 3);
  assert.deepEqual(rendered('apps/production'), productionBefore);
  const after = await status('staging');
  assert.deepEqual(after.drift.resources.find((resource) => resource.kind === 'Deployment')?.status, 'in-sync');
});

test('adoptDrift refuses a Secret value, a field that does not drift, and an environment never inspected, with codes', async () => {
  const secretRef = { apiVersion: 'v1', kind: 'Secret', namespace: 'shop-staging', name: 'cart-db' };
  let error = await refusal(() => server.connection.sendRequest(AdoptDriftRequest, { folderUri, environment: 'staging', object: secretRef, path: 'data.password' }));
  assert.equal(error.data?.code, 'AdoptionRefused');
  assert.match(error.message, /is a Secret value: it is masked and never leaves the cluster/);
  assert.equal(fs.readFileSync(path.join(root, 'apps/staging/secret.yaml'), 'utf8'), secret);

  const cart = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop-prod', name: 'cart' };
  error = await refusal(() => server.connection.sendRequest(AdoptDriftRequest, { folderUri, environment: 'production', object: cart, path: 'spec.replicas' }));
  assert.equal(error.data?.code, 'AdoptionRefused');
  assert.match(error.message, /does not drift in production/);

  error = await refusal(() => server.connection.sendRequest(AdoptDriftRequest, { folderUri, environment: 'qa', object: cart, path: 'spec.replicas' }));
  assert.equal(error.data?.code, 'NoLiveState');
  error = await refusal(() => server.connection.sendRequest(AdoptDriftRequest, { folderUri, environment: 'staging', object: { kind: 'Deployment' }, path: 'spec.replicas' } as never));
  assert.equal(error.data?.code, 'InvalidParams');
  assert.equal(server.process.exitCode, null);
});
