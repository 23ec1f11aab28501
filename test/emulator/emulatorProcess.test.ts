import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { kubectl } from '../support/kubeEmulator/testClient';

const repoRoot = path.resolve(__dirname, '../../..');

test('node dist/kube-emulator.js --port 0 --write-kubeconfig F --seed S serves kubectl and stops on SIGTERM', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-emulator-process-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  const seedPath = path.join(dir, 'seed.yaml');
  fs.writeFileSync(seedPath, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: seeded, namespace: shop}\ndata: {a: b}\n');
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'kube-emulator.js'), '--port', '0', '--write-kubeconfig', kubeconfigPath, '--seed', seedPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${out} ${err}`)), 15000);
      child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^kube-emulator listening (https:\/\/\S+) kubeconfig /m.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`the emulator exited (${code}): ${err}`)));
    });
    const kubeconfig = fs.readFileSync(kubeconfigPath, 'utf8');
    assert.ok(kubeconfig.includes(`server: ${url}`));
    assert.ok(kubeconfig.includes('certificate-authority-data: '));
    const result = await kubectl({ url, kubeconfigPath, token: '', caPem: '' }, ['get', 'configmap', 'seeded', '-n', 'shop', '-o', 'jsonpath={.data.a}']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'b');
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('startKubeEmulatorProcess answers a blocking spawnSync kubectl and takes faults over HTTP', async () => {
  const { startKubeEmulatorProcess } = await import('../support/kubeEmulator/startKubeEmulatorProcess');
  const { spawnSync } = await import('node:child_process');
  const emulator = await startKubeEmulatorProcess();
  try {
    const run = () => spawnSync('kubectl', ['--kubeconfig', emulator.kubeconfigPath, '--cache-dir', `${emulator.kubeconfigPath}.cache`, 'get', 'ns', 'default', '-o', 'name'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(run().stdout, 'namespace/default\n');
    await emulator.setFaults({ serverError: { count: 1 }, pathPrefix: '/api/v1/namespaces/default' });
    const failed = run();
    assert.equal(failed.status, 1);
    assert.equal(failed.stderr, 'Error from server (InternalError): Internal error occurred: injected by the kube emulator\n');
    assert.equal(run().stdout, 'namespace/default\n');
  } finally {
    await emulator.stop();
  }
});
