import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './startLanguageServer';

/** CliRun is what one `gitops-workbench` process printed and returned. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** runCliProcess runs the bundled CLI (dist/cli.js) as users do, optionally wrapped (e.g. `unshare -n`). */
export function runCliProcess(args: { argv: string[]; cwd: string; wrapper?: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv }): CliRun {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const command = args.wrapper ? args.wrapper[0] : process.execPath;
  const commandArgs = args.wrapper ? [...args.wrapper.slice(1), process.execPath, cli, ...args.argv] : [cli, ...args.argv];
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: args.cwd, encoding: 'utf8', timeout: args.timeoutMs ?? 60000, env: { ...process.env, ...args.env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}
