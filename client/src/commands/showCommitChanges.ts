import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommitDto } from '../../../server/src/protocol/dtos';
import type { Ctx } from '../ctx';
import { gitRepositoryAt } from '../git/gitExtension';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { pickCommit } from '../ui/pickCommit';
import { environmentOf } from '../ui/pickEnvironment';
import { shortSha } from '../views/format';
import { isTreeNode } from '../views/TreeNode';

export const showCommitChangesId = 'gitopsWorkbench.showCommitChanges';

/** git's empty tree: the "parent" of a root commit. */
const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * showCommitChanges (GitOps: Show Commit Changes) opens a commit's change to an environment: its
 * files under the environment's paths and inputs, each diffed between the commit's parent and the
 * commit in VS Code's multi-file diff editor (through the built-in Git extension's `git:` documents).
 * Without the Git extension it lists the files in a quick pick and opens the one picked.
 */
export async function showCommitChanges(ctx: Ctx, arg?: unknown): Promise<{ files: string[]; mode: 'diff' | 'list' } | undefined> {
  let entry: EnvironmentEntry | undefined;
  let commit: CommitDto | undefined;
  if (isTreeNode(arg) && arg.type === 'commit') {
    entry = arg.entry;
    commit = arg.commit;
  } else {
    entry = await environmentOf(ctx, arg, 'GitOps: Show Commit Changes');
    if (!entry) return undefined;
    commit = (await pickCommit(ctx, entry, { title: `GitOps: Show Commit Changes — ${entry.environment.name}`, placeHolder: 'Commit' }))?.commit;
  }
  if (!commit) return undefined;
  const root = entry.repository.root;
  const title = `${shortSha(commit.sha)} ${commit.subject} (${entry.environment.name})`;
  if (commit.files.length === 0) {
    void ctx.prompts.message('info', `${title}: the commit changes no file of the environment.`, {});
    return { files: [], mode: 'list' };
  }
  const git = await gitRepositoryAt(entry.repository.rootUri);
  if (git) {
    const parent = commit.parents[0] ?? emptyTree;
    const resources = commit.files.map((file) => {
      const uri = vscode.Uri.file(path.join(root, file));
      return [uri, git.api.toGitUri(uri, parent), git.api.toGitUri(uri, commit!.sha)] as [vscode.Uri, vscode.Uri, vscode.Uri];
    });
    await vscode.commands.executeCommand('vscode.changes', title, resources);
    return { files: commit.files, mode: 'diff' };
  }
  const picked = await ctx.prompts.quickPick(
    commit.files.map((file) => ({ label: path.basename(file), description: path.dirname(file), file })),
    { title, placeHolder: 'Files this commit changed in the environment (opens the current version)' },
  );
  if (picked) await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, picked.file)), { preview: true });
  return { files: commit.files, mode: 'list' };
}
