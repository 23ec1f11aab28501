import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { createKubeClient, type KubeClientOptions } from '../../server/src/engine/cluster/createKubeClient';
import { ClusterUnreachableError } from '../../server/src/engine/cluster/errors/ClusterUnreachableError';
import { KubeApiError } from '../../server/src/engine/cluster/errors/KubeApiError';
import type { KubeClient } from '../../server/src/engine/cluster/KubeClient';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import { proxyFromEnvironment } from '../../server/src/engine/cluster/proxyFromEnvironment';
import type { RunningKubeEmulator } from '../support/kubeEmulator/index';
import { freePort, makeTestPki, startClientCertServer, startConnectProxy, startSocksProxy, startTcpRelay, temporaryDir, withEmulator, writeKubeconfig } from './clusterTestKit';

const namespaces = '/api/v1/namespaces';

/** clientFor connects to a server URL with the emulator's admin token (and CA unless another is given). */
async function withClient(
  args: { emulator?: RunningKubeEmulator; server: string; caPem?: string; cluster?: Record<string, unknown>; user?: Record<string, unknown> } & Partial<KubeClientOptions>,
  run: (client: KubeClient) => Promise<void>,
): Promise<void> {
  const dir = temporaryDir('kube-client');
  const caPem = args.caPem ?? args.emulator?.caPem;
  const file = writeKubeconfig(path.join(dir, 'config'), {
    clusters: [{ name: 'target', cluster: { server: args.server, ...(caPem ? { 'certificate-authority-data': Buffer.from(caPem).toString('base64') } : {}), ...args.cluster } }],
    users: [{ name: 'admin', user: args.user ?? { token: args.emulator?.token ?? 'no-token' } }],
    contexts: [{ name: 'target', context: { cluster: 'target', user: 'admin' } }],
    'current-context': 'target',
  });
  const { emulator: _emulator, server: _server, caPem: _caPem, cluster: _cluster, user: _user, ...options } = args;
  const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [file], env: {} }), ...options });
  try {
    await run(client);
  } finally {
    client.close();
  }
}

test('429: the client waits at least Retry-After, then gets its answer', () =>
  withEmulator({}, (emulator) =>
    withClient({ emulator, server: emulator.url }, async (client) => {
      emulator.setFaults({ tooManyRequests: { count: 1, retryAfterSeconds: 1 }, pathPrefix: namespaces });
      const started = Date.now();
      const list = await client.request<{ items: unknown[] }>({ method: 'GET', path: namespaces });
      assert.ok(Date.now() - started >= 1000, `waited ${Date.now() - started} ms`);
      assert.equal(list.items.length, 4);
      assert.deepEqual(emulator.requests, [`GET ${namespaces} 429`, `GET ${namespaces} 200`]);
    })));

test('429 retries are bounded, and a Retry-After beyond maxRetryWaitMs is passed on at once', () =>
  withEmulator({}, (emulator) =>
    withClient({ emulator, server: emulator.url, maxRetries: 2, maxRetryWaitMs: 5000 }, async (client) => {
      emulator.setFaults({ tooManyRequests: { count: 10, retryAfterSeconds: 0 }, pathPrefix: namespaces });
      await assert.rejects(client.request({ method: 'GET', path: namespaces }), (error: unknown) => error instanceof KubeApiError && error.status === 429 && error.reason === 'TooManyRequests');
      assert.deepEqual(emulator.requests, Array(3).fill(`GET ${namespaces} 429`));

      emulator.setFaults({ tooManyRequests: { count: 1, retryAfterSeconds: 60 }, pathPrefix: namespaces });
      const started = Date.now();
      await assert.rejects(client.request({ method: 'GET', path: namespaces }), { status: 429 });
      assert.ok(Date.now() - started < 2000);
    })));

test('at most maxConcurrentRequests are in flight, over kept-alive connections', () =>
  withEmulator({}, async (emulator) => {
    const relay = await startTcpRelay(emulator.port);
    try {
      await withClient({ emulator, server: `https://127.0.0.1:${relay.port}`, maxConcurrentRequests: 3 }, async (client) => {
        emulator.setFaults({ latencyMs: 150, pathPrefix: namespaces });
        const started = Date.now();
        await Promise.all(Array.from({ length: 9 }, () => client.request({ method: 'GET', path: namespaces })));
        assert.ok(Date.now() - started >= 3 * 150, `9 requests, 3 at a time, 150 ms each took ${Date.now() - started} ms`);
        assert.equal(relay.maxOpen, 3);
        assert.equal(relay.opened, 3);
        emulator.setFaults({});
        for (let i = 0; i < 5; i++) await client.request({ method: 'GET', path: namespaces });
        assert.equal(relay.opened, 3, 'sequential requests reuse the kept-alive connections');
      });
    } finally {
      await relay.stop();
    }
  }));

test('a port nobody listens on is ClusterUnreachableError at once', async () => {
  const port = await freePort();
  await withClient({ server: `https://127.0.0.1:${port}`, caPem: makeTestPki().caPem }, async (client) => {
    const started = Date.now();
    await assert.rejects(client.request({ method: 'GET', path: namespaces }), (error: unknown) => {
      assert.ok(error instanceof ClusterUnreachableError);
      assert.equal(error.message, `cannot reach the cluster at https://127.0.0.1:${port}: connection refused (is the cluster running, and is this its address?)`);
      return true;
    });
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });
});

test('no answer within the timeout is ClusterUnreachableError saying so', () =>
  withEmulator({}, (emulator) =>
    withClient({ emulator, server: emulator.url }, async (client) => {
      emulator.setFaults({ latencyMs: 3000, pathPrefix: namespaces });
      const started = Date.now();
      await assert.rejects(client.request({ method: 'GET', path: namespaces, timeoutMs: 200 }), {
        name: 'ClusterUnreachableError',
        message: `cannot reach the cluster at ${emulator.url}: GET ${namespaces}: no answer within 200 ms`,
      });
      assert.ok(Date.now() - started < 1500);
    })));

test('a server certificate from another CA is ClusterUnreachableError about the certificate', () =>
  withEmulator({}, (emulator) =>
    withClient({ emulator, server: emulator.url, caPem: makeTestPki().caPem }, async (client) => {
      await assert.rejects(client.request({ method: 'GET', path: namespaces }), (error: unknown) => {
        assert.ok(error instanceof ClusterUnreachableError);
        assert.match(error.message, /the server's TLS certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*certificate.*\); check certificate-authority\(-data\) of cluster "target"/);
        return true;
      });
      assert.deepEqual(emulator.requests, []);
    })));

test('a dropped connection is retried for a GET; a POST is not sent twice', () =>
  withEmulator({}, async (emulator) => {
    await withClient({ emulator, server: emulator.url }, async (client) => {
      emulator.setFaults({ dropConnections: { count: 1 }, pathPrefix: namespaces });
      assert.equal((await client.request<{ items: unknown[] }>({ method: 'GET', path: namespaces })).items.length, 4);
      assert.deepEqual(emulator.requests, [`GET ${namespaces} dropped`, `GET ${namespaces} 200`]);
    });
    emulator.requests.length = 0;
    await withClient({ emulator, server: emulator.url }, async (client) => {
      emulator.setFaults({ dropConnections: { count: 1 }, pathPrefix: namespaces });
      const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
      await assert.rejects(client.request({ method: 'POST', path: namespaces, body }), (error: unknown) => error instanceof ClusterUnreachableError && /dropped/.test(error.message));
      assert.deepEqual(emulator.requests, [`POST ${namespaces} dropped`]);
      assert.equal(emulator.getObject('', 'namespaces', undefined, 'shop'), undefined);
    });
  }));

test('a 500 without Retry-After is the KubeApiError of the Status, not retried', () =>
  withEmulator({}, (emulator) =>
    withClient({ emulator, server: emulator.url }, async (client) => {
      emulator.setFaults({ serverError: { count: 1, message: 'etcdserver: request timed out' }, pathPrefix: namespaces });
      await assert.rejects(client.request({ method: 'GET', path: namespaces }), { name: 'KubeApiError', status: 500, reason: 'InternalError', message: 'etcdserver: request timed out' });
      assert.deepEqual(emulator.requests, [`GET ${namespaces} 500`]);
    })));

test('a wrong token is a 401 KubeApiError that does not carry the token', () =>
  withEmulator({}, (emulator) =>
    withClient({ emulator, server: emulator.url, user: { token: 'sekrit-9f8e7d6c5b4a' } }, async (client) => {
      const error = await client.request({ method: 'GET', path: namespaces }).then(() => undefined, (failure: unknown) => failure);
      assert.ok(error instanceof KubeApiError);
      assert.equal(error.status, 401);
      assert.ok(!`${error.message} ${JSON.stringify(error.details)} ${error.stack}`.includes('sekrit'));
    })));

test('a cancelled request rejects with the AbortError', () =>
  withEmulator({}, (emulator) =>
    withClient({ emulator, server: emulator.url }, async (client) => {
      emulator.setFaults({ latencyMs: 2000, pathPrefix: namespaces });
      const controller = new AbortController();
      const pending = client.request({ method: 'GET', path: namespaces, signal: controller.signal });
      setImmediate(() => controller.abort());
      await assert.rejects(pending, { name: 'AbortError' });
    })));

test('proxy-url: requests go through one kept-alive CONNECT tunnel with the proxy credentials of the URL', () =>
  withEmulator({}, async (emulator) => {
    const proxy = await startConnectProxy();
    try {
      const proxyUrl = proxy.url.replace('http://', 'http://tunnel:pa%20ss@');
      await withClient({ emulator, server: emulator.url, cluster: { 'proxy-url': proxyUrl } }, async (client) => {
        for (let i = 0; i < 3; i++) assert.equal((await client.request<{ items: unknown[] }>({ method: 'GET', path: namespaces })).items.length, 4);
      });
      assert.deepEqual(proxy.connects, [{ target: `127.0.0.1:${emulator.port}`, authorization: `Basic ${Buffer.from('tunnel:pa ss').toString('base64')}` }]);
    } finally {
      await proxy.stop();
    }
  }));

test('a socks5 proxy-url is used (through client-node\'s SOCKS agent)', () =>
  withEmulator({}, async (emulator) => {
    const proxy = await startSocksProxy();
    try {
      await withClient({ emulator, server: emulator.url, cluster: { 'proxy-url': proxy.url } }, async (client) => {
        assert.equal((await client.request<{ items: unknown[] }>({ method: 'GET', path: namespaces })).items.length, 4);
      });
      assert.deepEqual(proxy.targets, [`127.0.0.1:${emulator.port}`]);
    } finally {
      await proxy.stop();
    }
  }));

test('HTTPS_PROXY applies as in kubectl: NO_PROXY (hosts, domains, CIDRs, ports) and loopback are not proxied', () => {
  const env = { HTTPS_PROXY: 'proxy.corp:3128', NO_PROXY: 'internal.example, 10.0.0.0/8,.svc.local,api.other:8443,[fd00::1]:6443' };
  const proxied = (server: string) => proxyFromEnvironment({ env, server: new URL(server) });
  assert.equal(proxied('https://api.example.com:6443'), 'http://proxy.corp:3128');
  assert.equal(proxied('https://k8s.internal.example:6443'), undefined);
  assert.equal(proxied('https://10.1.2.3:6443'), undefined);
  assert.equal(proxied('https://api.svc.local'), undefined);
  assert.equal(proxied('https://api.other:8443'), undefined);
  assert.equal(proxied('https://api.other:6443'), 'http://proxy.corp:3128');
  assert.equal(proxied('https://[fd00::1]:6443'), undefined);
  assert.equal(proxied('https://[fd00::1]:443'), 'http://proxy.corp:3128');
  assert.equal(proxied('https://127.0.0.1:6443'), undefined);
  assert.equal(proxied('https://localhost:6443'), undefined);
  assert.equal(proxied('http://api.example.com'), undefined, 'HTTP_PROXY is not set');
});

test('a client certificate from the kubeconfig (files relative to it, or inline data) is presented; without one the server refuses', async () => {
  const pki = makeTestPki();
  const server = await startClientCertServer();
  try {
    const dir = temporaryDir('client-cert');
    fs.writeFileSync(path.join(dir, 'client.crt'), pki.clientCertPem);
    fs.writeFileSync(path.join(dir, 'client.key'), pki.clientKeyPem);
    const file = writeKubeconfig(path.join(dir, 'config'), {
      clusters: [{ name: 'mtls', cluster: { server: server.url, 'certificate-authority-data': Buffer.from(pki.caPem).toString('base64') } }],
      users: [
        { name: 'files', user: { 'client-certificate': 'client.crt', 'client-key': 'client.key' } },
        { name: 'inline', user: { 'client-certificate-data': Buffer.from(pki.clientCertPem).toString('base64'), 'client-key-data': Buffer.from(pki.clientKeyPem).toString('base64') } },
        { name: 'none', user: {} },
      ],
      contexts: ['files', 'inline', 'none'].map((name) => ({ name, context: { cluster: 'mtls', user: name } })),
    });
    for (const context of ['files', 'inline']) {
      const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [file], context }) });
      try {
        assert.deepEqual(await client.request({ method: 'GET', path: '/whoami' }), { kind: 'WhoAmI', commonName: pki.clientName, authorization: null });
      } finally {
        client.close();
      }
    }
    const anonymous = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [file], context: 'none' }) });
    try {
      await assert.rejects(anonymous.request({ method: 'GET', path: '/whoami' }), (error: unknown) => error instanceof ClusterUnreachableError && /certificate/.test(error.message));
    } finally {
      anonymous.close();
    }
  } finally {
    await server.stop();
  }
});

test('an http:// server works with a warning in the connection; Warning headers reach onWarning once each', async () => {
  const server = http.createServer((_, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', Warning: ['299 - "v1 ComponentStatus is deprecated in v1.19+"', '299 - "unknown field \\"spec.replica\\""'] });
    response.end('{"kind":"ComponentStatusList","items":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const warnings: string[] = [];
    await withClient({ server: url, onWarning: (warning) => warnings.push(warning) }, async (client) => {
      assert.deepEqual(client.connection.warnings, [`context "target" talks to ${url} over plain http: nothing is encrypted`]);
      for (let i = 0; i < 2; i++) assert.deepEqual(await client.request({ method: 'GET', path: '/api/v1/componentstatuses' }), { kind: 'ComponentStatusList', items: [] });
    });
    assert.deepEqual(warnings, ['v1 ComponentStatus is deprecated in v1.19+', 'unknown field "spec.replica"']);
  } finally {
    server.close();
  }
});
