import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { driftSummary } from '../views/format';
import { clusterStateWords } from '../views/treeItems';
import { isTreeNode, nodeEntry } from '../views/TreeNode';

/**
 * environmentOf finds the environment a command is about: the tree row it was invoked on, else
 * the environment of the active editor's file when there is exactly one, else the user's pick
 * (none needed when the workspace has one environment). Undefined when the user cancelled or
 * there is none (the user is told).
 */
export async function environmentOf(ctx: Ctx, arg: unknown, title: string, options: { preferActiveFile?: boolean } = {}): Promise<EnvironmentEntry | undefined> {
  if (isTreeNode(arg)) {
    const entry = nodeEntry(arg);
    if (entry) return entry;
  }
  await ctx.model.ready();
  const all = ctx.model.environments;
  if (all.length === 0) {
    void ctx.prompts.message('info', 'GitOps Workbench found no environments in this workspace.', {}, 'Open Environments View').then((choice) => {
      if (choice) void vscode.commands.executeCommand('gitopsWorkbench.environments.focus');
    });
    return undefined;
  }
  if (all.length === 1) return all[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (options.preferActiveFile !== false && active) {
    const matching = ctx.model.environmentsOfFile(active);
    if (matching.length === 1) return matching[0];
  }
  const multiRepo = ctx.model.repositories.length > 1;
  const picked = await ctx.prompts.quickPick(
    all.map((entry) => ({
      label: entry.environment.name,
      description: [multiRepo ? entry.repository.name : '', entry.status?.reconciler ?? entry.environment.reconciler ?? entry.environment.source, entry.status?.cluster.context ?? entry.environment.context].filter(Boolean).join(' · '),
      detail: entry.status
        ? entry.status.cluster.state === 'connected'
          ? driftSummary(entry.status.drift.counts) || 'in sync'
          : clusterStateWords(entry.status.cluster.state)
        : undefined,
      entry,
    })),
    { title, placeHolder: 'Environment' },
  );
  return picked?.entry;
}
