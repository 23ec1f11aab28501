import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { CliRun } from './runCliProcess';
import { repoRoot } from './startLanguageServer';

/**
 * runCliAsync runs the bundled CLI (dist/cli.js) as runCliProcess does, without blocking this
 * process: an in-process kube emulator must stay free to answer it. `onSpawn` gets the child (to
 * send it a signal). A run past `timeoutMs` is killed and rejects with what it printed.
 */
export function runCliAsync(args: { argv: string[]; cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void }): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args.argv], { cwd: args.cwd, env: { ...process.env, ...args.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gitops-workbench ${args.argv.join(' ')} did not finish\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, args.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
    args.onSpawn?.(child);
  });
}
