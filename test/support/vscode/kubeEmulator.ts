// Starts the project's kube emulator (dist/kube-emulator.js, docs/emulator.md) for the VS Code
// tests: the extension reads its kubeconfig through the gitopsWorkbench.kubeconfig setting.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import * as path from 'node:path';
import { stopProcessGroup } from './codeServer';

export interface RunningEmulator {
  /** https://127.0.0.1:PORT */
  url: string;
  /** The kubeconfig it wrote (context kube-emulator, current; and kube-emulator-reader). */
  kubeconfig: string;
  stop(): Promise<void>;
}

/**
 * startEmulator runs `node dist/kube-emulator.js --port 0 --write-kubeconfig <file> --seed <seed>`
 * in its own process group and resolves once it prints that it listens.
 */
export async function startEmulator(args: { repoRoot: string; kubeconfig: string; seeds: string[]; logFile: string; timeoutMs?: number }): Promise<RunningEmulator> {
  const entry = path.join(args.repoRoot, 'dist', 'kube-emulator.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (node esbuild.mjs)`);
  const child = spawn(process.execPath, [entry, '--port', '0', '--write-kubeconfig', args.kubeconfig, ...args.seeds.flatMap((seed) => ['--seed', seed])], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(args.logFile, { flags: 'a' });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    await stopProcessGroup(child, exited);
    log.end();
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the kube emulator did not start within ${args.timeoutMs ?? 20_000} ms (log: ${args.logFile})`)), args.timeoutMs ?? 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        out += chunk.toString('utf8');
        const match = /kube-emulator listening (\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the kube emulator exited early (code ${code}); log: ${args.logFile}`));
      });
    });
    return { url, kubeconfig: args.kubeconfig, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
