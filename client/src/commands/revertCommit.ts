import * as vscode from 'vscode';
import type { CommitDto, RevertFileDto, RevertResult } from '../../../server/src/protocol/dtos';
import { PreviewRevertRequest, RevertRequest } from '../../../server/src/protocol/requests';
import { readClientSettings } from '../config';
import type { Ctx } from '../ctx';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { explainCommitFailure, reportCommit } from '../ui/commitOutcome';
import { pickCommit } from '../ui/pickCommit';
import { environmentOf } from '../ui/pickEnvironment';
import { shortSha } from '../views/format';
import { isTreeNode } from '../views/TreeNode';
import { sendWithCredentials } from '../git/sendWithCredentials';

export const revertCommitId = 'gitopsWorkbench.revertCommit';

const statusLetter: Record<RevertFileDto['status'], string> = { added: 'A', modified: 'M', deleted: 'D' };
const outcomeWords: Record<RevertFileDto['outcome'], string> = { revert: '', merge: ' — merged with later changes', unchanged: ' — already reverted', conflict: ' — CONFLICT' };

/**
 * revertCommit (GitOps: Revert Commit…) reverts one commit's changes to an environment the GitOps
 * way, with a new commit: pick the commit (gitops/environmentHistory; or the pending commit the
 * command was invoked on), preview it (gitops/previewRevert: files, conflicts, other environments
 * touched), confirm in a modal dialog, commit (gitops/revert), push when
 * gitopsWorkbench.git.pushAfterCommit is on, and refresh the environment. Conflicts and refused
 * pushes are explained; a conflict writes nothing and a failed push keeps the commit.
 */
export async function revertCommit(ctx: Ctx, arg?: unknown): Promise<RevertResult | undefined> {
  let entry: EnvironmentEntry | undefined;
  let commit: Pick<CommitDto, 'sha' | 'subject'> | undefined;
  if (isTreeNode(arg) && arg.type === 'commit') {
    entry = arg.entry;
    commit = arg.commit;
  } else {
    entry = await environmentOf(ctx, arg, 'GitOps: Revert Commit');
    if (!entry) return undefined;
    commit = (await pickCommit(ctx, entry, { title: `GitOps: Revert Commit — ${entry.environment.name}`, placeHolder: 'The commit whose changes to revert' }))?.commit;
  }
  if (!commit) return undefined;
  const environment = entry.environment.name;
  const what = `Revert ${shortSha(commit.sha)}`;
  const folderUri = entry.repository.folderUri;

  let preview;
  try {
    preview = await ctx.client.sendRequest(PreviewRevertRequest, { folderUri, commit: commit.sha, environment });
  } catch (error) {
    await explainCommitFailure(ctx, what, error);
    return undefined;
  }
  if (preview.conflict) {
    await ctx.prompts.message('error', `${what} "${commit.subject}" conflicts with later changes to ${environment}; nothing was changed.`, {
      modal: true,
      detail: `Conflicting files:\n${preview.conflicts.map((file) => `• ${file}`).join('\n')}\n\nRevert by hand, or roll the environment back to a commit instead.`,
    });
    return undefined;
  }
  if (preview.files.length === 0 || preview.files.every((file) => file.outcome === 'unchanged')) {
    await ctx.prompts.message('info', `${what}: ${environment} already has the content from before "${commit.subject}"; nothing to revert.`, {});
    return undefined;
  }

  const settings = readClientSettings(entry.repository.rootUri);
  const branch = preview.branch?.replace(/^refs\/heads\//, '');
  const detail = [
    `Files of ${environment}:`,
    ...preview.files.map((file) => `  ${statusLetter[file.status]} ${file.path}${outcomeWords[file.outcome]}`),
    '',
    ...(preview.partial ? [`Only the commit's changes to ${environment} are reverted; its other changes stay.`] : []),
    ...(preview.alsoAffects.length > 0 ? [`Shared files: this also changes ${preview.alsoAffects.join(', ')}.`] : []),
    `A new commit "${preview.message.split('\n')[0]}" goes on ${branch ?? 'the detached HEAD'} (at ${shortSha(preview.head)}); history is kept.`,
    settings.pushAfterCommit ? 'It is then pushed (gitopsWorkbench.git.pushAfterCommit).' : 'It is not pushed (gitopsWorkbench.git.pushAfterCommit is off).',
  ].join('\n');
  const choice = await ctx.prompts.message('warning', `Revert ${shortSha(commit.sha)} "${commit.subject}" in ${environment}?`, { modal: true, detail }, 'Revert');
  if (choice !== 'Revert') return undefined;

  let result: RevertResult;
  const credentials = settings.pushAfterCommit ? await ctx.pushCredentials.get(entry.repository.root) : undefined;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${what} in ${environment}…` }, () =>
      sendWithCredentials({ client: ctx.client, credentials, send: () => ctx.client.sendRequest(RevertRequest, { folderUri, commit: preview.commit, environment, ...(settings.pushAfterCommit ? { push: true, ...credentials } : {}) }) }),
    );
  } catch (error) {
    await explainCommitFailure(ctx, what, error);
    return undefined;
  }
  const refresh = result.alsoAffects.length > 0 ? ctx.model.refreshAll() : ctx.model.refreshEnvironment(entry);
  void reportCommit(ctx, { entry, what: `Reverted ${shortSha(result.reverted)}`, commit: result.commit, files: result.files, branch: result.branch, alsoAffects: result.alsoAffects, push: result.push, usedStored: credentials !== undefined });
  await refresh;
  return result;
}
