import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** CodeServer is a running code-server on a loopback port, started in its own process group. */
export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  userDataDir: string;
  extensionsDir: string;
  /** Combined stdout/stderr of code-server and everything it started. */
  logFile: string;
  /** Stops code-server and every process it started (extension hosts, pty hosts, watchers). */
  stop(): Promise<void>;
}

export interface StartCodeServerOptions {
  /** Path to code-server's out/node/entry.js. */
  entry: string;
  /** Fresh directory for VS Code's user data (settings, logs, workspace storage). */
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** Folder code-server opens by default (pages can open others through `?folder=`). */
  folder?: string;
  /** Settings written to the user settings.json before start. */
  settings?: Record<string, unknown>;
  /** Pass false for scenarios that check restricted mode. */
  disableWorkspaceTrust?: boolean;
  /** Extra environment for code-server and so for the extension hosts it forks. */
  env?: NodeJS.ProcessEnv;
  /** Loopback port; default: a free one. */
  port?: number;
  startTimeoutMs?: number;
}

/** defaultTestSettings keeps the workbench quiet and deterministic for tests and screenshots. */
export function defaultTestSettings(): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'git.enabled': true,
    'git.openRepositoryInParentFolders': 'never',
    'files.hotExit': 'off',
    'editor.hover.delay': 300,
    'editor.minimap.enabled': false,
    'window.zoomLevel': 0,
    'problems.defaultViewMode': 'tree',
  };
}

/** freeLoopbackPort asks the kernel for a free port on 127.0.0.1. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** startCodeServer starts code-server and resolves once it listens. */
export async function startCodeServer(options: StartCodeServerOptions): Promise<CodeServer> {
  const port = options.port ?? (await freeLoopbackPort());
  mkdirSync(path.join(options.userDataDir, 'User'), { recursive: true });
  mkdirSync(options.extensionsDir, { recursive: true });
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  writeFileSync(
    path.join(options.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultTestSettings(), ...(options.settings ?? {}) }, null, 2),
  );
  // A config file of its own, so code-server does not write one into ~/.config.
  const configFile = path.join(options.userDataDir, 'code-server-config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const args = [
    options.entry,
    '--config',
    configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    options.userDataDir,
    '--extensions-dir',
    options.extensionsDir,
  ];
  if (options.disableWorkspaceTrust !== false) args.push('--disable-workspace-trust');
  if (options.folder) args.push(options.folder);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, args, {
    // Its own process group, so stop() can end the extension hosts and pty hosts too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // XDG_DATA_HOME: code-server keeps its "last opened" state there; keep it inside the run.
    env: { ...process.env, XDG_DATA_HOME: path.join(options.userDataDir, 'xdg-data'), ...(options.env ?? {}) },
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    await stopProcessGroup(child, exited);
    log.end();
  };
  try {
    await waitForListening({ child, port, timeoutMs: options.startTimeoutMs ?? 60_000 });
  } catch (error) {
    await stop();
    throw new Error(`code-server did not start (log: ${options.logFile}): ${(error as Error).message}`);
  }
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    userDataDir: options.userDataDir,
    extensionsDir: options.extensionsDir,
    logFile: options.logFile,
    stop,
  };
}

function waitForListening(args: { child: ChildProcess; port: number; timeoutMs: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => finish(new Error(`timed out after ${args.timeoutMs} ms`)), args.timeoutMs);
    const onData = (chunk: Buffer): void => {
      seen = (seen + chunk.toString('utf8')).slice(-4000);
      if (/HTTP server listening on/i.test(seen)) finish();
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`exited early (code ${code}, signal ${signal}): ${seen.trim().split('\n').slice(-5).join(' | ')}`));
    function finish(error?: Error): void {
      clearTimeout(timer);
      args.child.stdout?.off('data', onData);
      args.child.stderr?.off('data', onData);
      args.child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    args.child.stdout?.on('data', onData);
    args.child.stderr?.on('data', onData);
    args.child.once('exit', onExit);
  });
}

/** stopProcessGroup sends SIGTERM to the child's process group, then SIGKILL if it lingers. */
export async function stopProcessGroup(child: ChildProcess, exited: Promise<void>, graceMs = 5000): Promise<void> {
  if (child.pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), delay(graceMs).then(() => true)]);
    if (timedOut) signalGroup('SIGKILL');
    await Promise.race([exited, delay(2000)]);
  }
  // Children that outlived the parent (extension hosts, watchers) are still in the group.
  signalGroup('SIGKILL');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** remoteUri turns an absolute path on this machine into the vscode-remote URI the web workbench expects. */
export function remoteUri(server: { port: number }, absolutePath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${absolutePath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/** workbenchUrl is the page URL that opens `folder` with the extension under development (and tests). */
export function workbenchUrl(
  server: { origin: string; port: number },
  args: { folder: string; extensionDevelopmentPath?: string; extensionTestsPath?: string },
): string {
  const payload: [string, string][] = [];
  if (args.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server, args.extensionDevelopmentPath)]);
  if (args.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, args.extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  return `${server.origin}/?folder=${encodeURIComponent(args.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
