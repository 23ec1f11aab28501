import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SyncProgressParams } from '../../server/src/protocol/dtos';
import type { EditorDrift } from './drift/EditorDrift';
import type { PushCredentialStore } from './git/PushCredentialStore';
import type { EnvironmentsModel } from './model/EnvironmentsModel';
import type { KubeContexts } from './model/KubeContexts';
import type { PromptsHolder } from './ui/Prompts';
import type { EnvironmentsTreeProvider } from './views/EnvironmentsTreeProvider';
import type { TreeNode } from './views/TreeNode';

/** Ctx is what the commands, views and documents share: one per activation. */
export interface Ctx {
  extension: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.OutputChannel;
  model: EnvironmentsModel;
  contexts: KubeContexts;
  tree: EnvironmentsTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  prompts: PromptsHolder;
  /** The drift of the open manifests (diagnostics, code lenses, code actions). */
  editorDrift: EditorDrift;
  /** Push credentials the user asked to remember, in SecretStorage. */
  pushCredentials: PushCredentialStore;
  /** gitops/syncProgress notifications from the server (one handler, many listeners). */
  syncProgress: vscode.Event<SyncProgressParams>;
}
