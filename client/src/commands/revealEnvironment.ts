import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { environmentsViewId } from '../model/EnvironmentsModel';

export const revealEnvironmentId = 'gitopsWorkbench.revealEnvironment';

/**
 * revealEnvironment focuses the Environments view and selects an environment's row: the one
 * named by `key` (the status bar item's click), else the active file's.
 */
export async function revealEnvironment(ctx: Ctx, key?: unknown): Promise<void> {
  await vscode.commands.executeCommand(`${environmentsViewId}.focus`);
  const active = vscode.window.activeTextEditor?.document.uri;
  const entry = typeof key === 'string' ? ctx.model.environments.find((candidate) => candidate.key === key) : active ? ctx.model.environmentsOfFile(active)[0] : undefined;
  if (entry && ctx.model.viewState === 'ready') await ctx.treeView.reveal(ctx.tree.environmentNode(entry), { select: true, focus: false, expand: true });
}
