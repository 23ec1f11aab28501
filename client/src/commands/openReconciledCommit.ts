import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { gitRepositoryAt } from '../git/gitExtension';
import { environmentOf } from '../ui/pickEnvironment';
import { shortSha } from '../views/format';

export const openReconciledCommitId = 'gitopsWorkbench.openReconciledCommit';

/**
 * openReconciledCommit (GitOps: Open Reconciled Commit) shows the commit an environment's
 * reconciler last applied: its changes through the built-in Git extension (git.viewCommit) when
 * it is available, else its id is copied to the clipboard; either way the sha and subject are shown.
 */
export async function openReconciledCommit(ctx: Ctx, arg?: unknown): Promise<{ sha: string; opened: boolean } | undefined> {
  const entry = await environmentOf(ctx, arg, 'GitOps: Open Reconciled Commit');
  if (!entry) return undefined;
  if (!entry.status && entry.loading) await ctx.model.refreshEnvironment(entry);
  const reconciled = entry.status?.reconciled;
  if (!reconciled?.revision) {
    void ctx.prompts.message('info', `${entry.environment.name}: no reconciled commit is known${reconciled?.message ? ` (${reconciled.message})` : entry.status?.cluster.message ? ` (${entry.status.cluster.message})` : ''}.`, {});
    return undefined;
  }
  const sha = reconciled.revision;
  const words = `${entry.environment.name} is at ${shortSha(sha)}${reconciled.subject ? ` "${reconciled.subject}"` : ''}${reconciled.source ? `, applied by ${reconciled.source}` : ''}${reconciled.ref ? ` (${reconciled.ref})` : ''}`;
  const git = await gitRepositoryAt(entry.repository.rootUri);
  if (git) {
    try {
      await vscode.commands.executeCommand('git.viewCommit', git.repository.rootUri, sha);
      void ctx.prompts.message('info', `${words}.`, {}, 'Copy Commit Id').then((choice) => {
        if (choice) void vscode.env.clipboard.writeText(sha);
      });
      return { sha, opened: true };
    } catch (error) {
      ctx.output.appendLine(`[client] git.viewCommit ${sha} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  await vscode.env.clipboard.writeText(sha);
  void ctx.prompts.message('info', `${words}. Its id is copied to the clipboard.`, {});
  return { sha, opened: false };
}
