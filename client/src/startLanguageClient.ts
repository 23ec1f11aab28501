import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** startLanguageClient starts the GitOps Workbench language server over IPC for YAML files. */
export async function startLanguageClient(args: {
  context: vscode.ExtensionContext;
  output: vscode.OutputChannel;
}): Promise<LanguageClient> {
  const serverModule = args.context.asAbsolutePath(path.join('dist', 'server.js'));
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,.gitignore}');
  args.context.subscriptions.push(watcher);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    outputChannel: args.output,
    synchronize: {
      configurationSection: 'gitopsWorkbench',
      fileEvents: watcher,
    },
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
  };
  const client = new LanguageClient('gitopsWorkbench', 'GitOps Workbench Language Server', serverOptions, clientOptions);
  await client.start();
  return client;
}
