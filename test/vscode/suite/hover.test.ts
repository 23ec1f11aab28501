import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openInEditor, positionOf, requestScreenshot } from '../../support/vscode/extensionHost';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

suite('Hover', () => {
  suiteSetup(activateExtension);
  suiteTeardown(async () => {
    await requestScreenshot('suite-hover');
    await closeAllEditors();
  });

  test('hovering a field shows its schema description', async () => {
    const document = await openInEditor('apps/web/deployment.yaml');
    const position = positionOf(document, /^ {2}(replicas):/m).translate(0, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hoverText(hovers ?? []);
    assert.match(text, /Number of desired pods/, `hover over "replicas" says:\n${text || '(no hover)'}`);
  });
});
