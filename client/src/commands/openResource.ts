import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { isTreeNode } from '../views/TreeNode';

export const openResourceId = 'gitopsWorkbench.openResource';

/** openResource opens the file that declares a resource of the tree, at the object (clicking the row). */
export async function openResource(ctx: Ctx, arg?: unknown): Promise<vscode.TextEditor | undefined> {
  if (!isTreeNode(arg) || (arg.type !== 'resource' && arg.type !== 'field')) return undefined;
  const location = arg.resource.location;
  if (!location) {
    void ctx.prompts.message('info', `${arg.resource.kind}/${arg.resource.name} is not declared in Git (it is only in the cluster).`, {});
    return undefined;
  }
  const position = new vscode.Position(location.line, 0);
  return vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: new vscode.Range(position, position), preview: true });
}
