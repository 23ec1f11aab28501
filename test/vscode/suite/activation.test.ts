import * as assert from 'node:assert/strict';
import { ACTIVATION_BOUND_MS, extension, requestScreenshot, waitForOutputLine, waitUntil } from '../../support/vscode/extensionHost';

suite('Activation', () => {
  suiteTeardown(() => requestScreenshot('suite-activation'));

  test('activates by itself on a workspace that contains manifests', async () => {
    // No activate() call here: the workspaceContains/onLanguage events must do it.
    const ext = extension();
    await waitUntil(() => ext.isActive, 'the extension to activate on its own (workspaceContains:**/*.yaml)', 30_000);
  });

  test(`logs its activation time, under ${ACTIVATION_BOUND_MS} ms`, async () => {
    const match = await waitForOutputLine(/\[client\] GitOps Workbench activated in (\d+) ms/);
    const ms = Number(match[1]);
    console.log(`      activation took ${ms} ms (bound ${ACTIVATION_BOUND_MS} ms)`);
    assert.ok(Number.isFinite(ms) && ms >= 0, `activation time is not a number: ${match[0]}`);
    assert.ok(ms < ACTIVATION_BOUND_MS, `activation took ${ms} ms, bound is ${ACTIVATION_BOUND_MS} ms`);
  });
});
