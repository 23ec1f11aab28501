import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { createKubeClient } from '../../server/src/engine/cluster/createKubeClient';
import { KubeApiError } from '../../server/src/engine/cluster/errors/KubeApiError';
import type { KubeClient } from '../../server/src/engine/cluster/KubeClient';
import { listObjects } from '../../server/src/engine/cluster/listObjects';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import { watchObjects, type ObjectChange, type WatchResync } from '../../server/src/engine/cluster/watchObjects';
import type { RunningKubeEmulator } from '../support/kubeEmulator/index';
import { caDataOf, configMapsYaml, kinds, namesOf, Recorder, startRbacFront, startTcpRelay, temporaryDir, withAdminClient, withEmulator, writeKubeconfig } from './clusterTestKit';

const defaultConfigMaps = '/api/v1/namespaces/default/configmaps';

function clientThrough(emulator: RunningKubeEmulator, server: string, token = emulator.token): KubeClient {
  const file = writeKubeconfig(path.join(temporaryDir('watch'), 'config'), {
    clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': caDataOf(emulator) } }],
    users: [{ name: 'u', user: { token } }],
    contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'c',
  });
  return createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [file] }) });
}

const summary = (change: ObjectChange) => `${change.type} ${(change.object.metadata as { name: string }).name}`;
const configMap = (name: string, n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: default}\ndata: {n: "${n}"}\n`;

test('a watch lists first, then delivers changes; after a dropped connection it resumes from its resourceVersion and every later change arrives exactly once', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}`] }, async (emulator) => {
    const relay = await startTcpRelay(emulator.port);
    const client = clientThrough(emulator, `https://127.0.0.1:${relay.port}`);
    const changes = new Recorder<ObjectChange>();
    const resyncs = new Recorder<WatchResync>();
    const reconnects = new Recorder<{ failures: number; error: Error }>();
    const watch = watchObjects({ client, resource: kinds.configMaps, namespace: 'default', onChange: changes.push, onResync: resyncs.push, onReconnect: reconnects.push, initialBackoffMs: 50 });
    try {
      await resyncs.until('the initial list', (values) => values.length === 1);
      assert.equal(resyncs.values[0].reason, 'initial');
      assert.deepEqual(namesOf(resyncs.values[0].items), ['a', 'b', 'c', 'd', 'e']);
      assert.equal(resyncs.values[0].items[0].kind, 'ConfigMap');

      emulator.apply(configMap('a', 'A1'));
      await changes.until('a modified', (values) => values.length === 1);
      assert.deepEqual(changes.values.map(summary), ['MODIFIED a']);
      assert.equal(changes.values[0].object.apiVersion, 'v1');
      const resumeFrom = watch.resourceVersion;
      assert.equal(resumeFrom, (changes.values[0].object.metadata as { resourceVersion: string }).resourceVersion);

      // The network drops the watch; the first reconnection is dropped too; changes happen meanwhile.
      emulator.setFaults({ dropConnections: { count: 1 }, pathPrefix: defaultConfigMaps, methods: ['GET'] });
      relay.dropAll();
      emulator.apply(configMap('b', 'B1'));
      emulator.apply(configMap('f', 'F0'));
      await withAdminClient(emulator, (admin) => admin.request({ method: 'DELETE', path: `${defaultConfigMaps}/c` }));
      await changes.until('the changes made while disconnected', (values) => values.length >= 4);
      emulator.apply(configMap('g', 'G0'));
      await changes.until('a change after the reconnection', (values) => values.some((change) => summary(change) === 'ADDED g'));

      assert.deepEqual(changes.values.map(summary), ['MODIFIED a', 'MODIFIED b', 'ADDED f', 'DELETED c', 'ADDED g']);
      assert.equal(resyncs.values.length, 1, 'no relist was needed');
      assert.ok(reconnects.values.length >= 2, `reconnections reported: ${reconnects.values.length}`);
      assert.match(reconnects.values[0].error.message, /dropped/);
      // The successful reconnection is still open, so the emulator has not logged it; the dropped one shows where it resumed.
      const watchRequests = emulator.requests.filter((line) => line.includes('watch=true'));
      assert.ok(watchRequests.some((line) => line.includes(`resourceVersion=${resumeFrom}&`) && line.endsWith('dropped')), watchRequests.join('\n'));
    } finally {
      watch.close();
      await watch.done;
      client.close();
      await relay.stop();
    }
    // close() ended it for good: a change now reaches nobody.
    const seen = changes.values.length;
    emulator.apply(configMap('h', 'H0'));
    await withAdminClient(emulator, (admin) => admin.request({ method: 'GET', path: defaultConfigMaps }));
    assert.equal(changes.values.length, seen);
  }));

test('410: when the server has forgotten the resourceVersion, the watch lists again, tells the caller once, and keeps watching', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}`] }, (emulator) =>
    withAdminClient(emulator, async (client) => {
      const old = await listObjects({ client, resource: kinds.configMaps, namespace: 'default' });
      emulator.apply(configMap('a', 'A1'));
      await client.request({ method: 'DELETE', path: `${defaultConfigMaps}/b` });
      emulator.apply(configMap('f', 'F0'));
      emulator.compact();

      const changes = new Recorder<ObjectChange>();
      const resyncs = new Recorder<WatchResync>();
      const watch = watchObjects({ client, resource: kinds.configMaps, namespace: 'default', resourceVersion: old.resourceVersion, onChange: changes.push, onResync: resyncs.push });
      try {
        await resyncs.until('the relist', (values) => values.length === 1);
        const [resync] = resyncs.values;
        assert.equal(resync.reason, 'expired');
        assert.deepEqual(namesOf(resync.items), ['a', 'c', 'd', 'e', 'f']);
        assert.deepEqual(resync.items[0].data, { n: 'A1' });
        assert.equal(watch.resourceVersion, resync.resourceVersion);

        emulator.apply(configMap('g', 'G0'));
        await changes.until('the change after the relist', (values) => values.length === 1);
        assert.deepEqual(changes.values.map(summary), ['ADDED g'], 'changes before the relist are in it, not repeated as events');
        assert.equal(resyncs.values.length, 1);
      } finally {
        watch.close();
        await watch.done;
      }
    })));

test('the server ending a watch request (timeoutSeconds) is not a failure: the watch goes on from where it was', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}`] }, (emulator) =>
    withAdminClient(emulator, async (client) => {
      const changes = new Recorder<ObjectChange>();
      const resyncs = new Recorder<WatchResync>();
      const reconnects: unknown[] = [];
      const watch = watchObjects({ client, resource: kinds.configMaps, namespace: 'default', timeoutSeconds: 1, onChange: changes.push, onResync: resyncs.push, onReconnect: (problem) => reconnects.push(problem) });
      try {
        await resyncs.until('the initial list', (values) => values.length === 1);
        const watchRequests = () => emulator.requests.filter((line) => line.includes('watch=true'));
        // The first watch request ends after a second and is logged then; a second one follows.
        const ended = new Recorder<number>();
        const poll = setInterval(() => ended.push(watchRequests().length), 50);
        try {
          await ended.until('the server to end the first watch request', (values) => values.some((count) => count >= 1));
        } finally {
          clearInterval(poll);
        }
        emulator.apply(configMap('z', 'Z0'));
        await changes.until('the change after the server ended a request', (values) => values.length === 1);
        assert.deepEqual(changes.values.map(summary), ['ADDED z']);
        assert.deepEqual(reconnects, []);
        assert.deepEqual(resyncs.values.map((resync) => resync.reason), ['initial']);
        assert.match(watchRequests()[0], /timeoutSeconds=1.* 200$/);
      } finally {
        watch.close();
        await watch.done;
      }
    })));

test('a watch the server refuses (403) ends: done rejects with the KubeApiError', () =>
  withEmulator({ seed: [`yaml:${configMapsYaml}`] }, async (emulator) => {
    const front = await startRbacFront(emulator, 'secrets');
    const client = clientThrough(emulator, front.url, emulator.readOnlyToken);
    try {
      let resynced = false;
      const watch = watchObjects({ client, resource: kinds.secrets, onChange: () => undefined, onResync: () => (resynced = true) });
      await assert.rejects(watch.done, (error: unknown) => error instanceof KubeApiError && error.status === 403);
      assert.equal(resynced, false);
    } finally {
      client.close();
      await front.stop();
    }
  }));
