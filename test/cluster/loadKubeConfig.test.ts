import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createKubeClient } from '../../server/src/engine/cluster/createKubeClient';
import { ClusterUnreachableError } from '../../server/src/engine/cluster/errors/ClusterUnreachableError';
import { KubeApiError } from '../../server/src/engine/cluster/errors/KubeApiError';
import { KubeconfigError } from '../../server/src/engine/cluster/errors/KubeconfigError';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import { caDataOf, temporaryDir, withEmulator, writeKubeconfig } from './clusterTestKit';

const namespaces = '/api/v1/namespaces';

test('KUBECONFIG with two files: a context from the second connects; per name and for current-context the first file wins; missing files are skipped', () =>
  withEmulator({}, async (emulator) => {
    const dir = temporaryDir('kubeconfig-merge');
    fs.mkdirSync(path.join(dir, 'a'));
    fs.writeFileSync(path.join(dir, 'a', 'emulator-ca.crt'), emulator.caPem);
    const first = writeKubeconfig(path.join(dir, 'a', 'config'), {
      clusters: [
        { name: 'shared', cluster: { server: 'https://127.0.0.1:1' } },
        // A relative CA path is relative to this file, not to the process's working directory.
        { name: 'emulator', cluster: { server: emulator.url, 'certificate-authority': 'emulator-ca.crt' } },
      ],
      users: [{ name: 'admin', user: { token: emulator.token } }],
      contexts: [{ name: 'first', context: { cluster: 'shared', user: 'admin' } }],
      'current-context': 'first',
    });
    const second = writeKubeconfig(path.join(dir, 'b', 'config'), {
      clusters: [{ name: 'shared', cluster: { server: emulator.url, 'certificate-authority-data': caDataOf(emulator) } }],
      users: [{ name: 'admin', user: { token: 'not-the-token' } }],
      contexts: [
        { name: 'second', context: { cluster: 'emulator', user: 'admin', namespace: 'kube-system' } },
        { name: 'first', context: { cluster: 'emulator', user: 'admin' } },
      ],
      'current-context': 'second',
    });
    const env = { KUBECONFIG: [path.join(dir, 'missing'), first, second].join(path.delimiter), HOME: dir };

    const current = loadKubeConfig({ trusted: false, env });
    assert.equal(current.connection.context, 'first', "the first file's current-context wins");
    assert.equal(current.connection.server, 'https://127.0.0.1:1', "the first file's cluster named shared wins");
    assert.equal(current.connection.namespace, 'default');

    const loaded = loadKubeConfig({ trusted: false, env, context: 'second' });
    assert.deepEqual(
      { ...loaded.connection },
      { server: emulator.url, context: 'second', namespace: 'kube-system', user: 'admin', cluster: 'emulator', kubeconfigFiles: [first, second], warnings: [] },
    );
    const client = createKubeClient({ kubeconfig: loaded });
    try {
      // The admin token is the first file's: the second file's user of the same name is ignored.
      const namespace = await client.request<{ metadata: { name: string } }>({ method: 'GET', path: `${namespaces}/kube-system` });
      assert.equal(namespace.metadata.name, 'kube-system');
    } finally {
      client.close();
    }
    assert.equal(loadKubeConfig({ trusted: false, env, context: 'second', namespace: 'shop' }).connection.namespace, 'shop');
  }));

test('no kubeconfig anywhere is KubeconfigMissing naming where it looked, never a silent http://localhost:8080', () => {
  const home = temporaryDir('kubeconfig-none');
  const expectMissing = (run: () => unknown, ...mentions: string[]) =>
    assert.throws(run, (error: unknown) => {
      assert.ok(error instanceof KubeconfigError);
      assert.equal(error.code, 'KubeconfigMissing');
      for (const mention of mentions) assert.ok(error.message.includes(mention), `${error.message} should mention ${mention}`);
      assert.doesNotMatch(error.message, /localhost:8080/);
      return true;
    });
  expectMissing(() => loadKubeConfig({ trusted: true, env: { HOME: home } }), path.join(home, '.kube', 'config'), 'KUBECONFIG is not set');
  const listed = [path.join(home, 'one'), path.join(home, 'two')];
  expectMissing(() => loadKubeConfig({ trusted: true, env: { HOME: home, KUBECONFIG: listed.join(path.delimiter) } }), ...listed);
  expectMissing(() => loadKubeConfig({ trusted: true, env: { HOME: home }, kubeconfigPaths: [path.join(home, 'explicit')] }), path.join(home, 'explicit'));
});

test('a context that is not there is ContextNotFound listing the contexts; a broken file is KubeconfigInvalid without its secrets', () => {
  const dir = temporaryDir('kubeconfig-context');
  const file = writeKubeconfig(path.join(dir, 'config'), {
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
    users: [{ name: 'u', user: { token: 'abc' } }],
    contexts: [{ name: 'dev', context: { cluster: 'c', user: 'u' } }, { name: 'prod', context: { cluster: 'c', user: 'u' } }],
  });
  assert.throws(() => loadKubeConfig({ trusted: false, kubeconfigPaths: [file], context: 'staging' }), (error: unknown) => {
    assert.ok(error instanceof KubeconfigError);
    assert.equal(error.code, 'ContextNotFound');
    assert.match(error.message, /context "staging" is not in .*; contexts: dev, prod/);
    return true;
  });
  assert.throws(() => loadKubeConfig({ trusted: false, kubeconfigPaths: [file] }), { code: 'ContextNotFound', message: /no context chosen .* choose one of: dev, prod/ });

  const secret = 'sekrit-token-0123456789';
  const broken = path.join(dir, 'broken');
  fs.writeFileSync(broken, `users:\n- name: u\n  user:\n    token: ${secret}\n   bad: [indent\n`);
  assert.throws(() => loadKubeConfig({ trusted: false, kubeconfigPaths: [broken] }), (error: unknown) => {
    assert.ok(error instanceof KubeconfigError);
    assert.equal(error.code, 'KubeconfigInvalid');
    assert.ok(error.message.includes(broken));
    assert.ok(!error.message.includes(secret), error.message);
    return true;
  });
});

test('tokenFile: relative to the kubeconfig, trimmed, read again after a 401; errors never show a token', () =>
  withEmulator({}, async (emulator) => {
    const dir = temporaryDir('kubeconfig-token-file');
    const wrong = 'wrong-token-0123456789';
    fs.writeFileSync(path.join(dir, 'token'), `${wrong}\n`);
    const file = writeKubeconfig(path.join(dir, 'config'), {
      clusters: [{ name: 'emulator', cluster: { server: emulator.url, 'certificate-authority-data': caDataOf(emulator) } }],
      users: [{ name: 'robot', user: { tokenFile: 'token' } }],
      contexts: [{ name: 'emulator', context: { cluster: 'emulator', user: 'robot' } }],
      'current-context': 'emulator',
    });
    const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [file] }) });
    try {
      const refused = await client.request({ method: 'GET', path: namespaces }).then(() => undefined, (error: unknown) => error);
      assert.ok(refused instanceof KubeApiError);
      assert.equal(refused.status, 401);
      assert.ok(!JSON.stringify({ message: refused.message, details: refused.details }).includes(wrong));
      // The file is rotated; the cached token is refused once, the file read again, and the request goes through.
      fs.writeFileSync(path.join(dir, 'token'), `${emulator.token}\n`);
      const before = emulator.requests.length;
      const list = await client.request<{ items: unknown[] }>({ method: 'GET', path: namespaces });
      assert.equal(list.items.length, 4);
      assert.deepEqual(emulator.requests.slice(before), [`GET ${namespaces} 401`, `GET ${namespaces} 200`]);
    } finally {
      client.close();
    }
  }));

test('insecure-skip-tls-verify connects without a CA and says so in warnings; without it an unknown CA is refused', () =>
  withEmulator({}, async (emulator) => {
    const dir = temporaryDir('kubeconfig-insecure');
    const config = (insecure: boolean) => writeKubeconfig(path.join(dir, `config-${insecure}`), {
      clusters: [{ name: 'emulator', cluster: { server: emulator.url, ...(insecure ? { 'insecure-skip-tls-verify': true } : {}) } }],
      users: [{ name: 'admin', user: { token: emulator.token } }],
      contexts: [{ name: 'emulator', context: { cluster: 'emulator', user: 'admin' } }],
      'current-context': 'emulator',
    });
    const insecure = loadKubeConfig({ trusted: false, kubeconfigPaths: [config(true)] });
    assert.deepEqual(insecure.connection.warnings, ['TLS verification is off for context "emulator" (insecure-skip-tls-verify): the server\'s identity is not checked']);
    const client = createKubeClient({ kubeconfig: insecure });
    try {
      assert.equal((await client.request<{ items: unknown[] }>({ method: 'GET', path: namespaces })).items.length, 4);
    } finally {
      client.close();
    }
    const verifying = loadKubeConfig({ trusted: false, kubeconfigPaths: [config(false)] });
    assert.deepEqual(verifying.connection.warnings, []);
    const strict = createKubeClient({ kubeconfig: verifying });
    try {
      await assert.rejects(strict.request({ method: 'GET', path: namespaces }), (error: unknown) => error instanceof ClusterUnreachableError && /certificate/.test(error.message));
    } finally {
      strict.close();
    }
  }));

test('in a pod without a kubeconfig, the service account is used: token, CA and namespace from its directory', () =>
  withEmulator({}, async (emulator) => {
    const dir = temporaryDir('service-account');
    fs.writeFileSync(path.join(dir, 'token'), `${emulator.token}\n`);
    fs.writeFileSync(path.join(dir, 'ca.crt'), emulator.caPem);
    fs.writeFileSync(path.join(dir, 'namespace'), 'kube-public');
    const loaded = loadKubeConfig({
      trusted: false,
      env: { HOME: temporaryDir('no-home'), KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(emulator.port) },
      serviceAccountDir: dir,
    });
    assert.deepEqual({ ...loaded.connection }, { server: emulator.url, context: 'in-cluster', namespace: 'kube-public', user: 'service-account', cluster: 'in-cluster', kubeconfigFiles: [], warnings: [] });
    const client = createKubeClient({ kubeconfig: loaded });
    try {
      assert.equal((await client.request<{ metadata: { name: string } }>({ method: 'GET', path: `${namespaces}/kube-public` })).metadata.name, 'kube-public');
    } finally {
      client.close();
    }
  }));
