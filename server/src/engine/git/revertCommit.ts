import * as git from 'isomorphic-git';
import { commitToHead } from './commitToHead';
import { ConflictError } from './errors/ConflictError';
import { DirtyWorktreeError } from './errors/DirtyWorktreeError';
import { findLocalChanges } from './findLocalChanges';
import type { GitRepository } from './openRepository';
import { planRevert } from './planRevert';
import { readGitConfigAuthor } from './readGitConfigAuthor';
import { writeTreeWithUpdates } from './writeTreeWithUpdates';

/** RevertResult is the commit a revert made. */
export interface RevertResult {
  /** The new commit. */
  sha: string;
  /** The reverted commit (full id). */
  reverted: string;
  message: string;
  /** Files the revert commit changed. */
  files: string[];
  /** The branch that moved ("refs/heads/main"), undefined on a detached HEAD. */
  branch: string | undefined;
}

/**
 * revertCommit commits, on the current branch, the revert of a commit (whole, or limited to
 * some paths: an environment's files, named by `environmentName` in the message), with
 * `git revert`'s message and the configured author,
 * and updates the work tree and index for the files it changed. It writes nothing when:
 * - uncommitted changes touch a file the revert concerns (DirtyWorktreeError; changes elsewhere
 *   are fine and are kept);
 * - the revert conflicts with later changes (ConflictError listing the files);
 * - there is nothing to revert (NothingToCommitError).
 * `env` supplies GIT_AUTHOR_* and friends (default: process.env).
 */
export async function revertCommit(args: { repo: GitRepository; sha: string; paths?: readonly string[]; environmentName?: string; env?: NodeJS.ProcessEnv; now?: Date }): Promise<RevertResult> {
  const { repo } = args;
  const plan = await planRevert({ repo, sha: args.sha, paths: args.paths, environmentName: args.environmentName });
  const touched = [...new Set([...plan.changes.map((change) => change.path), ...plan.updates.map((update) => update.path)])];
  const dirty = await findLocalChanges({ repo, headTree: plan.head.commit.tree, files: touched });
  if (dirty.length > 0) throw new DirtyWorktreeError(dirty, `reverting ${plan.target.oid.slice(0, 12)}`);
  if (plan.conflicts.length > 0) throw new ConflictError(plan.conflicts, `reverting ${plan.target.oid.slice(0, 12)}`);
  const identities = readGitConfigAuthor({ repo, env: args.env, now: args.now });
  for (const content of plan.mergedBlobs.values()) await git.writeBlob({ fs: repo.fs, gitdir: repo.gitdir, blob: content });
  const tree = await writeTreeWithUpdates({ repo, base: plan.head.commit.tree, updates: plan.updates });
  const sha = await commitToHead({ repo, head: plan.head, tree, message: plan.message, identities, updates: plan.updates, reflogAction: 'revert' });
  return { sha, reverted: plan.target.oid, message: plan.message, files: plan.updates.map((update) => update.path), branch: plan.head.branch };
}
