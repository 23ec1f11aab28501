import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EnvironmentsModel } from './model/EnvironmentsModel';
import type { KubeContexts } from './model/KubeContexts';
import type { PromptsHolder } from './ui/Prompts';
import type { EnvironmentsTreeProvider } from './views/EnvironmentsTreeProvider';
import type { TreeNode } from './views/TreeNode';

/** PushCredentials are a username and password the user typed for a push; kept in memory only, never logged. */
export interface PushCredentials {
  username?: string;
  password: string;
}

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
  /** Push credentials typed this session, by repository root. */
  credentials: Map<string, PushCredentials>;
}
