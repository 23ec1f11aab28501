import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { createKubeClient } from '../../server/src/engine/cluster/createKubeClient';
import { ClusterUnreachableError } from '../../server/src/engine/cluster/errors/ClusterUnreachableError';
import { KubeApiError } from '../../server/src/engine/cluster/errors/KubeApiError';
import { getObject } from '../../server/src/engine/cluster/getObject';
import type { KubeClient } from '../../server/src/engine/cluster/KubeClient';
import { listEachKind } from '../../server/src/engine/cluster/listEachKind';
import { listObjects } from '../../server/src/engine/cluster/listObjects';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import { caDataOf, configMapsYaml, freePort, kinds, namesOf, startRbacFront, temporaryDir, withAdminClient, withEmulator, writeKubeconfig } from './clusterTestKit';

const deploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}`;

test('LIST pages with limit and continue until the end; items get apiVersion and kind', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}\n---\n${deploymentYaml}`] }, (emulator) =>
    withAdminClient(emulator, async (client) => {
      const list = await listObjects({ client, resource: kinds.configMaps, namespace: 'default', pageSize: 2 });
      assert.deepEqual(namesOf(list.items), ['a', 'b', 'c', 'd', 'e']);
      assert.equal(list.relisted, false);
      assert.match(list.resourceVersion, /^\d+$/);
      assert.deepEqual(list.items.map((item) => [item.apiVersion, item.kind]), Array(5).fill(['v1', 'ConfigMap']));
      assert.deepEqual(Object.keys(list.items[0]).slice(0, 3), ['apiVersion', 'kind', 'metadata']);
      const pages = emulator.requests.map((line) => line.replace(/continue=[^& ]+/, 'continue=TOKEN'));
      assert.deepEqual(pages, [
        'GET /api/v1/namespaces/default/configmaps?limit=2 200',
        'GET /api/v1/namespaces/default/configmaps?limit=2&continue=TOKEN 200',
        'GET /api/v1/namespaces/default/configmaps?limit=2&continue=TOKEN 200',
      ]);
      assert.deepEqual(namesOf((await listObjects({ client, resource: kinds.configMaps })).items).sort(), ['a', 'b', 'c', 'd', 'e', 'x', 'y']);
      const deployments = await listObjects({ client, resource: kinds.deployments });
      assert.deepEqual(deployments.items.map((item) => [item.apiVersion, item.kind, (item.metadata as { name: string }).name]), [['apps/v1', 'Deployment', 'web']]);
    })));

test('an expired continue token (410) relists from the start: the complete set, each object once', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}`] }, (emulator) =>
    withAdminClient(emulator, async (client) => {
      emulator.setFaults({ expireContinue: true });
      const list = await listObjects({ client, resource: kinds.configMaps, namespace: 'default', pageSize: 2 });
      assert.deepEqual(namesOf(list.items), ['a', 'b', 'c', 'd', 'e']);
      assert.equal(list.relisted, true);
      assert.deepEqual(emulator.requests.map((line) => line.replace(/continue=[^& ]+/, 'continue=TOKEN')), [
        'GET /api/v1/namespaces/default/configmaps?limit=2 200',
        'GET /api/v1/namespaces/default/configmaps?limit=2&continue=TOKEN 410',
        'GET /api/v1/namespaces/default/configmaps 200',
      ]);
      emulator.setFaults({});

      // A real compaction between pages, with changes meanwhile: the answer is the state after them, not a mix.
      let pagesSeen = 0;
      const compactingClient: KubeClient = {
        ...client,
        async request<T>(request: Parameters<KubeClient['request']>[0]): Promise<T> {
          const answer = await client.request<T>(request);
          if (++pagesSeen === 1) {
            await client.request({ method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/a' });
            emulator.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f, namespace: default}\n');
            emulator.compact();
          }
          return answer;
        },
      };
      const after = await listObjects({ client: compactingClient, resource: kinds.configMaps, namespace: 'default', pageSize: 2 });
      assert.deepEqual(namesOf(after.items), ['b', 'c', 'd', 'e', 'f']);
      assert.equal(after.relisted, true);
    })));

test('label and field selectors are passed to the server', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}`] }, (emulator) =>
    withAdminClient(emulator, async (client) => {
      assert.deepEqual(namesOf((await listObjects({ client, resource: kinds.configMaps, namespace: 'default', labelSelector: 'tier=odd' })).items), ['b', 'd']);
      assert.deepEqual(namesOf((await listObjects({ client, resource: kinds.configMaps, labelSelector: 'tier in (even),tier!=odd', fieldSelector: 'metadata.namespace=default' })).items), ['a', 'c', 'e']);
      assert.deepEqual(namesOf((await listObjects({ client, resource: kinds.configMaps, fieldSelector: 'metadata.name=y' })).items), ['y']);
    })));

test('a 403 on one kind is reported for that kind while the others list fine; an unreachable cluster fails them all', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}\n---\n${deploymentYaml}`] }, async (emulator) => {
    const front = await startRbacFront(emulator, 'secrets');
    try {
      const dir = temporaryDir('rbac-front');
      const file = writeKubeconfig(path.join(dir, 'config'), {
        clusters: [{ name: 'front', cluster: { server: front.url, 'certificate-authority-data': caDataOf(emulator) } }],
        users: [{ name: 'reader', user: { token: emulator.readOnlyToken } }],
        contexts: [{ name: 'reader', context: { cluster: 'front', user: 'reader' } }],
        'current-context': 'reader',
      });
      const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [file] }) });
      try {
        const listings = await listEachKind({ client, resources: [kinds.configMaps, kinds.secrets, kinds.deployments] });
        assert.deepEqual(listings.map((listing) => [listing.resource.kind, 'items' in listing ? namesOf(listing.items).length : listing.error.status]), [
          ['ConfigMap', 7],
          ['Secret', 403],
          ['Deployment', 1],
        ]);
        const forbidden = listings[1];
        assert.ok('error' in forbidden && forbidden.error instanceof KubeApiError);
        assert.equal(forbidden.error.reason, 'Forbidden');
        assert.match(forbidden.error.message, /^secrets is forbidden: User "reader" cannot list resource "secrets"/);
      } finally {
        client.close();
      }
    } finally {
      await front.stop();
    }

    const port = await freePort();
    const dir = temporaryDir('unreachable');
    const file = writeKubeconfig(path.join(dir, 'config'), {
      clusters: [{ name: 'gone', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': caDataOf(emulator) } }],
      users: [{ name: 'admin', user: { token: emulator.token } }],
      contexts: [{ name: 'gone', context: { cluster: 'gone', user: 'admin' } }],
      'current-context': 'gone',
    });
    const unreachable = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [file] }) });
    try {
      await assert.rejects(listEachKind({ client: unreachable, resources: [kinds.configMaps, kinds.secrets] }), ClusterUnreachableError);
    } finally {
      unreachable.close();
    }
  }));

test('GET returns the object, undefined when it does not exist, and a KubeApiError when the kind itself is not served', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}`] }, (emulator) =>
    withAdminClient(emulator, async (client) => {
      const found = await getObject({ client, resource: kinds.configMaps, name: 'c' });
      assert.deepEqual([found?.kind, (found?.metadata as { namespace: string }).namespace, found?.data], ['ConfigMap', 'default', { n: '2' }]);
      assert.equal((await getObject({ client, resource: kinds.configMaps, namespace: 'shop', name: 'x' }))?.kind, 'ConfigMap');
      assert.equal(await getObject({ client, resource: kinds.configMaps, name: 'missing' }), undefined);
      assert.equal((await getObject({ client, resource: kinds.namespaces, name: 'shop' }))?.kind, 'Namespace');
      const widgets = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true, verbs: [] };
      await assert.rejects(getObject({ client, resource: widgets, name: 'w' }), { name: 'KubeApiError', status: 404, message: 'the server could not find the requested resource' });
    })));
