import * as vscode from 'vscode';
import type { SyncProgressParams } from '../../server/src/protocol/dtos';
import { EnvironmentChangedNotification, SyncProgressNotification } from '../../server/src/protocol/requests';
import { registerCommands } from './commands/registerCommands';
import { inspectionSettings } from './config';
import type { Ctx } from './ctx';
import { ManifestDocumentProvider } from './documents/ManifestDocumentProvider';
import { DriftCodeActionProvider } from './drift/DriftCodeActionProvider';
import { DriftCodeLensProvider } from './drift/DriftCodeLensProvider';
import { EditorDrift } from './drift/EditorDrift';
import { PushCredentialStore } from './git/PushCredentialStore';
import { EnvironmentsModel, environmentsViewId } from './model/EnvironmentsModel';
import { KubeContexts } from './model/KubeContexts';
import { startLanguageClient } from './startLanguageClient';
import { EnvironmentStatusBar } from './statusBar/EnvironmentStatusBar';
import { PromptsHolder, type Prompts } from './ui/Prompts';
import { EnvironmentsTreeProvider } from './views/EnvironmentsTreeProvider';
import type { TreeNode } from './views/TreeNode';

/** GitOpsWorkbenchApi is what activate() returns: hooks for the extension-host tests. */
export interface GitOpsWorkbenchApi {
  testing: {
    model: EnvironmentsModel;
    tree: EnvironmentsTreeProvider;
    editorDrift: EditorDrift;
    statusBarText(): string;
    /** The command the status bar item runs when clicked. */
    statusBarCommand(): vscode.Command | undefined;
    /** The rows selected in the Environments view. */
    treeSelection(): readonly TreeNode[];
    /** Answers the commands' questions (quick picks, input boxes, messages) until disposed. */
    answerPrompts(prompts: Partial<Prompts>): vscode.Disposable;
  };
}

/** activate starts the language server, the Environments view, the editor's drift, the commands and the status bar item. */
export async function activate(context: vscode.ExtensionContext): Promise<GitOpsWorkbenchApi> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('GitOps Workbench');
  context.subscriptions.push(output);
  void vscode.commands.executeCommand('setContext', 'gitopsWorkbench.viewState', 'loading');
  const client = await startLanguageClient({ context, output });
  context.subscriptions.push({ dispose: () => void client.stop() });

  const contexts = new KubeContexts({ client, state: context.workspaceState });
  const model = new EnvironmentsModel({ client, contexts, output });
  const tree = new EnvironmentsTreeProvider(model);
  const treeView = vscode.window.createTreeView<TreeNode>(environmentsViewId, { treeDataProvider: tree, showCollapseAll: true });
  const prompts = new PromptsHolder();
  const editorDrift = new EditorDrift({ client, model, output });
  const codeLenses = new DriftCodeLensProvider(editorDrift);
  const syncProgress = new vscode.EventEmitter<SyncProgressParams>();
  const ctx: Ctx = { extension: context, client, output, model, contexts, tree, treeView, prompts, editorDrift, pushCredentials: new PushCredentialStore(context.secrets), syncProgress: syncProgress.event };
  const statusBar = new EnvironmentStatusBar({ model, contexts });
  const manifests = { scheme: 'file', language: 'yaml' } satisfies vscode.DocumentFilter;
  context.subscriptions.push(
    contexts,
    model,
    tree,
    treeView,
    statusBar,
    new ManifestDocumentProvider({ client, model }),
    editorDrift,
    codeLenses,
    vscode.languages.registerCodeLensProvider(manifests, codeLenses),
    vscode.languages.registerCodeActionsProvider(manifests, new DriftCodeActionProvider(editorDrift), DriftCodeActionProvider.metadata),
    syncProgress,
    client.onNotification(SyncProgressNotification, (params) => syncProgress.fire(params)),
    ...registerCommands(ctx),
  );

  let shownState = model.viewState;
  context.subscriptions.push(
    model.onDidChange(() => {
      treeView.description = model.viewDescription;
      // The welcome content is static text: the error itself goes in a notification, once per outage.
      const state = model.viewState;
      if (state !== shownState && (state === 'clusterUnreachable' || state === 'clusterError' || state === 'noKubeconfig')) announceClusterFailure(model);
      shownState = state;
    }),
    // Watch events from the server: refresh that environment, debounced.
    client.onNotification(EnvironmentChangedNotification, (params) => model.scheduleRefresh(params.folderUri, params.environment)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('gitopsWorkbench.kubeconfig')) contexts.invalidate();
      if (inspectionSettings.some((key) => event.affectsConfiguration(key))) void model.refreshAll();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void model.refreshAll()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void model.refreshAll()),
    // A saved manifest changes the desired state of the environments that take it in.
    vscode.workspace.onDidSaveTextDocument((document) => {
      for (const entry of model.environmentsOfFile(document.uri)) model.scheduleRefresh(entry.repository.root, entry.environment.name, 1000);
    }),
    watchRepositoryConfig(model),
  );

  // Never block activation on the cluster: the view fills in as answers arrive.
  void model.refreshAll();
  void contexts.list();
  output.appendLine(`[client] GitOps Workbench activated in ${Date.now() - started} ms`);
  return {
    testing: {
      model,
      tree,
      editorDrift,
      statusBarText: () => statusBar.text,
      statusBarCommand: () => statusBar.command,
      treeSelection: () => treeView.selection,
      answerPrompts: (answers) => prompts.override(answers),
    },
  };
}

/** announceClusterFailure tells the user, with the error, that no environment's cluster could be used. */
function announceClusterFailure(model: EnvironmentsModel): void {
  const message = model.viewDescription ?? 'the cluster could not be used';
  void vscode.window.showWarningMessage(`GitOps Workbench: no environment could reach its cluster — ${message}`, 'Select Kube Context', 'Refresh').then((choice) => {
    if (choice === 'Select Kube Context') void vscode.commands.executeCommand('gitopsWorkbench.selectContext');
    else if (choice === 'Refresh') void vscode.commands.executeCommand('gitopsWorkbench.refresh');
  });
}

/** watchRepositoryConfig lists the environments again when a .gitops-workbench.yaml changes. */
function watchRepositoryConfig(model: EnvironmentsModel): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/.gitops-workbench.{yaml,yml}');
  let timer: NodeJS.Timeout | undefined;
  const relist = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void model.refreshAll(), 500);
  };
  const subscriptions = [watcher, watcher.onDidChange(relist), watcher.onDidCreate(relist), watcher.onDidDelete(relist)];
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    for (const subscription of subscriptions) subscription.dispose();
  });
}

export function deactivate(): void {
  // Everything is disposed through the subscriptions VS Code disposes.
}
