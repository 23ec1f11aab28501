import { spawn, type ChildProcess } from 'node:child_process';
import * as https from 'node:https';
import * as path from 'node:path';

/** Helpers for tests: run the real kubectl against an emulator, follow `kubectl get --watch`, raw HTTPS requests. */

export interface EmulatorEndpoint {
  url: string;
  kubeconfigPath: string;
  token: string;
  caPem: string;
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kubectlArgs(emulator: EmulatorEndpoint, args: string[]): string[] {
  return ['--kubeconfig', emulator.kubeconfigPath, '--cache-dir', path.join(path.dirname(emulator.kubeconfigPath), 'kubectl-cache'), ...args];
}

/** kubectl runs /usr/bin/kubectl (or $KUBECTL) asynchronously, so an in-process emulator can answer it. */
export function kubectl(emulator: EmulatorEndpoint, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.KUBECTL ?? 'kubectl', kubectlArgs(emulator, args), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubectl ${args.join(' ')} did not finish within ${options.timeoutMs ?? 20000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 20000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** KubectlFollower is a running `kubectl … --watch` whose output lines can be awaited. */
export interface KubectlFollower {
  lines: string[];
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export function followKubectl(emulator: EmulatorEndpoint, args: string[]): KubectlFollower {
  const child: ChildProcess = spawn(process.env.KUBECTL ?? 'kubectl', kubectlArgs(emulator, args), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '' } });
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let seen = 0;
  return {
    lines,
    waitForLine(predicate, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          while (seen < lines.length) {
            const line = lines[seen++];
            if (predicate(line)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(line);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching line within ${timeoutMs} ms; lines: ${JSON.stringify(lines)}; stderr: ${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** request sends one HTTPS request to the emulator (admin token unless `token` is given; `token: null` sends none). */
export function request(emulator: EmulatorEndpoint, method: string, urlPath: string, options: { body?: unknown; contentType?: string; token?: string | null; accept?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    const token = options.token === undefined ? emulator.token : options.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const req = https.request(new URL(urlPath, emulator.url), { method, headers, ca: emulator.caPem }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
