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

/** The environments fixture as the code-server runner prepared it (undefined in runners without the emulator). */
export interface EnvironmentsFixture {
  commits: { initial: string; stagingLogLevel: string; productionScale: string };
  /** The emulator's kubeconfig (also in the user setting gitopsWorkbench.kubeconfig). */
  kubeconfig: string;
  emulator: string;
  /** A second emulator with the same live state, for suites that change the cluster (sync); the suite points the workspace setting at it. */
  syncKubeconfig?: string;
  syncEmulator?: string;
}

export const environmentsFixture: EnvironmentsFixture | undefined = process.env.GITOPS_WORKBENCH_TEST_ENVIRONMENTS
  ? (JSON.parse(process.env.GITOPS_WORKBENCH_TEST_ENVIRONMENTS) as EnvironmentsFixture)
  : undefined;

/** TestEnvironment is the part of the extension's EnvironmentEntry the suites read (client/src/model/EnvironmentsModel.ts). */
export interface TestEnvironment {
  key: string;
  environment: { name: string; paths: string[] };
  status?: import('../../../server/src/protocol/dtos').EnvironmentStatusResult;
  error?: string;
  loading: boolean;
}

/** TestPrompts answers the extension's questions (client/src/ui/Prompts.ts). */
export interface TestPrompts {
  quickPick?<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions): Thenable<T | undefined>;
  inputBox?(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  message?(severity: 'info' | 'warning' | 'error', message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
}

/** WorkbenchTesting is what the extension's activate() returns under `testing` (client/src/extension.ts). */
export interface WorkbenchTesting {
  model: {
    environments: TestEnvironment[];
    viewState: string;
    viewDescription?: string;
    onDidChange: vscode.Event<unknown>;
    refreshAll(): Promise<void>;
    ready(): Promise<void>;
  };
  tree: vscode.TreeDataProvider<unknown>;
  /** The drift of the open manifests (client/src/drift/EditorDrift.ts). */
  editorDrift: { stateOf(uri: vscode.Uri): { version: number; fields: unknown[]; objects: unknown[] } | undefined; onDidChange: vscode.Event<vscode.Uri> };
  statusBarText(): string;
  statusBarCommand(): vscode.Command | undefined;
  /** The Environments view's selected rows (client/src/views/TreeNode.ts). */
  treeSelection(): readonly unknown[];
  answerPrompts(prompts: TestPrompts): vscode.Disposable;
}

/** workbenchTesting activates the extension and returns its test hooks. */
export async function workbenchTesting(): Promise<WorkbenchTesting> {
  const ext = await activateExtension();
  const api = ext.exports as { testing?: WorkbenchTesting } | undefined;
  assert.ok(api?.testing, 'the extension exports its test hooks (activate() returns { testing })');
  return api.testing;
}

/** settled: the environment has a status and is not being inspected again. */
export const settled = (entry: TestEnvironment | undefined): boolean => Boolean(entry && entry.status && !entry.loading);

/** environmentNamed is the model's environment called `name`; the assertion fails when it is not listed. */
export function environmentNamed(testing: WorkbenchTesting, name: string): TestEnvironment {
  const found = testing.model.environments.find((entry) => entry.environment.name === name);
  assert.ok(found, `environment ${name} is listed`);
  return found;
}

/**
 * waitForModel resolves once `predicate` holds for the extension's environments model, waking on
 * its change events, or rejects after `timeoutMs` describing what the model holds.
 */
export function waitForModel(testing: WorkbenchTesting, predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!predicate()) return;
      cleanup();
      resolve();
    };
    const subscription = testing.model.onDidChange(check);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; view state ${testing.model.viewState}; environments:\n${describeEnvironments(testing.model.environments)}`));
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

export function describeEnvironments(environments: readonly TestEnvironment[]): string {
  return (
    environments
      .map((entry) => {
        const status = entry.status;
        const drift = status ? Object.entries(status.drift.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ') : '';
        return `  ${entry.environment.name}: ${entry.loading ? 'loading ' : ''}${entry.error ? `error ${entry.error} ` : ''}${status ? `cluster ${status.cluster.state}${status.cluster.message ? ` (${status.cluster.message})` : ''}, reconciled ${status.reconciled.revision?.slice(0, 7) ?? '-'}, pending ${status.pending.count ?? '?'}, drift ${drift || 'none'}` : 'no status'}`;
      })
      .join('\n') || '  (none)'
  );
}
