import * as vscode from 'vscode';
import type { CommitDto, RollbackResult } from '../../../server/src/protocol/dtos';
import { RollbackRequest } from '../../../server/src/protocol/requests';
import { readClientSettings } from '../config';
import type { Ctx } from '../ctx';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { explainCommitFailure, reportCommit } from '../ui/commitOutcome';
import { pickCommit } from '../ui/pickCommit';
import { environmentOf } from '../ui/pickEnvironment';
import { shortSha } from '../views/format';
import { isTreeNode } from '../views/TreeNode';
import { sendWithCredentials } from '../git/sendWithCredentials';

export const rollbackEnvironmentId = 'gitopsWorkbench.rollbackEnvironment';

/**
 * rollbackEnvironment (GitOps: Roll Back Environment to Commit…) makes one new commit that brings
 * an environment's paths and inputs back to their content at a chosen commit (gitops/rollback):
 * the reconciled commit when invoked on it, a commit of the tree, or one picked from the
 * environment's history. A modal dialog names the commits whose changes are undone before
 * anything is written; then push (gitopsWorkbench.git.pushAfterCommit) and refresh, as for revert.
 */
export async function rollbackEnvironment(ctx: Ctx, arg?: unknown): Promise<RollbackResult | undefined> {
  let entry: EnvironmentEntry | undefined;
  let target: Pick<CommitDto, 'sha' | 'subject'> | undefined;
  let undone: Pick<CommitDto, 'sha' | 'subject'>[] | undefined;
  if (isTreeNode(arg) && arg.type === 'reconciled' && arg.entry.status?.reconciled.revision) {
    entry = arg.entry;
    const { reconciled, pending } = arg.entry.status;
    target = { sha: reconciled.revision!, subject: reconciled.subject ?? reconciled.ref ?? '' };
    undone = pending.commits.length === (pending.count ?? pending.commits.length) ? pending.commits : undefined;
  } else if (isTreeNode(arg) && arg.type === 'commit') {
    entry = arg.entry;
    target = arg.commit;
    const pending = arg.entry.status?.pending.commits ?? [];
    const index = pending.findIndex((commit) => commit.sha === arg.commit.sha);
    undone = index >= 0 ? pending.slice(0, index) : undefined;
  } else {
    entry = await environmentOf(ctx, arg, 'GitOps: Roll Back Environment');
    if (!entry) return undefined;
    const picked = await pickCommit(ctx, entry, { title: `GitOps: Roll Back ${entry.environment.name} to Commit`, placeHolder: 'The commit whose content the environment goes back to', skipHead: true });
    if (!picked) return undefined;
    target = picked.commit;
    undone = picked.newer;
  }
  if (!target) return undefined;
  const environment = entry.environment.name;
  const settings = readClientSettings(entry.repository.rootUri);
  const detail = [
    undone === undefined
      ? `The environment's paths and inputs get their content at ${shortSha(target.sha)} back.`
      : undone.length === 0
        ? 'No newer commit changed the environment.'
        : `This undoes the changes to ${environment} of ${undone.length === 1 ? 'this commit' : `these ${undone.length} commits`}:\n${undone.slice(0, 15).map((commit) => `  ${shortSha(commit.sha)} ${commit.subject}`).join('\n')}${undone.length > 15 ? `\n  …and ${undone.length - 15} more` : ''}`,
    '',
    `Paths: ${[...new Set([...entry.environment.paths, ...entry.environment.inputs])].join(', ')}`,
    'One new commit restores them; history is kept.',
    settings.pushAfterCommit ? 'It is then pushed (gitopsWorkbench.git.pushAfterCommit).' : 'It is not pushed (gitopsWorkbench.git.pushAfterCommit is off).',
  ].join('\n');
  const choice = await ctx.prompts.message('warning', `Roll back ${environment} to ${shortSha(target.sha)} "${target.subject}"?`, { modal: true, detail }, 'Roll Back');
  if (choice !== 'Roll Back') return undefined;

  const what = `Roll back ${environment} to ${shortSha(target.sha)}`;
  let result: RollbackResult;
  const credentials = settings.pushAfterCommit ? await ctx.pushCredentials.get(entry.repository.root) : undefined;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${what}…` }, () =>
      sendWithCredentials({ client: ctx.client, credentials, send: () => ctx.client.sendRequest(RollbackRequest, { folderUri: entry.repository.folderUri, environment, to: target.sha, ...(settings.pushAfterCommit ? { push: true, ...credentials } : {}) }) }),
    );
  } catch (error) {
    await explainCommitFailure(ctx, what, error);
    return undefined;
  }
  const refresh = result.alsoAffects.length > 0 ? ctx.model.refreshAll() : ctx.model.refreshEnvironment(entry);
  void reportCommit(ctx, { entry, what: `Rolled ${environment} back to ${shortSha(result.target)}`, commit: result.commit, files: result.files, branch: result.branch, alsoAffects: result.alsoAffects, push: result.push, usedStored: credentials !== undefined });
  await refresh;
  return result;
}
