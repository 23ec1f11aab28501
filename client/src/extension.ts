import * as vscode from 'vscode';
import { startLanguageClient } from './startLanguageClient';

/** activate starts the language server and registers the extension's commands. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('GitOps Workbench');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('gitopsWorkbench.showOutput', () => output.show(true)),
  );
  const client = await startLanguageClient({ context, output });
  context.subscriptions.push({ dispose: () => void client.stop() });
  output.appendLine(`[client] GitOps Workbench activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // The language client is stopped through the subscriptions disposed by VS Code.
}
