import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { FaultSettings } from './faults';
import { request } from './testClient';

/** A kube emulator running in a child process: for tests that block on spawnSync (a CLI) while it answers. */
export interface KubeEmulatorProcess {
  url: string;
  kubeconfigPath: string;
  token: string;
  readOnlyToken: string;
  caPem: string;
  setFaults(faults: FaultSettings): Promise<void>;
  compact(): Promise<void>;
  stop(): Promise<void>;
}

/** startKubeEmulatorProcess runs main.ts (compiled next to this file) on a free port, seeded from YAML files. */
export async function startKubeEmulatorProcess(options: { seed?: string[] } = {}): Promise<KubeEmulatorProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-emulator-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  const args = [path.join(__dirname, 'main.js'), '--port', '0', '--write-kubeconfig', kubeconfigPath, ...(options.seed ?? []).flatMap((file) => ['--seed', file])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the kube emulator did not start within 15 s: ${err}`)), 15000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /kube-emulator listening (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the kube emulator exited (${code}): ${err}`));
    });
  });
  const config = parse(fs.readFileSync(kubeconfigPath, 'utf8'));
  const token = config.users.find((user: { name: string }) => user.name === 'admin').user.token;
  const readOnlyToken = config.users.find((user: { name: string }) => user.name === 'reader').user.token;
  const caPem = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString('utf8');
  const endpoint = { url, kubeconfigPath, token, caPem };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...endpoint,
    readOnlyToken,
    async setFaults(faults) {
      const response = await request(endpoint, 'POST', '/__emulator/faults', { body: faults });
      if (response.status !== 200) throw new Error(`setting faults failed: ${response.text}`);
    },
    async compact() {
      await request(endpoint, 'POST', '/__emulator/compact', { body: {} });
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
