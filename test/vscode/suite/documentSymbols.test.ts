import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openInEditor, requestScreenshot } from '../../support/vscode/extensionHost';

suite('Document symbols', () => {
  suiteSetup(activateExtension);
  suiteTeardown(async () => {
    await requestScreenshot('suite-document-symbols');
    await closeAllEditors();
  });

  test('one symbol per resource, named "Kind name", spanning its document', async () => {
    const document = await openInEditor('apps/web/all-in-one.yaml');
    const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    const top = (symbols ?? []).map((symbol) => ({
      name: symbol.name,
      range: 'range' in symbol ? symbol.range : symbol.location.range,
    }));
    assert.deepEqual(
      top.map((symbol) => symbol.name),
      ['Namespace shop', 'Deployment cart', 'Service cart', 'ConfigMap cart-settings'],
    );
    // Each resource's symbol contains its own `kind:` line.
    const kindLines = document
      .getText()
      .split(/\r?\n/)
      .flatMap((line, index) => (/^kind:/.test(line) ? [index] : []));
    top.forEach((symbol, index) => {
      assert.ok(symbol.range.contains(new vscode.Position(kindLines[index], 0)), `${symbol.name} range should contain line ${kindLines[index] + 1}`);
    });
  });
});
