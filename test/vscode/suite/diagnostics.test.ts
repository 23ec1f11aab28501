import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  closeAllEditors,
  DIAGNOSTIC_SOURCE,
  diagnosticCode,
  openInEditor,
  positionOf,
  requestScreenshot,
  waitForDiagnostics,
} from '../../support/vscode/extensionHost';

const brokenFile = 'apps/web/deployment-with-unknown-field.yaml';
const isUnknownReplica = (d: vscode.Diagnostic): boolean =>
  d.source === DIAGNOSTIC_SOURCE && diagnosticCode(d) === 'schema' && /unknown field "replica"/.test(d.message);

suite('Diagnostics', () => {
  suiteSetup(activateExtension);
  suiteTeardown(async () => {
    await requestScreenshot('suite-diagnostics');
    await closeAllEditors();
  });

  test('an unknown field in a Deployment spec is reported at its line, with rule id "schema"', async () => {
    const document = await openInEditor(brokenFile);
    const expected = positionOf(document, /^ {2}(replica):/m);
    const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.some(isUnknownReplica), 'a schema diagnostic about "replica"');
    const found = diagnostics.filter(isUnknownReplica);
    assert.equal(found.length, 1, 'exactly one diagnostic for the unknown field');
    const [diagnostic] = found;
    assert.equal(diagnostic.range.start.line, expected.line, `diagnostic line (0-based) should be the line of "replica:"`);
    assert.ok(diagnostic.range.contains(expected), `diagnostic range ${JSON.stringify(diagnostic.range)} should cover the key "replica" at ${JSON.stringify(expected)}`);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /did you mean "replicas"/);
  });

  test('fixing the text clears the diagnostic; breaking it again brings it back', async () => {
    const document = await openInEditor(brokenFile);
    await waitForDiagnostics(document.uri, (ds) => ds.some(isUnknownReplica), 'the diagnostic before the fix');
    const start = positionOf(document, /^ {2}(replica):/m);
    const fix = new vscode.WorkspaceEdit();
    fix.replace(document.uri, new vscode.Range(start, start.translate(0, 'replica'.length)), 'replicas');
    assert.ok(await vscode.workspace.applyEdit(fix), 'the fix applies');
    await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.source === DIAGNOSTIC_SOURCE && diagnosticCode(d) === 'schema'), 'no schema diagnostic after the fix');
    const undo = new vscode.WorkspaceEdit();
    undo.replace(document.uri, new vscode.Range(start, start.translate(0, 'replicas'.length)), 'replica');
    assert.ok(await vscode.workspace.applyEdit(undo), 'the unfix applies');
    await waitForDiagnostics(document.uri, (ds) => ds.some(isUnknownReplica), 'the diagnostic again after breaking the text again');
    // Back to the text on disk: nothing left to save or discard. On a loaded machine the workbench
    // may give up on the extension host's will-save participants (1750 ms) and report the save as
    // failed; the document is then still dirty, and saving again is what a user would do.
    let saved = await document.save();
    for (let attempt = 1; !saved && document.isDirty && attempt < 3; attempt += 1) saved = await document.save();
    assert.ok(saved || !document.isDirty, 'the restored file saves');
  });

  test('a valid Deployment gets no schema diagnostic', async () => {
    const valid = await openInEditor('apps/web/deployment.yaml');
    // The broken file, opened after the valid one, has its diagnostic: the server has had its
    // chance to report on the valid file too.
    const broken = await openInEditor(brokenFile);
    await waitForDiagnostics(broken.uri, (ds) => ds.some(isUnknownReplica), 'the diagnostic of the broken file');
    const schemaProblems = vscode.languages.getDiagnostics(valid.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE && diagnosticCode(d) === 'schema');
    assert.deepEqual(schemaProblems.map((d) => d.message), []);
  });
});
