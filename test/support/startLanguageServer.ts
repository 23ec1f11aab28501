import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  PublishDiagnosticsNotification,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { pathToFileURL } from 'node:url';

/** repoRoot is the project's checkout, found from the compiled test's location (out/test/support). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** LanguageServerSession is a spawned `node dist/server.js --stdio` with an LSP connection to it. */
export interface LanguageServerSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the next diagnostics published for a URI that satisfy a predicate. */
  nextDiagnostics(uri: string, predicate?: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * startLanguageServer spawns the bundled server and initializes it on a workspace folder. `env`
 * replaces the server's environment (default: this process's), e.g. for a fixed git identity.
 */
export async function startLanguageServer(args: { folder: string; validationDelayMs?: number; env?: NodeJS.ProcessEnv }): Promise<LanguageServerSession> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(args.env ? { env: args.env } : {}) });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters: Array<{ uri: string; predicate: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }> = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    latest.set(params.uri, params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.predicate(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onRequest('workspace/configuration', () => []);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const folderUri = pathToFileURL(args.folder).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: path.basename(args.folder) }],
    capabilities: { textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown', 'plaintext'] } } },
    initializationOptions: { validationDelayMs: args.validationDelayMs ?? 0 },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    process: child,
    latestDiagnostics: (uri) => latest.get(uri),
    nextDiagnostics: (uri, predicate = () => true, timeoutMs = 15000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; latest: ${JSON.stringify(latest.get(uri))}; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ uri, predicate, resolve: (params) => (clearTimeout(timer), resolve(params)) });
      }),
    stderr: () => stderr,
    stop: async () => {
      try {
        await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 2000))]);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // The server may already be gone; it is killed below either way.
      }
      connection.dispose();
      child.kill();
    },
  };
}
