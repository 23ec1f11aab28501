import { commitToHead } from './commitToHead';
import { DirtyWorktreeError } from './errors/DirtyWorktreeError';
import { NothingToCommitError } from './errors/NothingToCommitError';
import { findLocalChanges } from './findLocalChanges';
import { listChangedFiles } from './listChangedFiles';
import { normalizeRepoPaths } from './normalizeRepoPaths';
import type { GitRepository } from './openRepository';
import { readCommitObject } from './readCommitObject';
import { readGitConfigAuthor } from './readGitConfigAuthor';
import { readHeadState } from './readHeadState';
import { resolveRevision } from './resolveRevision';
import { writeTreeWithUpdates } from './writeTreeWithUpdates';

/** RollbackResult is the commit a rollback made. */
export interface RollbackResult {
  sha: string;
  /** The commit whose content was restored (full id). */
  target: string;
  message: string;
  /** Files the rollback commit changed. */
  files: string[];
  branch: string | undefined;
}

/**
 * rollbackPaths makes one commit on the current branch that restores the paths (an
 * environment's inputs) to their content at another commit: files are set to that commit's
 * versions, added if they were deleted since, and deleted if they did not exist then. Nothing
 * outside the paths changes, and history is kept (it is a new commit, not a reset). The work
 * tree and index follow. Refused without writing anything when uncommitted changes touch those
 * files (DirtyWorktreeError), and when the paths already match (NothingToCommitError).
 */
export async function rollbackPaths(args: { repo: GitRepository; paths: readonly string[]; to: string; environmentName?: string; env?: NodeJS.ProcessEnv; now?: Date }): Promise<RollbackResult> {
  const { repo } = args;
  repo.refresh();
  const paths = normalizeRepoPaths(args.paths);
  if (paths.length === 0) throw new NothingToCommitError('no paths to roll back');
  const head = await readHeadState({ repo });
  const target = await readCommitObject({ repo, oid: await resolveRevision({ repo, revision: args.to }) });
  const short = target.oid.slice(0, 12);
  const label = args.environmentName ?? paths.join(', ');
  const changes = await listChangedFiles({ repo, from: head.commit.tree, to: target.tree, paths });
  if (changes.length === 0) throw new NothingToCommitError(`${label} already matches commit ${short}`);
  const updates = changes.map((change) => ({ path: change.path, entry: change.after }));
  const dirty = await findLocalChanges({ repo, headTree: head.commit.tree, files: updates.map((update) => update.path) });
  if (dirty.length > 0) throw new DirtyWorktreeError(dirty, `rolling back ${label}`);
  const identities = readGitConfigAuthor({ repo, env: args.env, now: args.now });
  const message = rollbackMessage({ label, paths, target: target.oid });
  const tree = await writeTreeWithUpdates({ repo, base: head.commit.tree, updates });
  const sha = await commitToHead({ repo, head, tree, message, identities, updates, reflogAction: 'rollback' });
  return { sha, target: target.oid, message, files: updates.map((update) => update.path), branch: head.branch };
}

/** rollbackMessage names the environment (or the paths) and the commit restored. */
export function rollbackMessage(args: { label: string; paths: readonly string[]; target: string }): string {
  const where = args.paths.map((entry) => (entry === '' ? '(the whole repository)' : entry)).join(', ');
  return `Rollback ${args.label} to ${args.target.slice(0, 12)}\n\nRestores ${where} to their content at commit ${args.target}.\n`;
}
