import { spawn } from 'node:child_process';
import { ToolFailedError } from './ToolFailedError';

/**
 * runTool runs a binary with an argument array (never a shell), collects its output and rejects
 * with ToolFailedError on a non-zero exit or a timeout, or with the AbortError of `signal`.
 */
export function runTool(args: { command: string; args: readonly string[]; cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal }): Promise<string> {
  return new Promise((resolve, reject) => {
    args.signal?.throwIfAborted();
    const child = spawn(args.command, [...args.args], { cwd: args.cwd, env: args.env, shell: false, stdio: ['ignore', 'pipe', 'pipe'], signal: args.signal, timeout: args.timeoutMs, killSignal: 'SIGKILL' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(args.signal?.aborted ? args.signal.reason ?? error : new ToolFailedError(`${args.command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (args.signal?.aborted) return reject(args.signal.reason);
      const errorText = Buffer.concat(stderr).toString('utf8').trim();
      if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
      const why = signal ? `was stopped (${signal}${signal === 'SIGKILL' ? `, after ${args.timeoutMs} ms?` : ''})` : `exited with ${code}`;
      reject(new ToolFailedError(errorText !== '' ? cleanToolMessage(errorText) : `${args.command} ${why}`));
    });
  });
}

/** cleanToolMessage keeps the useful part of kubectl's klog-prefixed errors. */
function cleanToolMessage(text: string): string {
  const klog = /^E\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\] "command failed" err="(.*)"$/s.exec(text);
  return (klog ? klog[1].replace(/\\"/g, '"') : text).replace(/^Error: /, '');
}
