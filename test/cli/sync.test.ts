import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { computeApplySetId } from '../../server/src/engine/cluster/status/computeApplySetId';
import { git, gitEnv } from '../support/buildFixtureRepo';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl, request } from '../support/kubeEmulator/testClient';
import { runCliAsync } from '../support/runCliAsync';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

/**
 * `gitops-workbench sync` of a push environment against the project's API emulator, from an empty
 * cluster: the plan, the apply as a kubectl ApplySet (the real kubectl is the referee of the parent
 * and of membership), drift in sync at HEAD afterwards, a live change planned as exactly that
 * update, prunes only with --prune and never of what another tool claims, a per-object failure that
 * leaves the parent's applied commit alone, and refusals. One repository and one cluster, scenario
 * after scenario, as a user would go.
 */

const id = computeApplySetId({ name: 'gitops-workbench-staging', namespace: 'shop', kind: 'ConfigMap', group: '' });
const secretValue = 'super-secret-value';

const files: Record<string, string> = {
  '.gitops-workbench.yaml': 'environments:\n  - name: staging\n    paths: [deploy/staging]\n    namespace: shop\n    reconciler: push\n',
  'deploy/staging/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'deploy/staging/app.yaml': `apiVersion: v1
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
---
apiVersion: v1
kind: Secret
metadata: {name: web-credentials}
type: Opaque
data: {password: ${Buffer.from(secretValue).toString('base64')}}
`,
  'deploy/staging/legacy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: legacy}\ndata: {a: "1"}\n',
  'deploy/staging/shared.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata: {b: "2"}\n',
};

let emulator: RunningKubeEmulator;
let root: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** gw runs the bundled CLI against the emulator (asynchronously: the in-process emulator must stay free to answer it). */
async function gw(argv: string[], options: { cwd?: string; kubeconfig?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const run = await runCliAsync({ argv: [...argv, '--kubeconfig', options.kubeconfig ?? emulator.kubeconfigPath], cwd: options.cwd ?? root, env: { KUBECONFIG: '', ...options.env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function syncJson(argv: string[]): Promise<{ run: Run; json: SyncJson }> {
  const run = await gw(['sync', '--env', 'staging', '--format', 'json', ...argv]);
  let json: SyncJson;
  try {
    json = JSON.parse(run.stdout) as SyncJson;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, json };
}

interface Ref {
  kind: string;
  namespace?: string;
  name: string;
}

interface SyncJson {
  reconciler: string;
  head: string;
  ref: string;
  executed: boolean;
  plan: {
    creates: Array<Ref & { dryRunError?: string }>;
    updates: Array<Ref & { fields: Array<{ path: string; desired?: unknown; live?: unknown }> }>;
    unchanged: Ref[];
    prunes: Ref[];
    kept: Array<Ref & { reason: string }>;
    blockers: Array<{ code: string; files?: string[] }>;
    parent: { name: string; namespace: string; id: string; found: boolean };
  };
  result: null | {
    outcome: string;
    message: string;
    applied: Array<Ref & { action: string }>;
    failures: Array<Ref & { phase: string; message: string; reason?: string }>;
    pruned: Ref[];
    notPruned: Array<Ref & { reason: string }>;
    parent: { appliedRevision?: string };
  };
}

const names = (refs: readonly Ref[]) => refs.map((ref) => `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`);

function commit(message: string): string {
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', message]);
  return git(root, ['rev-parse', 'HEAD']);
}

async function parent(): Promise<{ labels: Record<string, string>; annotations: Record<string, string> }> {
  const answer = await request(emulator, 'GET', '/api/v1/namespaces/shop/configmaps/gitops-workbench-staging');
  assert.equal(answer.status, 200, answer.text);
  return { labels: answer.json.metadata.labels ?? {}, annotations: answer.json.metadata.annotations ?? {} };
}

async function exists(pathname: string): Promise<boolean> {
  return (await request(emulator, 'GET', pathname)).status === 200;
}

async function driftJson(): Promise<{ code: number | null; json: { reconciled: { source: string; revision: string | null; ref?: string; ready?: boolean; message?: string }; resources: Array<Ref & { status: string }> } }> {
  const run = await gw(['drift', '--env', 'staging', '--format', 'json']);
  return { code: run.code, json: JSON.parse(run.stdout) };
}

before(async () => {
  root = writeFixtureRepo(files);
  commit('staging: web, settings, credentials, legacy, shared');
  emulator = await startKubeEmulator();
});

after(async () => {
  await emulator?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('plan on an empty cluster: every object is a create, and nothing is written without --yes', async () => {
  const { run, json } = await syncJson([]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(json.executed, false);
  assert.equal(json.reconciler, 'push');
  assert.equal(json.head, git(root, ['rev-parse', 'HEAD']));
  assert.equal(json.ref, 'main');
  assert.deepEqual(names(json.plan.creates), ['Namespace/shop', 'ConfigMap/shop/legacy', 'ConfigMap/shop/shared', 'ConfigMap/shop/web-settings', 'Deployment/shop/web', 'Secret/shop/web-credentials']);
  assert.deepEqual([json.plan.updates, json.plan.unchanged, json.plan.prunes, json.plan.blockers], [[], [], [], []]);
  assert.deepEqual(json.plan.parent, { name: 'gitops-workbench-staging', namespace: 'shop', id, found: false });
  assert.ok(json.plan.creates.every((object) => object.dryRunError === undefined), 'objects in the namespace the sync creates are not refused');
  assert.equal(await exists('/api/v1/namespaces/shop'), false, 'the plan wrote nothing');

  const text = await gw(['sync', '--env', 'staging']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ {2}\+ Deployment\/shop\/web create$/m);
  assert.match(text.stdout, /^Plan: 6 to create, 0 to update, 0 to prune with --prune, 0 unchanged\.$/m);
  assert.match(text.stdout, /^Nothing was changed: run again with --yes to sync\.$/m);
  assert.ok(!text.stdout.includes(secretValue) && !text.stdout.includes(Buffer.from(secretValue).toString('base64')));
});

test('sync --yes creates everything as ApplySet members; the parent records HEAD; kubectl sees the members; drift is in sync at HEAD', async () => {
  const head = git(root, ['rev-parse', 'HEAD']);
  const { run, json } = await syncJson(['--yes']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(json.result?.outcome, 'succeeded', json.result?.message);
  assert.deepEqual(json.result?.applied.map((object) => object.action), Array(6).fill('created'));
  assert.equal(json.result?.parent.appliedRevision, head);

  const { labels, annotations } = await parent();
  assert.deepEqual(labels, { 'applyset.kubernetes.io/id': id });
  assert.equal(annotations['applyset.kubernetes.io/tooling'], 'gitops-workbench/0.1.0');
  assert.equal(annotations['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap,Deployment.apps,Namespace,Secret');
  assert.equal(annotations['applyset.kubernetes.io/additional-namespaces'], '');
  assert.equal(annotations['gitops-workbench.dev/applied-revision'], head);
  assert.equal(annotations['gitops-workbench.dev/applied-ref'], 'main');
  assert.match(annotations['gitops-workbench.dev/applied-at'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(annotations['gitops-workbench.dev/attempted-revision'], undefined);

  // The real kubectl lists the members by the ApplySet label, with the field manager's apply.
  const members = await kubectl(emulator, ['get', 'configmaps,deployments,secrets', '-n', 'shop', '-l', `applyset.kubernetes.io/part-of=${id}`, '-o', 'name']);
  assert.equal(members.code, 0, members.stderr);
  assert.deepEqual(members.stdout.trim().split('\n').sort(), ['configmap/legacy', 'configmap/shared', 'configmap/web-settings', 'deployment.apps/web', 'secret/web-credentials']);
  const managers = await kubectl(emulator, ['get', 'deployment', 'web', '-n', 'shop', '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}']);
  assert.equal(managers.stdout, 'gitops-workbench');

  const drift = await driftJson();
  assert.equal(drift.code, 0, JSON.stringify(drift.json));
  assert.deepEqual([drift.json.reconciled.source, drift.json.reconciled.revision, drift.json.reconciled.ref, drift.json.reconciled.ready], ['push', head, 'main', true]);
  assert.ok(drift.json.resources.every((resource) => resource.status === 'in-sync'), JSON.stringify(drift.json.resources));
});

test('a live change is planned as exactly that update (Secret values masked); sync --yes restores it', async () => {
  assert.equal((await kubectl(emulator, ['scale', '-n', 'shop', 'deployment/web', '--replicas=5'])).code, 0);
  const otherSecret = Buffer.from('changed-by-hand').toString('base64');
  assert.equal((await kubectl(emulator, ['patch', '-n', 'shop', 'secret', 'web-credentials', '-p', JSON.stringify({ data: { password: otherSecret } })])).code, 0);
  const { run, json } = await syncJson([]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(names(json.plan.updates), ['Deployment/shop/web', 'Secret/shop/web-credentials']);
  assert.deepEqual(json.plan.updates[0].fields, [{ path: 'spec.replicas', desired: 2, live: 5 }]);
  assert.deepEqual(json.plan.updates[1].fields.map((field) => field.path), ['data.password']);
  assert.match(String(json.plan.updates[1].fields[0].desired), /^<masked sha256:[0-9a-f]{8}>$/);
  assert.deepEqual([json.plan.creates, json.plan.prunes, names(json.plan.unchanged).length], [[], [], 4]);
  for (const output of [run.stdout, run.stderr]) {
    for (const secret of [secretValue, Buffer.from(secretValue).toString('base64'), otherSecret, 'changed-by-hand']) assert.ok(!output.includes(secret), 'a Secret value printed');
  }

  const applied = await syncJson(['--yes']);
  assert.equal(applied.run.code, 0, applied.run.stderr);
  assert.deepEqual(applied.json.result?.applied.filter((object) => object.action === 'configured').map((object) => object.name), ['web', 'web-credentials']);
  const deployment = await request(emulator, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
  assert.equal(deployment.json.spec.replicas, 2);
  assert.equal((await driftJson()).code, 0);
});

test('an object removed from Git is one prune: left in place without --prune, deleted with it; another namespace\'s namesake and another tool\'s object never', async () => {
  fs.rmSync(path.join(root, 'deploy/staging/legacy.yaml'));
  fs.rmSync(path.join(root, 'deploy/staging/shared.yaml'));
  const head = commit('staging: drop legacy and shared');
  // A namesake in another namespace, not a member; and "shared", taken over by a Flux Kustomization meanwhile.
  assert.equal((await kubectl(emulator, ['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: legacy, namespace: other}\ndata: {a: "1"}\n' })).code, 0);
  const flux = await kubectl(emulator, ['apply', '--server-side', '--field-manager=kustomize-controller', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: shop\n  labels: {kustomize.toolkit.fluxcd.io/name: apps, kustomize.toolkit.fluxcd.io/namespace: flux-system}\ndata: {b: "2"}\n' });
  assert.equal(flux.code, 0, flux.stderr);

  const { run, json } = await syncJson([]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(names(json.plan.prunes), ['ConfigMap/shop/legacy']);
  assert.deepEqual(json.plan.kept.map((object) => [object.name, object.reason]), [['shared', 'also claimed by Flux Kustomization flux-system/apps (labels kustomize.toolkit.fluxcd.io/name)']]);
  assert.deepEqual([json.plan.creates, json.plan.updates], [[], []]);

  const without = await syncJson(['--yes']);
  assert.equal(without.run.code, 0, without.run.stderr);
  assert.deepEqual(without.json.result?.pruned, []);
  assert.deepEqual(without.json.result?.notPruned.map((object) => [object.name, object.reason]), [['legacy', 'pruning was not asked for']]);
  assert.equal(await exists('/api/v1/namespaces/shop/configmaps/legacy'), true);
  assert.equal(without.json.result?.parent.appliedRevision, head);
  assert.equal((await parent()).annotations['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap,Deployment.apps,Namespace,Secret', 'members left in place stay findable');
  const drift = await driftJson();
  assert.deepEqual(drift.json.resources.filter((resource) => resource.status !== 'in-sync').map((resource) => [resource.name, resource.status]), [['legacy', 'extra'], ['shared', 'extra']]);

  const pruned = await syncJson(['--yes', '--prune']);
  assert.equal(pruned.run.code, 0, pruned.run.stderr);
  assert.deepEqual(names(pruned.json.result?.pruned ?? []), ['ConfigMap/shop/legacy']);
  assert.equal(await exists('/api/v1/namespaces/shop/configmaps/legacy'), false);
  assert.equal(await exists('/api/v1/namespaces/other/configmaps/legacy'), true, 'a namesake elsewhere is not a member');
  assert.equal(await exists('/api/v1/namespaces/shop/configmaps/shared'), true, 'another tool\'s object is never pruned');
  assert.ok(emulator.requests.some((line) => line.startsWith('DELETE /api/v1/namespaces/shop/configmaps/legacy')), 'deleted by name');
});

test('a per-object failure is listed, the rest applies, and the parent keeps the last complete commit', async () => {
  const previous = git(root, ['rev-parse', 'HEAD']);
  fs.writeFileSync(path.join(root, 'deploy/staging/broken.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken}\nspec:\n  selector: {matchLabels: {app: broken}}\n  template:\n    metadata: {labels: {app: other}}\n    spec: {containers: [{name: broken, image: "nginx:1.27.1"}]}\n');
  fs.writeFileSync(path.join(root, 'deploy/staging/app.yaml'), files['deploy/staging/app.yaml'].replace('LOG_LEVEL: info', 'LOG_LEVEL: debug'));
  const head = commit('staging: debug logs, and a broken deployment');

  const planned = await syncJson([]);
  assert.equal(planned.run.code, 1, 'a plan the server refuses part of exits 1');
  assert.match(planned.json.plan.creates.find((object) => object.name === 'broken')?.dryRunError ?? '', /Deployment\.apps "broken" is invalid: .*selector/);

  const { run, json } = await syncJson(['--yes']);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(json.result?.outcome, 'failed');
  assert.deepEqual(json.result?.failures.map((failure) => [failure.name, failure.phase, failure.reason]), [['broken', 'apply', 'Invalid']]);
  assert.deepEqual(json.result?.applied.filter((object) => object.action === 'configured').map((object) => object.name), ['web-settings']);
  assert.equal(json.result?.parent.appliedRevision, previous);
  const { annotations } = await parent();
  assert.equal(annotations['gitops-workbench.dev/applied-revision'], previous, 'not the new commit');
  assert.equal(annotations['gitops-workbench.dev/attempted-revision'], head);
  assert.match(annotations['gitops-workbench.dev/attempt-failed'], /^1 of 5 objects not applied: Deployment\/shop\/broken: /);

  const drift = await driftJson();
  assert.deepEqual([drift.json.reconciled.revision, drift.json.reconciled.ready], [previous, false]);
  assert.match(drift.json.reconciled.message ?? '', /the last push sync, of [0-9a-f]{12}, did not complete: 1 of 5 objects not applied/);

  const text = await gw(['sync', '--env', 'staging', '--yes']);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^ {2}✗ Deployment\/shop\/broken not applied: Deployment\.apps "broken" is invalid/m);
  assert.match(text.stdout, /^Sync failed: 1 of 5 objects not applied: .*; the ApplySet parent keeps [0-9a-f]{12} as the applied commit$/m);

  fs.rmSync(path.join(root, 'deploy/staging/broken.yaml'));
  const fixed = commit('staging: drop the broken deployment');
  const again = await syncJson(['--yes']);
  assert.equal(again.run.code, 0, again.run.stderr);
  const after = await parent();
  assert.equal(after.annotations['gitops-workbench.dev/applied-revision'], fixed);
  assert.equal(after.annotations['gitops-workbench.dev/attempted-revision'], undefined, 'a complete sync clears the failed attempt');
});

test('uncommitted changes to the inputs refuse (exit 2) before anything changes; --dry-run never applies', async () => {
  fs.writeFileSync(path.join(root, 'deploy/staging/extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n');
  const { run, json } = await syncJson(['--yes']);
  assert.equal(run.code, 2);
  assert.equal(json.executed, false);
  assert.deepEqual(json.plan.blockers.map((blocker) => [blocker.code, blocker.files]), [['UncommittedChanges', ['deploy/staging/extra.yaml']]]);
  assert.equal(await exists('/api/v1/namespaces/shop/configmaps/extra'), false);
  fs.rmSync(path.join(root, 'deploy/staging/extra.yaml'));

  assert.equal((await kubectl(emulator, ['scale', '-n', 'shop', 'deployment/web', '--replicas=4'])).code, 0);
  const dry = await gw(['sync', '--env', 'staging', '--yes', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^Dry run: nothing was changed\.$/m);
  assert.equal((await request(emulator, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web')).json.spec.replicas, 4);
});

test('an environment that does not render completely refuses (exit 2): applying and pruning the rest would be wrong', async () => {
  fs.writeFileSync(path.join(root, 'deploy/staging/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [namespace.yaml, app.yaml, missing.yaml]\n');
  commit('staging: a kustomization with a missing resource');
  const { run, json } = await syncJson(['--yes', '--prune']);
  assert.equal(run.code, 2, run.stderr);
  assert.deepEqual(json.plan.blockers.map((blocker) => blocker.code), ['RenderIncomplete']);
  assert.equal(await exists('/api/v1/namespaces/shop/configmaps/web-settings'), true, 'nothing pruned');
  fs.rmSync(path.join(root, 'deploy/staging/kustomization.yaml'));
  commit('staging: back to plain files');
});

test('an ApplySet parent of another tool is never taken over', async () => {
  const other = await startKubeEmulator({ seed: ['yaml:\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gitops-workbench-staging\n  namespace: shop\n  labels: {applyset.kubernetes.io/id: applyset-somebody-else-v1}\n  annotations: {applyset.kubernetes.io/tooling: kubectl/v1.32.4}\n'] });
  try {
    const run = await gw(['sync', '--env', 'staging', '--yes'], { kubeconfig: other.kubeconfigPath, env: gitEnv({ KUBECONFIG: '' }) });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /cannot sync \[ApplySetParentConflict\]: ConfigMap shop\/gitops-workbench-staging is not this environment's ApplySet parent/);
    assert.equal(other.getObject('', 'configmaps', 'shop', 'web-settings'), undefined, 'nothing applied');
  } finally {
    await other.stop();
  }
});

test('a CustomResourceDefinition and its custom resources in one sync: the CRD first, its objects once the kind is served', async () => {
  const crdRepo = writeFixtureRepo({
    '.gitops-workbench.yaml': 'environments:\n  - name: dev\n    paths: [deploy]\n    namespace: default\n',
    'deploy/widgets.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets, singular: widget}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n',
  });
  git(crdRepo, ['add', '-A']);
  git(crdRepo, ['commit', '-q', '-m', 'widgets']);
  const fresh = await startKubeEmulator();
  try {
    const run = (argv: string[]) => gw(argv, { cwd: crdRepo, kubeconfig: fresh.kubeconfigPath });
    const synced = await run(['sync', '--env', 'dev', '--yes']);
    assert.equal(synced.code, 0, synced.stdout + synced.stderr);
    assert.match(synced.stdout, /^ {2}\+ Widget\/default\/w1 create \(after its CustomResourceDefinition\)$/m);
    assert.match(synced.stdout, /^ {2}created Widget\/default\/w1$/m);
    assert.equal(fresh.getObject('example.com', 'widgets', 'default', 'w1')?.metadata.labels['applyset.kubernetes.io/part-of'], computeApplySetId({ name: 'gitops-workbench-dev', namespace: 'default', kind: 'ConfigMap', group: '' }));
    const drift = await run(['drift', '--env', 'dev']);
    assert.equal(drift.code, 0, drift.stdout);
    assert.match(drift.stdout, /reconciled by push: [0-9a-f]{12} \(main\), Ready/);
  } finally {
    await fresh.stop();
    fs.rmSync(crdRepo, { recursive: true, force: true });
  }
});

test('the real kubectl (KUBECTL_APPLYSET=true) recognises the parent, its id, its kinds and its members', async () => {
  // kubectl refuses a parent of another tool by its tooling annotation first: that is the proof it read ours.
  const env = process.env.KUBECTL_APPLYSET;
  process.env.KUBECTL_APPLYSET = 'true';
  try {
    const files = ['namespace.yaml', 'app.yaml'].map((file) => ['-f', path.join(root, 'deploy/staging', file)]).flat();
    const refused = await kubectl(emulator, ['apply', '--server-side', '--applyset=configmap/gitops-workbench-staging', '--prune', '-n', 'shop', '--dry-run=server', ...files]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /ApplySet parent object "configmaps\.\/gitops-workbench-staging" already exists and is managed by tooling "gitops-workbench" instead of "kubectl"/);
    // Told it is kubectl's, kubectl checks the id label against its own computation, parses the
    // kinds, finds the members by their label and would prune those the files leave out — "shared"
    // too, which Flux claims: kubectl prunes every member, GitOps Workbench's prune checks owners.
    // (Last in this file: the emulator ignores dryRun in a DELETE body, so kubectl's dry-run prune
    // really deletes there.)
    assert.equal((await kubectl(emulator, ['annotate', '--overwrite', '-n', 'shop', 'configmap/gitops-workbench-staging', 'applyset.kubernetes.io/tooling=kubectl/v1.32.4'])).code, 0);
    const dry = await kubectl(emulator, ['apply', '--server-side', '--applyset=configmap/gitops-workbench-staging', '--prune', '-n', 'shop', '--dry-run=server', '-f', path.join(root, 'deploy/staging/namespace.yaml')]);
    assert.doesNotMatch(dry.stderr, /incorrect value for label|does not have required label|parsing ApplySet annotation|missing required annotation/, dry.stderr);
    const pruned = dry.stdout.split('\n').filter((line) => line.endsWith(' pruned (server dry run)')).map((line) => line.replace(' pruned (server dry run)', '')).sort();
    assert.deepEqual(pruned, ['configmap/shared', 'configmap/web-settings', 'deployment.apps/web', 'secret/web-credentials'], dry.stdout + dry.stderr);
  } finally {
    if (env === undefined) delete process.env.KUBECTL_APPLYSET;
    else process.env.KUBECTL_APPLYSET = env;
  }
});
