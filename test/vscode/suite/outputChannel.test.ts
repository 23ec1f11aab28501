import * as assert from 'node:assert/strict';
import { activateExtension, extension, requestScreenshot, waitForOutputLine } from '../../support/vscode/extensionHost';

suite('Output channel', () => {
  suiteSetup(activateExtension);
  suiteTeardown(() => requestScreenshot('suite-output-channel'));

  test('shows the language server start line with the extension version', async () => {
    const version = (extension().packageJSON as { version: string }).version;
    const match = await waitForOutputLine(/GitOps Workbench language server (\S+) starting/);
    assert.equal(match[1], version, `server version in "${match[0]}"`);
  });
});
