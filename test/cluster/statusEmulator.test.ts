import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { applySetParentRef } from '../../server/src/engine/cluster/status/applySetParentRef';
import { buildApplySetParent } from '../../server/src/engine/cluster/status/buildApplySetParent';
import { computeApplySetId } from '../../server/src/engine/cluster/status/computeApplySetId';
import { readPendingCommits } from '../../server/src/engine/cluster/status/readPendingCommits';
import { readReconciledRevision } from '../../server/src/engine/cluster/status/readReconciledRevision';
import { createKubeClient } from '../../server/src/engine/cluster/createKubeClient';
import { ClusterUnreachableError } from '../../server/src/engine/cluster/errors/ClusterUnreachableError';
import type { KubeClient } from '../../server/src/engine/cluster/KubeClient';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import type { ArgoApplication, Environment, FluxKustomization } from '../../server/src/engine/environments/Environment';
import { openRepository, type GitRepository } from '../../server/src/engine/git/openRepository';
import { GitFixture } from '../support/buildFixtureRepo';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl, request } from '../support/kubeEmulator/testClient';
import { caDataOf, startRbacFront, temporaryDir, writeKubeconfig } from './clusterTestKit';

const crds = path.resolve(__dirname, '../../../../shared/data/crds');

const clients: KubeClient[] = [];

/** clientFor is the project's KubeClient (createKubeClient) for a server with the emulator's CA and a bearer token. */
function clientFor(args: { server: string; token: string; maxRetries?: number }): KubeClient {
  const file = writeKubeconfig(path.join(temporaryDir('status-kubeconfig'), 'config'), {
    clusters: [{ name: 'target', cluster: { server: args.server, 'certificate-authority-data': caDataOf(emulator) } }],
    users: [{ name: 'user', user: { token: args.token } }],
    contexts: [{ name: 'target', context: { cluster: 'target', user: 'user' } }],
    'current-context': 'target',
  });
  const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [file], env: {} }), ...(args.maxRetries !== undefined ? { maxRetries: args.maxRetries } : {}) });
  clients.push(client);
  return client;
}

function kustomization(name: string, path: string, extra: Partial<FluxKustomization> = {}): FluxKustomization {
  return {
    name,
    namespace: 'flux-system',
    file: 'clusters/production/apps.yaml',
    line: 1,
    path,
    sourceRef: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system', inThisRepository: true },
    dependsOn: [],
    patches: [],
    images: [],
    components: [],
    suspended: false,
    ...extra,
  };
}

function argoApplication(name: string, path: string): ArgoApplication {
  return {
    name,
    namespace: 'argocd',
    file: 'argocd/apps.yaml',
    line: 1,
    sources: [{ repoURL: 'https://example.com/shop.git', path, targetRevision: 'main', inThisRepository: true }],
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    project: 'default',
  };
}

const fluxEnvironment = (kustomizations: FluxKustomization[]): Environment => ({
  name: 'production',
  source: 'flux',
  paths: ['apps', 'infra'],
  inputs: ['apps', 'infra'],
  flux: { kustomizations },
});
const argoEnvironment = (applications: ArgoApplication[]): Environment => ({
  name: 'shop-production',
  source: 'argocd',
  paths: ['apps'],
  inputs: ['apps'],
  argocd: { applications },
});
const pushEnvironment: Environment = { name: 'staging', source: 'config', paths: ['apps'], inputs: ['apps'], namespace: 'shop', reconciler: 'push', branch: 'main' };
const overlayEnvironment: Environment = { name: 'preview', source: 'kustomize', paths: ['apps'], inputs: ['apps'], namespace: 'shop' };

const objects = `yaml:
apiVersion: v1
kind: Namespace
metadata: {name: flux-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: argocd}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {interval: 1m, url: "https://example.com/shop.git", ref: {branch: main}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: infra, namespace: flux-system}
spec: {interval: 10m, path: ./infra, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec: {interval: 10m, path: ./apps, prune: true, dependsOn: [{name: infra}], sourceRef: {kind: GitRepository, name: flux-system}}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: shop-production, namespace: argocd}
spec:
  project: default
  source: {repoURL: "https://example.com/shop.git", path: apps, targetRevision: main}
  destination: {server: "https://kubernetes.default.svc", namespace: shop}
`;

let emulator: RunningKubeEmulator;
let admin: KubeClient;
let reader: KubeClient;
let fixture: GitFixture;
let repo: GitRepository;
const shas: Record<string, string> = {};

/** patchStatus writes status as a controller does: a merge patch, through /status when the kind has that subresource. */
async function patchStatus(resourcePath: string, status: unknown, subresource: boolean): Promise<void> {
  const answer = await request(emulator, 'PATCH', subresource ? `${resourcePath}/status` : resourcePath, { body: { status }, contentType: 'application/merge-patch+json' });
  assert.equal(answer.status, 200, answer.text);
}

const ready = (message: string, time: string) => ({ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message, lastTransitionTime: time, observedGeneration: 1 });

before(async () => {
  fixture = GitFixture.create('gw-status-');
  shas.initial = fixture.commit('initial layout', { 'apps/web.yaml': 'kind: ConfigMap\n', 'infra/ns.yaml': 'kind: Namespace\n', 'docs/README.md': '# shop\n' });
  shas.infraChange = fixture.commit('infra: add quota', { 'infra/quota.yaml': 'kind: ResourceQuota\n' });
  shas.appsChange = fixture.commit('apps: scale web', { 'apps/web.yaml': 'kind: ConfigMap\ndata: {replicas: "3"}\n' });
  shas.docsChange = fixture.commit('docs: runbook', { 'docs/runbook.md': 'Runbook\n' });
  shas.appsLatest = fixture.commit('apps: new image', { 'apps/web.yaml': 'kind: ConfigMap\ndata: {replicas: "3", image: v2}\n' });
  repo = openRepository({ dir: fixture.dir });

  emulator = await startKubeEmulator({
    seed: [
      path.join(crds, 'flux-v2.6.4', 'flux-kustomize-controller.yaml'),
      path.join(crds, 'flux-v2.6.4', 'flux-source-controller.yaml'),
      path.join(crds, 'argo-cd-v3.6.0', 'application-crd.yaml'),
      objects,
    ],
  });
  admin = clientFor({ server: emulator.url, token: emulator.token });
  reader = clientFor({ server: emulator.url, token: emulator.readOnlyToken });

  // Flux: infra applied the older commit and is Ready; apps applied a newer one and then failed.
  const fluxBase = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';
  await patchStatus(`${fluxBase}/infra`, {
    observedGeneration: 1,
    lastAppliedRevision: `main@sha1:${shas.infraChange}`,
    lastAttemptedRevision: `main@sha1:${shas.infraChange}`,
    conditions: [ready(`Applied revision: main@sha1:${shas.infraChange}`, '2025-03-01T10:00:00Z')],
    inventory: { entries: [{ id: '_shop__Namespace', v: 'v1' }, { id: 'shop_quota__ResourceQuota', v: 'v1' }] },
  }, true);
  await patchStatus(`${fluxBase}/apps`, {
    observedGeneration: 1,
    lastAppliedRevision: `refs/heads/main@sha1:${shas.appsChange}`,
    lastAttemptedRevision: `refs/heads/main@sha1:${shas.appsLatest}`,
    conditions: [{ type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: 'health check failed after 5m0s: timeout waiting for: [Deployment/shop/web status: \'InProgress\']', lastTransitionTime: '2025-03-01T11:00:00Z', observedGeneration: 1 }],
    inventory: { entries: [{ id: 'shop_web_apps_Deployment', v: 'v1' }, { id: 'shop_web__ConfigMap', v: 'v1' }] },
  }, true);
  await patchStatus('/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/flux-system', {
    observedGeneration: 1,
    artifact: { revision: `main@sha1:${shas.appsLatest}`, digest: 'sha256:0f0f', lastUpdateTime: '2025-03-01T10:59:00Z', path: 'gitrepository/flux-system/flux-system/x.tar.gz', url: 'http://source-controller/x.tar.gz' },
    conditions: [ready(`stored artifact for revision 'main@sha1:${shas.appsLatest}'`, '2025-03-01T10:59:00Z')],
  }, true);

  // Argo CD: the Application has no status subresource; its controller patches the object itself.
  await patchStatus('/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/shop-production', {
    sync: { status: 'OutOfSync', revision: shas.appsLatest, comparedTo: { source: { repoURL: 'https://example.com/shop.git', path: 'apps', targetRevision: 'main' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' } } },
    health: { status: 'Healthy', lastTransitionTime: '2025-03-01T09:00:00Z' },
    history: [
      { id: 1, revision: shas.initial, deployedAt: '2025-03-01T08:00:00Z', deployStartedAt: '2025-03-01T07:59:50Z', source: { repoURL: 'https://example.com/shop.git', path: 'apps', targetRevision: 'main' } },
      { id: 2, revision: shas.appsChange, deployedAt: '2025-03-01T09:00:00Z', deployStartedAt: '2025-03-01T08:59:50Z', source: { repoURL: 'https://example.com/shop.git', path: 'apps', targetRevision: 'main' }, initiatedBy: { automated: true } },
    ],
    operationState: {
      operation: { sync: { revision: shas.appsChange }, initiatedBy: { automated: true } },
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: '2025-03-01T08:59:50Z',
      finishedAt: '2025-03-01T09:00:00Z',
      syncResult: { revision: shas.appsChange, source: { repoURL: 'https://example.com/shop.git', path: 'apps', targetRevision: 'main' }, resources: [] },
    },
    reconciledAt: '2025-03-01T11:30:00Z',
  }, false);

  // Push: the parent as the sync engine will write it, by server-side apply.
  const parent = buildApplySetParent({ environment: pushEnvironment, version: '0.1.0', kinds: [{ group: 'apps', kind: 'Deployment' }, { group: '', kind: 'ConfigMap' }], namespaces: ['shop'], revision: shas.initial, ref: 'main', appliedAt: '2025-03-01T12:00:00Z' });
  const ref = applySetParentRef({ environment: pushEnvironment });
  await admin.request({ method: 'PATCH', path: `/api/v1/namespaces/${ref.namespace}/configmaps/${ref.name}`, query: { fieldManager: 'gitops-workbench', force: true }, body: parent, contentType: 'application/apply-patch+yaml' });
});

after(async () => {
  for (const client of clients) client.close();
  await emulator?.stop();
  repo?.dispose();
  if (fixture) fs.rmSync(fixture.dir, { recursive: true, force: true });
});

test('Flux, two Kustomizations: each is reported, the environment runs the commit furthest behind the branch, and it is not ready because one Kustomization is not', async () => {
  const environment = fluxEnvironment([kustomization('infra', 'infra'), kustomization('apps', 'apps', { dependsOn: [{ name: 'infra' }] })]);
  const result = await readReconciledRevision({ client: admin, environment, repo });
  assert.equal(result.source, 'flux');
  assert.equal(result.revision, shas.infraChange, 'infra ran the older commit: it is furthest behind');
  assert.equal(result.ref, 'main');
  assert.equal(result.ready, false);
  assert.equal(result.reconciledAt, '2025-03-01T10:00:00Z');
  assert.match(result.message!, /Kustomization flux-system\/apps is not ready: HealthCheckFailed: health check failed after 5m0s/);
  assert.match(result.message!, new RegExp(`${shas.infraChange.slice(0, 12)} is furthest behind`));
  assert.deepEqual(result.problems, []);

  const [infra, apps] = result.kustomizations!;
  assert.deepEqual([infra.name, infra.revision, infra.ready, infra.reason, infra.applied?.ref], ['infra', shas.infraChange, true, 'ReconciliationSucceeded', 'main']);
  assert.deepEqual([apps.name, apps.revision, apps.ready, apps.applied?.ref, apps.attempted?.sha], ['apps', shas.appsChange, false, 'refs/heads/main', shas.appsLatest]);
  assert.equal(apps.source?.artifact?.sha, shas.appsLatest, "the GitRepository's artifact revision");
  assert.equal(apps.source?.ready, true);
  assert.deepEqual(apps.inventory.map((entry) => [entry.namespace, entry.name, entry.group, entry.kind]), [['shop', 'web', 'apps', 'Deployment'], ['shop', 'web', '', 'ConfigMap']]);

  // Drift's ownership markers.
  assert.deepEqual(result.markers, {
    fluxKustomizations: [{ name: 'infra', namespace: 'flux-system' }, { name: 'apps', namespace: 'flux-system' }],
    fluxInventory: ['_shop__Namespace', 'shop_quota__ResourceQuota', 'shop_web_apps_Deployment', 'shop_web__ConfigMap'],
    argoApplications: [],
  });

  // Pending: from the furthest-behind commit, only the commits that change the inputs (not docs).
  const pending = await readPendingCommits({ repo, environment, reconciled: result });
  assert.deepEqual(pending.pending.map((commit) => commit.sha), [shas.appsLatest, shas.appsChange]);
  assert.equal(pending.behind, 2);
  assert.equal(pending.totalBehind, 3);
  assert.equal(pending.ref, 'refs/heads/main');

  // Without the repository the two commits cannot be ordered: unknown, and said so.
  const unordered = await readReconciledRevision({ client: admin, environment });
  assert.equal(unordered.revision, undefined);
  assert.match(unordered.message!, /the repository is needed to tell which is furthest behind/);
});

test('Flux, one Kustomization: its lastAppliedRevision with a read-only user; a missing Kustomization is not found, clearly', async () => {
  const one = await readReconciledRevision({ client: reader, environment: fluxEnvironment([kustomization('infra', 'infra')]), repo });
  assert.deepEqual([one.source, one.revision, one.ready, one.message], ['flux', shas.infraChange, true, undefined]);

  const missing = await readReconciledRevision({ client: reader, environment: fluxEnvironment([kustomization('infra', 'infra'), kustomization('payments', 'apps')]), repo });
  assert.equal(missing.revision, undefined, 'part of the environment is not applied: its revision is unknown');
  assert.equal(missing.ready, false);
  assert.deepEqual(missing.problems.map((problem) => [problem.object, problem.code]), [['Kustomization flux-system/payments', 'NotFound']]);
  assert.match(missing.message!, /^Kustomization flux-system\/payments was not found in the cluster: the repository defines it in clusters\/production\/apps\.yaml:1/);
  assert.equal(missing.kustomizations![1].found, false);
});

test('Argo CD: the deployed commit is the last successful sync (not the compared one), with health and history', async () => {
  const result = await readReconciledRevision({ client: reader, environment: argoEnvironment([argoApplication('shop-production', 'apps')]), repo });
  assert.equal(result.source, 'argocd');
  assert.equal(result.revision, shas.appsChange);
  assert.equal(result.ref, 'main');
  assert.equal(result.ready, true);
  assert.equal(result.reconciledAt, '2025-03-01T09:00:00Z');
  const [application] = result.applications!;
  assert.deepEqual(
    [application.syncStatus, application.comparedRevision, application.healthStatus, application.operationPhase, application.historyId, application.history.map((entry) => entry.revision)],
    ['OutOfSync', shas.appsLatest, 'Healthy', 'Succeeded', 2, [shas.initial, shas.appsChange]],
  );
  assert.match(result.message!, new RegExp(`OutOfSync with ${shas.appsLatest.slice(0, 12)}`));
  assert.deepEqual(result.markers.argoApplications, ['shop-production']);
  const pending = await readPendingCommits({ repo, environment: argoEnvironment([argoApplication('shop-production', 'apps')]), reconciled: result });
  assert.deepEqual(pending.pending.map((commit) => commit.sha), [shas.appsLatest]);

  const missing = await readReconciledRevision({ client: reader, environment: argoEnvironment([argoApplication('shop-staging', 'apps')]) });
  assert.deepEqual(missing.problems.map((problem) => problem.code), ['NotFound']);
  assert.match(missing.message!, /^Application argocd\/shop-staging was not found in the cluster/);
});

test('push: the ApplySet parent the sync writes gives the applied commit; its id is the one kubectl computes', async () => {
  const result = await readReconciledRevision({ client: reader, environment: pushEnvironment, repo });
  const ref = applySetParentRef({ environment: pushEnvironment });
  assert.deepEqual([result.source, result.revision, result.ref, result.ready, result.reconciledAt, result.message], ['push', shas.initial, 'main', true, '2025-03-01T12:00:00Z', undefined]);
  assert.equal(result.markers.applySetId, ref.id);
  assert.deepEqual(result.applySet?.groupKinds, ['ConfigMap', 'Deployment.apps']);
  assert.equal(result.applySet?.tooling, 'gitops-workbench/0.1.0');
  const pending = await readPendingCommits({ repo, environment: pushEnvironment, reconciled: result });
  assert.deepEqual(pending.pending.map((commit) => commit.sha), [shas.appsLatest, shas.appsChange]);

  // kubectl (KUBECTL_APPLYSET=true) is the referee for the id and the annotation formats.
  const previous = process.env.KUBECTL_APPLYSET;
  process.env.KUBECTL_APPLYSET = 'true';
  try {
    const input = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\ndata: {a: "1"}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "nginx:1.27"}]}\n';
    const applied = await kubectl(emulator, ['apply', '--server-side', '-n', 'shop', '--prune', '--applyset=configmaps/kubectl-parent', '-f', '-'], { input });
    assert.equal(applied.code, 0, applied.stderr);
  } finally {
    if (previous === undefined) delete process.env.KUBECTL_APPLYSET;
    else process.env.KUBECTL_APPLYSET = previous;
  }
  const kubectlParent = (await request(emulator, 'GET', '/api/v1/namespaces/shop/configmaps/kubectl-parent')).json;
  assert.equal(computeApplySetId({ name: 'kubectl-parent', namespace: 'shop', kind: 'ConfigMap', group: '' }), kubectlParent.metadata.labels['applyset.kubernetes.io/id']);
  assert.equal(kubectlParent.metadata.annotations['applyset.kubernetes.io/contains-group-kinds'], result.applySet?.groupKinds.join(','));
});

test('push: no parent means never synced (reconciler push) or no reconciler at all (source null); neither is an error', async () => {
  const never = await readReconciledRevision({ client: reader, environment: { ...pushEnvironment, name: 'qa' } });
  assert.equal(never.source, 'push');
  assert.equal(never.revision, undefined);
  assert.deepEqual(never.problems, []);
  assert.match(never.message!, /^ConfigMap shop\/gitops-workbench-qa was not found in the cluster: GitOps Workbench has not synced this environment yet/);
  const none = await readReconciledRevision({ client: reader, environment: overlayEnvironment });
  assert.equal(none.source, null);
  assert.match(none.message!, /no reconciler was found for this environment/);
  const pending = await readPendingCommits({ repo, environment: overlayEnvironment, reconciled: none });
  assert.equal(pending.behind, undefined, 'unknown, not zero');
});

test('forbidden (the reader behind an RBAC front that refuses one kind): a clear message per object, not a throw; other kinds still read', async () => {
  const kustomizationsFront = await startRbacFront(emulator, 'kustomizations');
  const configMapsFront = await startRbacFront(emulator, 'configmaps');
  try {
    const limited = clientFor({ server: kustomizationsFront.url, token: emulator.readOnlyToken });
    const flux = await readReconciledRevision({ client: limited, environment: fluxEnvironment([kustomization('infra', 'infra')]), repo });
    assert.deepEqual([flux.source, flux.revision, flux.ready], ['flux', undefined, undefined]);
    assert.deepEqual(flux.problems.map((problem) => [problem.object, problem.code]), [['Kustomization flux-system/infra', 'Forbidden']]);
    assert.match(flux.message!, /^no access to Kustomization flux-system\/infra: the cluster credentials may not read kustomizations\.kustomize\.toolkit\.fluxcd\.io \(the API server said: kustomizations is forbidden: User "reader" cannot list/);
    const argo = await readReconciledRevision({ client: limited, environment: argoEnvironment([argoApplication('shop-production', 'apps')]) });
    assert.deepEqual([argo.revision, argo.problems], [shas.appsChange, []]);

    const noConfigMaps = clientFor({ server: configMapsFront.url, token: emulator.readOnlyToken });
    const push = await readReconciledRevision({ client: noConfigMaps, environment: pushEnvironment });
    assert.deepEqual([push.source, push.revision, push.problems.map((problem) => problem.code)], ['push', undefined, ['Forbidden']]);
    assert.match(push.message!, /^no access to ConfigMap shop\/gitops-workbench-staging/);
  } finally {
    await kustomizationsFront.stop();
    await configMapsFront.stop();
  }
});

test('a cluster without the Flux or Argo CD CRDs: the kind is not served, said so; an unreachable cluster throws ClusterUnreachableError', async () => {
  const bare = await startKubeEmulator();
  const client = clientFor({ server: bare.url, token: bare.readOnlyToken, maxRetries: 0 });
  try {
    const flux = await readReconciledRevision({ client, environment: fluxEnvironment([kustomization('apps', 'apps')]) });
    assert.deepEqual(flux.problems.map((problem) => problem.code), ['NotServed']);
    assert.match(flux.message!, /the cluster does not serve kustomizations\.kustomize\.toolkit\.fluxcd\.io, so Kustomization flux-system\/apps cannot be read: is the reconciler installed/);
    assert.ok(bare.requests.some((line) => line.startsWith('GET /apis/kustomize.toolkit.fluxcd.io/v1beta2/')), 'an older served version is tried');
    const argo = await readReconciledRevision({ client, environment: argoEnvironment([argoApplication('shop', 'apps')]) });
    assert.deepEqual(argo.problems.map((problem) => problem.code), ['NotServed']);
  } finally {
    await bare.stop();
  }
  await assert.rejects(readReconciledRevision({ client, environment: pushEnvironment }), ClusterUnreachableError);
});
