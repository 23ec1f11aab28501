import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl, request } from '../support/kubeEmulator/testClient';

const crds = path.resolve(__dirname, '../../../../shared/data/crds');
const fluxKustomize = path.join(crds, 'flux-v2.6.4', 'flux-kustomize-controller.yaml');
const argoApplication = path.join(crds, 'argo-cd-v3.6.0', 'application-crd.yaml');

async function withEmulator(run: (emulator: RunningKubeEmulator) => Promise<void>): Promise<void> {
  const emulator = await startKubeEmulator();
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

const resources = `
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: default}
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef: {kind: GitRepository, name: flux-system}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: guestbook, namespace: default}
spec:
  project: default
  source: {repoURL: "https://github.com/argoproj/argocd-example-apps.git", path: guestbook, targetRevision: HEAD}
  destination: {server: "https://kubernetes.default.svc", namespace: guestbook}
`;

test('the real Flux and Argo CD CRDs serve their kinds: apply, get with printer columns, status subresource, delete', () =>
  withEmulator(async (emulator) => {
    const applied = await kubectl(emulator, ['apply', '--server-side', '-f', fluxKustomize, '-f', argoApplication]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, 'customresourcedefinition.apiextensions.k8s.io/kustomizations.kustomize.toolkit.fluxcd.io serverside-applied\ncustomresourcedefinition.apiextensions.k8s.io/applications.argoproj.io serverside-applied\n');
    const crdList = await kubectl(emulator, ['get', 'crd', '-o', 'name']);
    assert.equal(crdList.stdout, 'customresourcedefinition.apiextensions.k8s.io/applications.argoproj.io\ncustomresourcedefinition.apiextensions.k8s.io/kustomizations.kustomize.toolkit.fluxcd.io\n');
    const crd = (await request(emulator, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/kustomizations.kustomize.toolkit.fluxcd.io')).json;
    assert.deepEqual(crd.status.conditions.map((c: any) => [c.type, c.status]), [['NamesAccepted', 'True'], ['Established', 'True']]);
    assert.deepEqual(crd.status.storedVersions, ['v1']);

    const created = await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: resources });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'kustomization.kustomize.toolkit.fluxcd.io/apps serverside-applied\napplication.argoproj.io/guestbook serverside-applied\n');
    const table = await kubectl(emulator, ['get', 'kustomizations']);
    assert.deepEqual(table.stdout.split('\n')[0].split(/\s+/), ['NAME', 'AGE', 'READY', 'STATUS']);
    const apps = await kubectl(emulator, ['get', 'applications.argoproj.io', '-o', 'json']);
    const app = JSON.parse(apps.stdout).items[0];
    assert.deepEqual([app.apiVersion, app.kind, app.metadata.name, app.metadata.generation, app.spec.source.path], ['argoproj.io/v1alpha1', 'Application', 'guestbook', 1, 'guestbook']);

    // Status through /status, shown by the printer columns; the main resource ignores status.
    const base = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/default/kustomizations/apps';
    const status = { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:0123', lastTransitionTime: '2025-01-01T00:00:00Z' }], lastAppliedRevision: 'main@sha1:0123' } };
    assert.equal((await request(emulator, 'PATCH', `${base}/status`, { body: status, contentType: 'application/merge-patch+json' })).status, 200);
    const ready = await kubectl(emulator, ['get', 'kustomization', 'apps', '--no-headers']);
    assert.match(ready.stdout, /^apps\s+\d+s\s+True\s+Applied revision: main@sha1:0123\n$/);
    const ignored = await request(emulator, 'PATCH', base, { body: { status: { lastAppliedRevision: 'other' } }, contentType: 'application/merge-patch+json' });
    assert.equal(ignored.json.status.lastAppliedRevision, 'main@sha1:0123');
    const strategic = await request(emulator, 'PATCH', base, { body: { spec: { prune: false } }, contentType: 'application/strategic-merge-patch+json' });
    assert.equal(strategic.status, 415);
    const diff = await kubectl(emulator, ['diff', '--server-side', '-f', '-'], { input: resources });
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);

    const deleted = await kubectl(emulator, ['delete', 'crd', 'kustomizations.kustomize.toolkit.fluxcd.io']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal((await request(emulator, 'GET', base)).status, 404);
    const discovery = await request(emulator, 'GET', '/apis');
    assert.deepEqual(discovery.json.groups.filter((g: any) => /fluxcd|argoproj/.test(g.name)).map((g: any) => g.name), ['argoproj.io']);
  }));

test('an invalid CRD is a 422, and seeding from YAML files applies CRDs before their resources', async () => {
  const emulator = await startKubeEmulator({ seed: [fluxKustomize, `yaml:${resources.split('---')[0]}`] });
  try {
    const list = await kubectl(emulator, ['get', 'kustomizations.kustomize.toolkit.fluxcd.io', '-A', '-o', 'name']);
    assert.equal(list.stdout, 'kustomization.kustomize.toolkit.fluxcd.io/apps\n');
    const bad = await request(emulator, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      body: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.org', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true }] } },
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.details.causes[0].field, 'metadata.name');
  } finally {
    await emulator.stop();
  }
});
