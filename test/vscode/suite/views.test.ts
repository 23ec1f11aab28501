import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, extension, requestScreenshot } from '../../support/vscode/extensionHost';

interface Contributes {
  viewsContainers?: { activitybar?: { id: string; title: string }[] };
  views?: Record<string, { id: string; name: string }[]>;
}

suite('Views and commands', () => {
  suiteSetup(activateExtension);

  test('the GitOps view container opens in the activity bar with the Environments view', async () => {
    const contributes = (extension().packageJSON as { contributes: Contributes }).contributes;
    const container = contributes.viewsContainers?.activitybar?.find((c) => c.id === 'gitopsWorkbench');
    assert.equal(container?.title, 'GitOps');
    assert.deepEqual(contributes.views?.gitopsWorkbench?.map((view) => view.name), ['Environments']);
    // The command VS Code generates for a contributed container: fails if the container is not registered.
    await vscode.commands.executeCommand('workbench.view.extension.gitopsWorkbench');
    await vscode.commands.executeCommand('gitopsWorkbench.environments.focus');
    await requestScreenshot('suite-views');
  });

  test('the GitOps commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('gitopsWorkbench.showOutput'), 'gitopsWorkbench.showOutput is registered');
    await vscode.commands.executeCommand('gitopsWorkbench.showOutput');
  });
});
