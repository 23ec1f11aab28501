import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createKubeClient } from '../../server/src/engine/cluster/createKubeClient';
import { KubeconfigError } from '../../server/src/engine/cluster/errors/KubeconfigError';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import type { RunningKubeEmulator } from '../support/kubeEmulator/index';
import { caDataOf, temporaryDir, withEmulator, writeKubeconfig } from './clusterTestKit';

/**
 * The plugin is a small node script, next to the kubeconfig and named by a relative path: it records
 * each run (with KUBERNETES_EXEC_INFO) in a state file and prints an ExecCredential with the token
 * from its environment — the first run prints FIRST_TOKEN instead when that is set.
 */
const pluginSource = `#!${process.execPath}
(() => {
const fs = require('node:fs');
const state = process.env.PLUGIN_STATE;
const runs = fs.existsSync(state) ? JSON.parse(fs.readFileSync(state, 'utf8')) : [];
runs.push({ execInfo: process.env.KUBERNETES_EXEC_INFO });
fs.writeFileSync(state, JSON.stringify(runs));
if (process.env.PLUGIN_HANG) {
  // A plugin waiting for a login that never comes.
  fs.writeFileSync(process.env.PLUGIN_HANG, String(process.pid));
  setInterval(() => undefined, 1000);
  return;
}
if (process.env.PLUGIN_FAIL) {
  process.stderr.write(process.env.PLUGIN_FAIL);
  process.exit(1);
}
const token = runs.length === 1 && process.env.FIRST_TOKEN ? process.env.FIRST_TOKEN : process.env.PLUGIN_TOKEN;
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } }));
})();
`;

function pluginKubeconfig(emulator: RunningKubeEmulator, env: Record<string, string>): { file: string; runs: () => { execInfo?: string }[] } {
  const dir = temporaryDir('exec-plugin');
  fs.writeFileSync(path.join(dir, 'credential-plugin.js'), pluginSource, { mode: 0o755 });
  const state = path.join(dir, 'runs.json');
  const file = writeKubeconfig(path.join(dir, 'config'), {
    clusters: [{ name: 'emulator', cluster: { server: emulator.url, 'certificate-authority-data': caDataOf(emulator) } }],
    users: [{
      name: 'plugin-user',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: './credential-plugin.js',
          env: Object.entries({ PLUGIN_STATE: state, PLUGIN_TOKEN: emulator.token, ...env }).map(([name, value]) => ({ name, value })),
          provideClusterInfo: true,
          installHint: 'install the plugin',
        },
      },
    }],
    contexts: [{ name: 'emulator', context: { cluster: 'emulator', user: 'plugin-user' } }],
    'current-context': 'emulator',
  });
  return { file, runs: () => (fs.existsSync(state) ? JSON.parse(fs.readFileSync(state, 'utf8')) : []) };
}

test('an exec plugin is refused in an untrusted workspace before it runs', () =>
  withEmulator({}, async (emulator) => {
    const plugin = pluginKubeconfig(emulator, {});
    assert.throws(() => loadKubeConfig({ trusted: false, kubeconfigPaths: [plugin.file] }), (error: unknown) => {
      assert.ok(error instanceof KubeconfigError);
      assert.equal(error.code, 'ExecPluginUntrusted');
      assert.match(error.message, /context "emulator" gets its credentials by running ".*credential-plugin\.js" \(user "plugin-user"\); credential plugins run only in a trusted workspace/);
      return true;
    });
    assert.deepEqual(plugin.runs(), []);
  }));

test('in a trusted workspace the plugin runs once for concurrent requests, with KUBERNETES_EXEC_INFO, and its token is used', () =>
  withEmulator({}, async (emulator) => {
    const plugin = pluginKubeconfig(emulator, {});
    const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: true, kubeconfigPaths: [plugin.file] }) });
    try {
      const lists = await Promise.all(Array.from({ length: 5 }, () => client.request<{ items: unknown[] }>({ method: 'GET', path: '/api/v1/namespaces' })));
      assert.deepEqual(lists.map((list) => list.items.length), [4, 4, 4, 4, 4]);
      const runs = plugin.runs();
      assert.equal(runs.length, 1);
      const info = JSON.parse(runs[0].execInfo ?? '{}');
      assert.deepEqual(info, {
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        spec: { interactive: false, cluster: { server: emulator.url, 'certificate-authority-data': caDataOf(emulator) } },
      });
    } finally {
      client.close();
    }
  }));

test('after a 401 the plugin runs again and the request is retried with the new token', () =>
  withEmulator({}, async (emulator) => {
    const plugin = pluginKubeconfig(emulator, { FIRST_TOKEN: 'expired-token' });
    const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: true, kubeconfigPaths: [plugin.file] }) });
    try {
      const list = await client.request<{ items: unknown[] }>({ method: 'GET', path: '/api/v1/namespaces' });
      assert.equal(list.items.length, 4);
      assert.equal(plugin.runs().length, 2);
      assert.deepEqual(emulator.requests, ['GET /api/v1/namespaces 401', 'GET /api/v1/namespaces 200']);
    } finally {
      client.close();
    }
  }));

test('a failing plugin is ExecPluginFailed with its stderr', () =>
  withEmulator({}, async (emulator) => {
    const plugin = pluginKubeconfig(emulator, { PLUGIN_FAIL: 'error: the SSO session has expired; run login' });
    const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: true, kubeconfigPaths: [plugin.file] }) });
    try {
      await assert.rejects(client.request({ method: 'GET', path: '/api/v1/namespaces' }), (error: unknown) => {
        assert.ok(error instanceof KubeconfigError);
        assert.equal(error.code, 'ExecPluginFailed');
        assert.match(error.message, /credential plugin ".*credential-plugin\.js" of user "plugin-user" failed: error: the SSO session has expired; run login$/);
        return true;
      });
      assert.deepEqual(emulator.requests, [], 'nothing is sent without credentials');
    } finally {
      client.close();
    }
  }));

test('a plugin that gives no credentials in time is stopped, and the request fails with ExecPluginFailed', () =>
  withEmulator({}, async (emulator) => {
    const pidFile = path.join(temporaryDir('exec-plugin-hang'), 'pid');
    const plugin = pluginKubeconfig(emulator, { PLUGIN_HANG: pidFile });
    // Long enough for the plugin (a node process) to start and write its pid on a loaded machine.
    const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: true, kubeconfigPaths: [plugin.file] }), credentialTimeoutMs: 6000 });
    try {
      await assert.rejects(client.request({ method: 'GET', path: '/api/v1/namespaces' }), (error: unknown) => {
        assert.ok(error instanceof KubeconfigError);
        assert.equal(error.code, 'ExecPluginFailed');
        assert.match(error.message, /credential plugin ".*credential-plugin\.js" of user "plugin-user" gave no credentials within 6 s; it was stopped$/);
        return true;
      });
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      assert.ok(pid > 0, 'the plugin ran');
      const alive = () => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      const deadline = Date.now() + 5000;
      while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(alive(), false, 'the plugin process was stopped');
      assert.deepEqual(emulator.requests, [], 'nothing is sent without credentials');
    } finally {
      client.close();
    }
  }));
