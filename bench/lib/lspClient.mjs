// A minimal LSP client for `node dist/server.js --stdio` (like test/support/startLanguageServer.ts,
// in plain JS): initialize on a folder, collect every publishDiagnostics, wait for predicates.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireProject, snapshotDist } from './project.mjs';

const protocol = requireProject('vscode-languageserver-protocol/node');
export { protocol };

/** startServer spawns the bundled server (from the dist/ snapshot) and initializes it on a workspace folder. */
export async function startServer({ folder, validationDelayMs = 0, onLog = () => undefined, nodeOptions = [] }) {
  const child = spawn(process.execPath, [...nodeOptions, path.join(snapshotDist(), 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const connection = protocol.createProtocolConnection(new protocol.StreamMessageReader(child.stdout), new protocol.StreamMessageWriter(child.stdin));
  const latest = new Map();
  const listeners = new Set();
  let publishCount = 0;
  let lastPublishAt = performance.now();
  connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
    const at = performance.now();
    publishCount++;
    lastPublishAt = at;
    latest.set(params.uri, params);
    for (const listener of [...listeners]) listener(params, at);
  });
  connection.onRequest('workspace/configuration', () => []);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', (params) => onLog(params.message));
  connection.listen();
  const folderUri = pathToFileURL(folder).toString();
  await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: path.basename(folder) }],
    capabilities: { textDocument: { publishDiagnostics: {}, synchronization: { didSave: false } } },
    initializationOptions: { validationDelayMs },
  });
  await connection.sendNotification(protocol.InitializedNotification.type, {});

  return {
    connection,
    process: child,
    latest,
    stderr: () => stderr,
    publishCount: () => publishCount,
    lastPublishAt: () => lastPublishAt,
    /** nextDiagnostics resolves with the next publication for `uri` matching `predicate`, and when it arrived. */
    nextDiagnostics(uri, predicate = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const listener = (params, at) => {
          if (params.uri !== uri || !predicate(params)) return;
          listeners.delete(listener);
          clearTimeout(timer);
          resolve({ params, at });
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(listener);
      });
    },
    /** waitQuiet resolves once `done()` holds and nothing was published for quietMs (bounded by timeoutMs). */
    async waitQuiet({ done = () => true, quietMs = 1000, timeoutMs = 180_000 }) {
      const started = performance.now();
      for (;;) {
        const now = performance.now();
        if (done() && now - lastPublishAt >= quietMs) return { timedOut: false };
        if (now - started > timeoutMs) return { timedOut: true };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest(protocol.ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 3000))]);
        await connection.sendNotification(protocol.ExitNotification.type);
      } catch {
        // The server may be gone already; it is killed below either way.
      }
      connection.dispose();
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.exitCode !== null) {
          clearTimeout(timer);
          resolve();
        }
      });
    },
  };
}
