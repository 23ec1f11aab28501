import * as vscode from 'vscode';
import type { PushOutcomeDto } from '../../../server/src/protocol/dtos';
import type { Ctx } from '../ctx';
import { gitRepositoryAt, refreshGitStatus } from '../git/gitExtension';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { errorCode, errorFiles, errorMessage } from '../model/requestErrors';
import { plural, shortSha } from '../views/format';
import { askForCredentials } from './pushWithCredentials';
import { pushedWords } from './sendPush';

/**
 * explainCommitFailure tells the user why a revert or rollback made no commit, in the words of
 * what to do next. Every one of these failures writes nothing: the working tree is as it was.
 */
export async function explainCommitFailure(ctx: Ctx, what: string, error: unknown): Promise<void> {
  const code = errorCode(error);
  const files = errorFiles(error);
  const list = files.length > 0 ? `\n\n${files.map((file) => `• ${file}`).join('\n')}` : '';
  ctx.output.appendLine(`[client] ${what} failed (${code ?? 'no code'}): ${errorMessage(error)}`);
  switch (code) {
    case 'Conflict':
      await ctx.prompts.message('error', `${what}: conflicts with later changes, so nothing was changed.`, { modal: true, detail: `These files changed since in ways that cannot be merged automatically:${list}\n\nRevert by hand, or roll the environment back to a commit instead.` });
      return;
    case 'DirtyWorktree':
      await ctx.prompts.message('error', `${what}: you have uncommitted changes to files it would change, so nothing was changed.`, { modal: true, detail: `Commit or stash these changes first:${list}` });
      return;
    case 'NothingToCommit':
      await ctx.prompts.message('info', `${what}: nothing to do — the environment already has that content.`, {});
      return;
    case 'OperationInProgress':
      await ctx.prompts.message('error', `${what}: a merge, rebase, cherry-pick or revert is in progress in this repository. Finish or abort it first.`, { modal: true });
      return;
    case 'AuthorUnknown':
      await ctx.prompts.message('error', `${what}: git does not know who you are.`, { modal: true, detail: 'Set user.name and user.email (git config --global user.name "Your Name"; git config --global user.email you@example.com), then try again.' });
      return;
    case 'BranchMoved':
      await ctx.prompts.message('error', `${what}: the branch moved while the commit was being made; nothing was changed. Try again.`, {});
      return;
    default:
      await ctx.prompts.message('error', `${what} failed: ${errorMessage(error)}`, {}, 'Show Log').then((choice) => choice && ctx.output.show(true));
  }
}

/**
 * reportCommit tells the user a revert or rollback commit was made and how its push went. A
 * rejected or refused push keeps the commit: the message says so and offers the next step —
 * when the remote asked for credentials, typing them and pushing again (gitops/push); otherwise a
 * push through VS Code's Git. `usedStored`: the push used remembered credentials (forgotten when
 * the remote refuses them).
 */
export async function reportCommit(ctx: Ctx, args: { entry: EnvironmentEntry; what: string; commit: string; files: string[]; branch?: string; alsoAffects: string[]; push?: PushOutcomeDto; usedStored?: boolean }): Promise<void> {
  const { entry, push } = args;
  const branch = args.branch?.replace(/^refs\/heads\//, '') ?? 'a detached HEAD';
  void refreshGitStatus(entry.repository.rootUri);
  const also = args.alsoAffects.length > 0 ? ` It also changes ${args.alsoAffects.join(', ')} (shared files).` : '';
  const made = `${args.what}: committed ${shortSha(args.commit)} on ${branch} (${plural(args.files.length, 'file')}).${also}`;
  if (!push) {
    void ctx.prompts.message('info', `${made} Push it to deploy.`, {}, 'Push with Git').then((choice) => {
      if (choice) void pushWithGit(ctx, entry);
    });
    return;
  }
  if (push.ok) {
    void ctx.prompts.message('info', `${made} ${pushedWords(push)}`, {});
    return;
  }
  ctx.output.appendLine(`[client] push after ${shortSha(args.commit)} failed (${push.code}): ${push.message}`);
  if (push.code === 'Authentication') {
    if (args.usedStored) await ctx.pushCredentials.delete(entry.repository.root);
    const refused = args.usedStored ? ' The remembered credentials were refused, so they are forgotten.' : '';
    await askForCredentials(ctx, { repository: entry.repository, outcome: push, prefix: `${made} The commit is kept.${refused} ` });
    return;
  }
  const advice = push.code === 'PushRejected' ? 'The remote has commits you do not have: pull (or fetch and rebase), then push.' : 'Check the remote and your connection, then push.';
  const choice = await ctx.prompts.message('warning', `${made} The push failed: ${push.message}`, { detail: `The commit is kept. ${advice}` }, 'Push with Git', 'Show Log');
  if (choice === 'Push with Git') await pushWithGit(ctx, entry);
  else if (choice === 'Show Log') ctx.output.show(true);
}

/** pushWithGit pushes the current branch through the built-in Git extension (its own credential prompts). */
async function pushWithGit(ctx: Ctx, entry: EnvironmentEntry): Promise<void> {
  const git = await gitRepositoryAt(entry.repository.rootUri);
  if (!git) {
    void ctx.prompts.message('warning', 'VS Code\'s Git extension is not available here: push from a terminal (git push).', {});
    return;
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Pushing…' }, () => git.repository.push());
    void ctx.prompts.message('info', 'Pushed.', {});
    void ctx.model.refreshEnvironment(entry);
  } catch (error) {
    void ctx.prompts.message('error', `The push failed: ${errorMessage(error)}`, {});
  }
}
