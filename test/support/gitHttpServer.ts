import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { git, tempDir } from './buildFixtureRepo';

/** GitHttpServer is a running smart HTTP git server (git http-backend) on a loopback port. */
export interface GitHttpServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (repositories are at `${url}/<name>.git`). */
  url: string;
  /** Directory holding the bare repositories (GIT_PROJECT_ROOT). */
  root: string;
  /** createBareRepo makes `<name>.git` (pushes allowed, pre-receive hook installed) and returns its URL. */
  createBareRepo(name: string): { url: string; gitdir: string };
  /** rejectPushes makes the repository's pre-receive hook refuse every push, printing `message`. */
  rejectPushes(name: string, message: string): void;
  acceptPushes(name: string): void;
  /** Requests seen, for assertions ("GET /x.git/info/refs?service=git-receive-pack 401"). */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * startGitHttpServer serves bare repositories with Debian's `git http-backend` run as a CGI
 * program behind a small Node HTTP server on 127.0.0.1 and a free port. Every request needs
 * HTTP basic auth with the given user (401 with a `WWW-Authenticate: Basic` challenge otherwise,
 * as real hosts do for private repositories); the user becomes REMOTE_USER, which
 * http-backend requires before it accepts a push. The server runs in a child process, so tests
 * may block on a spawned CLI (spawnSync) while it answers that CLI.
 */
export async function startGitHttpServer(args: { username: string; password: string }): Promise<GitHttpServer> {
  const root = tempDir('gw-git-server-');
  const requests: string[] = [];
  const child = spawn(process.execPath, [__filename, '--serve', root], {
    env: { ...process.env, GW_GIT_SERVER_USER: args.username, GW_GIT_SERVER_PASSWORD: args.password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('the git HTTP server did not start within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`the git HTTP server exited (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const listening = /^listening (\d+)$/.exec(line);
        if (listening) {
          clearTimeout(timer);
          resolve(Number(listening[1]));
        } else if (line.startsWith('request ')) {
          requests.push(line.slice('request '.length));
        }
      }
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const hook = '#!/bin/sh\n# Refuses every push while reject-pushes exists, printing its content.\nif [ -f "$GIT_DIR/reject-pushes" ]; then\n  cat "$GIT_DIR/reject-pushes" >&2\n  exit 1\nfi\nexit 0\n';
  return {
    url: base,
    root,
    requests,
    createBareRepo(name) {
      const gitdir = path.join(root, `${name}.git`);
      git(root, ['init', '-q', '--bare', '-b', 'main', gitdir]);
      git(gitdir, ['config', 'http.receivepack', 'true']);
      fs.writeFileSync(path.join(gitdir, 'hooks', 'pre-receive'), hook, { mode: 0o755 });
      return { url: `${base}/${name}.git`, gitdir };
    },
    rejectPushes(name, message) {
      fs.writeFileSync(path.join(root, `${name}.git`, 'reject-pushes'), `${message}\n`);
    },
    acceptPushes(name) {
      fs.rmSync(path.join(root, `${name}.git`, 'reject-pushes'), { force: true });
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** serveGitHttp is the server itself, run in the child process: it prints "listening <port>". */
async function serveGitHttp(args: { root: string; username: string; password: string }): Promise<void> {
  const { root } = args;
  const children = new Set<ChildProcess>();
  const expected = `Basic ${Buffer.from(`${args.username}:${args.password}`).toString('base64')}`;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const record = (status: number) => process.stdout.write(`request ${request.method} ${url.pathname}${url.search} ${status}\n`);
    if (request.headers.authorization !== expected) {
      record(401);
      request.resume();
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="gitops-workbench tests"', 'Content-Type': 'text/plain' });
      response.end('authentication required\n');
      return;
    }
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        REQUEST_METHOD: request.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        ...(request.headers['content-length'] ? { CONTENT_LENGTH: request.headers['content-length'] } : {}),
        ...(request.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: request.headers['content-encoding'] } : {}),
        ...(request.headers['git-protocol'] ? { GIT_PROTOCOL: String(request.headers['git-protocol']) } : {}),
        REMOTE_USER: args.username,
        REMOTE_ADDR: '127.0.0.1',
        SERVER_PROTOCOL: 'HTTP/1.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('close', () => children.delete(child));
    request.pipe(child.stdin!);
    child.stdin!.on('error', () => undefined);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // CGI output: headers, a blank line, then the body, streamed through.
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (headersDone) {
        response.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
      if (end < 0) return;
      const separator = head[end] === 0x0d ? 4 : 2;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[name] = value;
      }
      headersDone = true;
      record(status);
      response.writeHead(status, headers);
      response.write(head.subarray(end + separator));
    });
    child.stdout!.on('end', () => {
      if (!headersDone) {
        record(500);
        response.writeHead(500, { 'Content-Type': 'text/plain' });
        response.end(`git http-backend failed: ${stderr}`);
      } else {
        response.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('SIGTERM', () => {
    for (const child of children) child.kill('SIGKILL');
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
}

if (require.main === module && process.argv[2] === '--serve') {
  void serveGitHttp({ root: process.argv[3], username: process.env.GW_GIT_SERVER_USER ?? '', password: process.env.GW_GIT_SERVER_PASSWORD ?? '' });
}
