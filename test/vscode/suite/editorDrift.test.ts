import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  describeDiagnostics,
  environmentNamed,
  environmentsFixture,
  openInEditor,
  positionOf,
  requestScreenshot,
  settled,
  waitForDiagnostics,
  waitForModel,
  workbenchTesting,
  workspaceFile,
  type WorkbenchTesting,
} from '../../support/vscode/extensionHost';

// Drift in the editor, on the environments repository against the shared emulator (read only:
// adopting writes files of the workspace, never the cluster): production's Deployment web runs 2
// replicas of nginx:1.27.4 where Git says 3 of nginx:1.27.3.

const productionWeb = 'deploy/production/web.yaml';
const isDrift = (diagnostic: vscode.Diagnostic): boolean => diagnostic.source === 'drift';


/** webFields lists production's drifted fields of Deployment web as the model has them. */
function webFields(testing: WorkbenchTesting): string[] {
  const web = environmentNamed(testing, 'production').status?.drift.resources.find((resource) => resource.kind === 'Deployment' && resource.name === 'web');
  return (web?.fields ?? []).map((field) => field.path);
}

function rangeOf(document: vscode.TextDocument, pattern: RegExp): vscode.Range {
  const start = positionOf(document, pattern);
  const match = pattern.exec(document.getText());
  return new vscode.Range(start, start.translate(0, match![1].length));
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

suite('Drift in the editor (environments fixture, kube emulator)', function () {
  let testing: WorkbenchTesting;
  let original: string;

  suiteSetup(async function () {
    if (!environmentsFixture) this.skip();
    testing = await workbenchTesting();
    await testing.model.ready();
    await waitForModel(testing, () => testing.model.environments.length === 2 && testing.model.environments.every(settled), 'both environments inspected', 60_000);
    original = readFileSync(workspaceFile(productionWeb).fsPath, 'utf8');
  });
  suiteTeardown(async () => {
    if (testing) await closeAllEditors();
  });

  test('each drifted field of the open manifest gets an Information diagnostic (source "drift") on its value, with the live value', async () => {
    const document = await openInEditor(productionWeb);
    const diagnostics = (await waitForDiagnostics(document.uri, (all) => all.filter(isDrift).length === 2, 'the two drift diagnostics', 30_000)).filter(isDrift);
    const described = diagnostics.map((diagnostic) => ({
      range: diagnostic.range,
      message: diagnostic.message,
      severity: diagnostic.severity,
      code: codeOf(diagnostic),
    }));
    const replicas = rangeOf(document, /^ {2}replicas: (3)$/m);
    const image = rangeOf(document, /image: (nginx:1\.27\.3)$/m);
    assert.deepEqual(
      described.sort((a, b) => a.range.start.line - b.range.start.line),
      [
        { range: replicas, message: 'live: 2 (Git: 3)', severity: vscode.DiagnosticSeverity.Information, code: 'production' },
        { range: image, message: 'live: nginx:1.27.4 (Git: nginx:1.27.3)', severity: vscode.DiagnosticSeverity.Information, code: 'production' },
      ],
      describeDiagnostics(diagnostics),
    );
    assert.equal(document.getText(replicas), '3', 'the diagnostic covers the value exactly');
    assert.equal(document.getText(image), 'nginx:1.27.3');

    // Staging is in sync: its manifest gets no drift diagnostic, only an "in sync" code lens.
    const staging = await openInEditor('deploy/staging/web.yaml');
    await waitForCodeLenses(testing, staging.uri, (titles) => titles.includes('$(pass) staging · live: in sync'));
    assert.deepEqual(vscode.languages.getDiagnostics(staging.uri).filter(isDrift), []);
    await vscode.window.showTextDocument(document);
    await requestScreenshot('suite-editor-drift');
  });

  test('a code lens above each object shows its live status; clicking it opens the desired ↔ live diff', async () => {
    const document = await openInEditor(productionWeb);
    const serviceLine = positionOf(document, /^apiVersion: v1\nkind: Service$/m).line;
    const lenses = await waitForCodeLenses(testing, document.uri, (titles) => titles.length === 2);
    assert.deepEqual(
      lenses.map((lens) => ({ line: lens.range.start.line, title: lens.command?.title, command: lens.command?.command })),
      [
        { line: 0, title: '$(diff-modified) production · live: modified (2 fields)', command: 'gitopsWorkbench.previewDiff' },
        { line: serviceLine, title: '$(pass) production · live: in sync', command: 'gitopsWorkbench.previewDiff' },
      ],
    );
    const settings = await openInEditor('deploy/production/settings.yaml');
    const missing = await waitForCodeLenses(testing, settings.uri, (titles) => titles.length === 1);
    assert.equal(missing[0].command?.title, '$(diff-removed) production · live: missing in cluster');

    const opened = (await vscode.commands.executeCommand(lenses[0].command!.command, ...(lenses[0].command!.arguments ?? []))) as { title: string };
    assert.equal(opened.title, 'Deployment/web (desired ↔ live)');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is a diff editor (${tab?.label})`);
    assert.equal(tab.input.original.scheme, 'gitops-desired');
    await closeAllEditors();
  });

  test('on a drift diagnostic the light bulb offers "Adopt live value into Git" and "Preview diff"', async () => {
    const document = await openInEditor(productionWeb);
    await waitForDiagnostics(document.uri, (all) => all.filter(isDrift).length === 2, 'the drift diagnostics');
    const replicas = rangeOf(document, /^ {2}replicas: (3)$/m);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, replicas);
    const ours = actions.filter((action) => action.command?.command.startsWith('gitopsWorkbench.'));
    assert.deepEqual(
      ours.map((action) => [action.title, action.kind?.value, action.command?.command, action.disabled?.reason ?? 'enabled']),
      [
        ['Adopt live value into Git', 'quickfix', 'gitopsWorkbench.adoptDrift', 'enabled'],
        ['Preview diff', 'quickfix', 'gitopsWorkbench.previewDiff', 'enabled'],
      ],
    );
  });

  test('Adopt live value into Git writes the live replicas in place (formatting kept); then production no longer drifts on spec.replicas', async () => {
    const document = await openInEditor(productionWeb);
    await waitForDiagnostics(document.uri, (all) => all.filter(isDrift).length === 2, 'the drift diagnostics');
    const replicas = rangeOf(document, /^ {2}replicas: (3)$/m);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, replicas);
    const adopt = actions.find((action) => action.title === 'Adopt live value into Git');
    assert.ok(adopt?.command, 'the Adopt code action');
    const said: string[] = [];
    const answers = testing.answerPrompts({
      message: async (severity, message) => {
        said.push(`${severity}: ${message}`);
        return undefined;
      },
    });
    let outcome: { result: { strategy: string; message: string; files: string[] }; applied: boolean; saved: string[] } | undefined;
    try {
      outcome = (await vscode.commands.executeCommand(adopt.command.command, ...(adopt.command.arguments ?? []))) as typeof outcome;
    } finally {
      answers.dispose();
    }
    try {
      assert.ok(outcome, `adopted; the messages were:\n${said.join('\n')}`);
      assert.equal(outcome.result.strategy, 'in-place');
      assert.equal(outcome.applied, true);
      assert.deepEqual(outcome.saved, [document.uri.toString()], 'the file is saved (it had no unsaved changes)');
      assert.equal(document.getText(), original.replace(/^ {2}replicas: 3$/m, '  replicas: 2'), 'only the value changed, byte for byte');
      assert.equal(readFileSync(document.uri.fsPath, 'utf8'), document.getText(), 'saved to disk');
      assert.ok(said.some((line) => line.startsWith('info: ') && line.includes(outcome!.result.message)), `the server's message is shown:\n${said.join('\n')}`);

      // The save inspects production again: spec.replicas no longer drifts, the image still does.
      await waitForModel(testing, () => settled(environmentNamed(testing, 'production')) && !webFields(testing).includes('spec.replicas'), 'production without drift on spec.replicas', 30_000);
      assert.deepEqual(webFields(testing), ['spec.template.spec.containers[name=web].image']);
      const left = await waitForDiagnostics(document.uri, (all) => all.filter(isDrift).length === 1, 'one drift diagnostic left (the image)');
      assert.deepEqual(left.filter(isDrift).map((diagnostic) => diagnostic.message), ['live: nginx:1.27.4 (Git: nginx:1.27.3)']);
    } finally {
      // Back to the file the runner committed, for the suites that follow.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
      await vscode.workspace.applyEdit(edit);
      await document.save();
      await waitForModel(testing, () => settled(environmentNamed(testing, 'production')) && webFields(testing).includes('spec.replicas'), 'production drifting on spec.replicas again', 30_000);
    }
  });

  test('a refusal is explained: an object that is not live has nothing to adopt, and no file changes', async () => {
    const settings = workspaceFile('deploy/production/settings.yaml');
    const before = readFileSync(settings.fsPath, 'utf8');
    const said: string[] = [];
    const answers = testing.answerPrompts({
      message: async (severity, message) => {
        said.push(`${severity}: ${message}`);
        return undefined;
      },
    });
    let outcome: unknown;
    try {
      outcome = await vscode.commands.executeCommand('gitopsWorkbench.adoptDrift', {
        kind: 'editorDrift',
        uri: settings.toString(),
        environment: 'production',
        object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop-production', name: 'web-settings' },
        path: 'data.LOG_LEVEL',
      });
    } finally {
      answers.dispose();
    }
    assert.equal(outcome, undefined, 'nothing adopted');
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0], /^warning: data\.LOG_LEVEL of ConfigMap\/web-settings was not adopted: \S.*/);
    assert.equal(readFileSync(settings.fsPath, 'utf8'), before);
  });
});

/**
 * waitForCodeLenses asks VS Code for a document's drift code lenses until `predicate` holds for
 * their titles, asking again whenever the extension's editor drift changes.
 */
function waitForCodeLenses(testing: WorkbenchTesting, uri: vscode.Uri, predicate: (titles: string[]) => boolean, timeoutMs = 20_000): Promise<vscode.CodeLens[]> {
  return new Promise((resolve, reject) => {
    let titles: string[] = [];
    let done = false;
    const check = async (): Promise<void> => {
      const lenses = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).filter((lens) => lens.command?.command.startsWith('gitopsWorkbench.'));
      titles = lenses.map((lens) => lens.command?.title ?? '');
      if (done || !predicate(titles)) return;
      finish();
      resolve(lenses.sort((a, b) => a.range.start.line - b.range.start.line));
    };
    const subscription = testing.editorDrift.onDidChange((changed) => {
      if (changed.toString() === uri.toString()) void check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the drift code lenses of ${uri.fsPath}; they are: ${titles.join(' | ') || '(none)'}`));
    }, timeoutMs);
    function finish(): void {
      done = true;
      clearTimeout(timer);
      subscription.dispose();
    }
    void check();
  });
}
