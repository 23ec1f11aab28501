// Helpers for the suites that run inside VS Code's extension host (code-server or desktop VS Code).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'gitops-workbench.gitops-workbench';
export const OUTPUT_CHANNEL = 'GitOps Workbench';
export const DIAGNOSTIC_SOURCE = 'gitops-workbench';

/** Generous bound for activation, including the language server's start, on a loaded 2-core CI machine. */
export const ACTIVATION_BOUND_MS = 10_000;

/** Environment the runners set for the suites. */
export const testEnv = {
  /** VS Code's user-data dir, under which the output channels are written as log files. */
  userDataDir: process.env.GITOPS_WORKBENCH_TEST_USER_DATA_DIR,
  /** When set, the code-server runner takes a screenshot on request (see requestScreenshot). */
  screenshotDir: process.env.GITOPS_WORKBENCH_TEST_SCREENSHOT_DIR,
};

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  return found;
}

/** activateExtension activates the extension explicitly (onStartup events may fire after a suite starts). */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = extension();
  await ext.activate();
  return ext;
}

/** workspaceRoot is the folder the runner opened (a fresh copy of test/vscode/fixtures/workspace-with-manifests). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner must open a workspace folder');
  return folder.uri;
}

export function workspaceFile(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

/** openInEditor opens a workspace file in an editor, as a user would, and returns its document. */
export async function openInEditor(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** positionOf finds the first match of `pattern` in the document (the start of group 1 if there is one). */
export function positionOf(document: vscode.TextDocument, pattern: RegExp): vscode.Position {
  const text = document.getText();
  const match = pattern.exec(text);
  assert.ok(match, `pattern ${pattern} not found in ${document.uri.fsPath}`);
  const offset = match.index + (match[1] !== undefined ? match[0].indexOf(match[1]) : 0);
  return document.positionAt(offset);
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '  (none)';
  return diagnostics
    .map((d) => `  [${d.range.start.line + 1}:${d.range.start.character + 1}] ${vscode.DiagnosticSeverity[d.severity]} ${d.source ?? ''}(${diagnosticCode(d)}) ${d.message}`)
    .join('\n');
}

/**
 * waitForDiagnostics resolves with the diagnostics of `uri` once `predicate` holds, waking on
 * `onDidChangeDiagnostics` (no polling), or rejects after `timeoutMs` showing what was there.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!predicate(diagnostics)) return false;
      cleanup();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${path.basename(uri.fsPath)}; diagnostics:\n${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/** waitUntil polls a condition that has no event (an extension's isActive, a log file) until it holds. */
export async function waitUntil<T>(probe: () => T | undefined | false, what: string, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * outputChannelLogFile finds the file VS Code writes the extension's output channel to: output
 * channels are files named `<n>-<channel name>.log` under the user-data dir's logs/ (the newest
 * session wins, since one code-server serves several windows in a run).
 */
export function outputChannelLogFile(channel = OUTPUT_CHANNEL): string | undefined {
  const root = testEnv.userDataDir ? path.join(testEnv.userDataDir, 'logs') : undefined;
  assert.ok(root, 'GITOPS_WORKBENCH_TEST_USER_DATA_DIR is not set: the runner must pass VS Code\'s user-data dir to the suites');
  if (!existsSync(root)) return undefined;
  const found: { file: string; mtime: number }[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 6) walk(full, depth + 1);
      else if (entry.isFile() && new RegExp(`^\\d+-${channel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.log$`).test(entry.name)) {
        found.push({ file: full, mtime: statSync(full).mtimeMs });
      }
    }
  };
  walk(root, 0);
  found.sort((a, b) => b.mtime - a.mtime);
  return found[0]?.file;
}

/** waitForOutputLine waits until the extension's output channel has a line matching `pattern`. */
export async function waitForOutputLine(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  let lastText = '';
  try {
    return await waitUntil(
      () => {
        const file = outputChannelLogFile();
        if (!file) return undefined;
        lastText = readFileSync(file, 'utf8');
        for (const line of lastText.split(/\r?\n/)) {
          const match = pattern.exec(line);
          if (match) return match;
        }
        return undefined;
      },
      `a line matching ${pattern} in the "${OUTPUT_CHANNEL}" output channel`,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the channel has:\n${lastText || '(no log file yet)'}`);
  }
}

/**
 * requestScreenshot asks the code-server runner to photograph the workbench now. The runner sees
 * the console line, writes `<name>.png`, and the suite waits for that file. Outside code-server
 * (desktop VS Code) it does nothing.
 */
export async function requestScreenshot(name: string): Promise<void> {
  const dir = testEnv.screenshotDir;
  if (!dir) return;
  const file = path.join(dir, `${name}.png`);
  const requestedAt = Date.now();
  console.log(`[gitops-workbench-screenshot] ${name}`);
  try {
    await waitUntil(() => existsSync(file) && statSync(file).mtimeMs >= requestedAt - 1000, `screenshot ${name}.png`, 10_000);
  } catch {
    console.log(`(screenshot ${name}.png was not written; continuing)`);
  }
}

/** closeAllEditors discards unsaved edits first (Revert and Close), so closing never asks "Save changes?". */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
