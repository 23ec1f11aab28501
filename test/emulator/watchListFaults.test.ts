import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { followKubectl, kubectl, request } from '../support/kubeEmulator/testClient';

const configMaps = ['a', 'b', 'c', 'd', 'e'].map((name, index) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: default, labels: {tier: ${index % 2 === 0 ? 'even' : 'odd'}${name === 'e' ? ', edge: "yes"' : ''}}}\ndata: {n: "${index}"}`).join('\n---\n');

async function withEmulator(run: (emulator: RunningKubeEmulator) => Promise<void>): Promise<void> {
  const emulator = await startKubeEmulator({ seed: [`yaml:${configMaps}`] });
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

test('kubectl get --watch prints the current rows, then one line per change', () =>
  withEmulator(async (emulator) => {
    const watch = followKubectl(emulator, ['get', 'configmaps', '--watch', '-l', 'tier=odd']);
    try {
      await watch.waitForLine((line) => line.startsWith('d '));
      assert.deepEqual(watch.lines.map((line) => line.split(/\s+/).slice(0, 2)), [['NAME', 'DATA'], ['b', '1'], ['d', '1']]);
      assert.equal((await kubectl(emulator, ['label', 'configmap', 'a', 'tier=odd', '--overwrite'])).code, 0);
      assert.match(await watch.waitForLine((line) => line.startsWith('a ')), /^a\s+1\s+\d+s$/);
      assert.equal((await kubectl(emulator, ['patch', 'configmap', 'b', '-p', '{"data":{"m":"2"}}'])).code, 0);
      assert.match(await watch.waitForLine((line) => line.startsWith('b ')), /^b\s+2\s+\d+s$/);
      assert.equal((await kubectl(emulator, ['delete', 'configmap', 'd'])).code, 0);
      assert.match(await watch.waitForLine((line) => line.startsWith('d ')), /^d\s+1\s+\d+s$/);
    } finally {
      await watch.stop();
    }
  }));

test('raw watch: resume from a resourceVersion, selector moves become ADDED/DELETED, too old is a 410 ERROR event', () =>
  withEmulator(async (emulator) => {
    const list = await request(emulator, 'GET', '/api/v1/namespaces/default/configmaps');
    const rv = list.json.metadata.resourceVersion;
    await request(emulator, 'PATCH', '/api/v1/namespaces/default/configmaps/a', { body: { data: { n: 'x' } }, contentType: 'application/merge-patch+json' });
    await request(emulator, 'PATCH', '/api/v1/namespaces/default/configmaps/c', { body: { metadata: { labels: { tier: 'odd' } } }, contentType: 'application/merge-patch+json' });
    await request(emulator, 'DELETE', '/api/v1/namespaces/default/configmaps/e');
    const events = await request(emulator, 'GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&labelSelector=tier%3Deven&timeoutSeconds=1`);
    const parsed = events.text.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(parsed.map((event) => [event.type, event.object.metadata.name]), [['MODIFIED', 'a'], ['DELETED', 'c'], ['DELETED', 'e']]);
    assert.equal(parsed[0].object.kind, 'ConfigMap');
    emulator.compact();
    const old = await request(emulator, 'GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`);
    assert.deepEqual(JSON.parse(old.text.trim()), {
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${rv} (${emulator.server.store.oldestResourceVersion})`, reason: 'Expired', code: 410 },
    });
  }));

test('LIST: limit/continue pagination, 410 Expired on a compacted continue, label and field selectors', () =>
  withEmulator(async (emulator) => {
    const first = await request(emulator, 'GET', '/api/v1/namespaces/default/configmaps?limit=2');
    assert.equal(first.json.kind, 'ConfigMapList');
    assert.deepEqual(first.json.items.map((item: any) => item.metadata.name), ['a', 'b']);
    assert.equal(first.json.items[0].kind, undefined);
    assert.equal(first.json.metadata.remainingItemCount, 3);
    const second = await request(emulator, 'GET', `/api/v1/namespaces/default/configmaps?limit=2&continue=${first.json.metadata.continue}`);
    assert.deepEqual(second.json.items.map((item: any) => item.metadata.name), ['c', 'd']);
    assert.equal(second.json.metadata.resourceVersion, first.json.metadata.resourceVersion);
    const chunked = await kubectl(emulator, ['get', 'configmaps', '--chunk-size=2', '-o', 'name']);
    assert.equal(chunked.stdout, 'configmap/a\nconfigmap/b\nconfigmap/c\nconfigmap/d\nconfigmap/e\n');
    await request(emulator, 'DELETE', '/api/v1/namespaces/default/configmaps/a');
    emulator.compact();
    const expired = await request(emulator, 'GET', `/api/v1/namespaces/default/configmaps?limit=2&continue=${second.json.metadata.continue}`);
    assert.equal(expired.status, 410);
    assert.equal(expired.json.reason, 'Expired');
    assert.match(expired.json.message, /^The provided continue parameter is too old to display a consistent list result\./);
    emulator.setFaults({ expireContinue: true });
    const fresh = await request(emulator, 'GET', '/api/v1/namespaces/default/configmaps?limit=2');
    assert.equal((await request(emulator, 'GET', `/api/v1/namespaces/default/configmaps?limit=2&continue=${fresh.json.metadata.continue}`)).status, 410);
    emulator.setFaults({});

    const names = async (...args: string[]) => (await kubectl(emulator, ['get', 'configmaps', '-o', 'name', ...args])).stdout.trim().split('\n').filter(Boolean).map((line) => line.replace('configmap/', ''));
    assert.deepEqual(await names('-l', 'tier=even'), ['c', 'e']);
    assert.deepEqual(await names('-l', 'tier!=even'), ['b', 'd']);
    assert.deepEqual(await names('-l', 'tier in (odd),!edge'), ['b', 'd']);
    assert.deepEqual(await names('-l', 'edge'), ['e']);
    assert.deepEqual(await names('-l', 'tier notin (odd)'), ['c', 'e']);
    assert.deepEqual(await names('--field-selector', 'metadata.name=d'), ['d']);
    assert.deepEqual(await names('--field-selector', 'metadata.name!=d,metadata.namespace=default', '-l', 'tier=odd'), ['b']);
    const unsupported = await request(emulator, 'GET', '/api/v1/namespaces/default/configmaps?fieldSelector=data.n%3D1');
    assert.deepEqual([unsupported.status, unsupported.json.message], [400, 'field label not supported: data.n']);
  }));

test('faults: 429 with Retry-After (kubectl retries), 500, dropped connections, latency, set over the admin endpoint', () =>
  withEmulator(async (emulator) => {
    const path = '/api/v1/namespaces/default/configmaps';
    emulator.setFaults({ tooManyRequests: { count: 1, retryAfterSeconds: 1 }, pathPrefix: path });
    const raw = await request(emulator, 'GET', path);
    assert.equal(raw.status, 429);
    assert.equal(raw.headers['retry-after'], '1');
    assert.deepEqual(raw.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.', reason: 'TooManyRequests', details: { retryAfterSeconds: 1 }, code: 429 });
    const set = await request(emulator, 'POST', '/__emulator/faults', { body: { tooManyRequests: { count: 1, retryAfterSeconds: 1 }, pathPrefix: path } });
    assert.equal(set.status, 200);
    const retried = await kubectl(emulator, ['get', 'configmaps', '-o', 'name']);
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(retried.stdout.split('\n').length, 6);
    const answered = emulator.requests.filter((line) => line.startsWith(`GET ${path}?limit=500 `));
    assert.deepEqual(answered.map((line) => line.split(' ').pop()), ['429', '200']);

    emulator.setFaults({ serverError: { count: 1 }, pathPrefix: path });
    const failed = await kubectl(emulator, ['get', 'configmaps']);
    assert.equal(failed.code, 1);
    assert.equal(failed.stderr, 'Error from server (InternalError): Internal error occurred: injected by the kube emulator\n');

    emulator.setFaults({ dropConnections: { count: 1 }, pathPrefix: path });
    await assert.rejects(request(emulator, 'GET', path), /socket hang up|ECONNRESET/);
    assert.equal((await request(emulator, 'GET', path)).status, 200);

    emulator.setFaults({ latencyMs: 300, pathPrefix: path });
    const started = Date.now();
    assert.equal((await request(emulator, 'GET', path)).status, 200);
    assert.ok(Date.now() - started >= 300);
    const cleared = await request(emulator, 'DELETE', '/__emulator/faults');
    assert.deepEqual(cleared.json, {});
  }));
