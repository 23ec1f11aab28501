import type { GitRepository } from '../engine/git/openRepository';
import { planRevert } from '../engine/git/planRevert';
import { resolveEnvironmentPaths } from '../engine/git/resolveEnvironmentPaths';
import type { TreeEntry } from '../engine/git/readTreeObject';
import type { PreviewRevertParams, PreviewRevertResult, RevertFileDto } from '../protocol/dtos';

/**
 * previewRevert answers gitops/previewRevert: what reverting a commit on HEAD (limited to an
 * environment when one is named) would do to each file, and whether it conflicts. It writes
 * nothing. Uncommitted changes are not looked at: gitops/revert refuses with DirtyWorktree when
 * they touch the files.
 */
export async function previewRevert(args: { repo: GitRepository; params: PreviewRevertParams }): Promise<PreviewRevertResult> {
  const { repo, params } = args;
  const environment = params.environment !== undefined ? resolveEnvironmentPaths({ root: repo.dir, name: params.environment }) : undefined;
  const plan = await planRevert({ repo, sha: params.commit, paths: environment?.paths, environmentName: environment?.name });
  const conflicts = new Set(plan.conflicts);
  const updates = new Map(plan.updates.map((update) => [update.path, update.entry]));
  const files = plan.changes.map((change): RevertFileDto => {
    const update = updates.get(change.path);
    const outcome = conflicts.has(change.path) ? 'conflict' : !updates.has(change.path) ? 'unchanged' : sameEntry(update, change.after) ? 'revert' : 'merge';
    return { path: change.path, status: change.status, outcome };
  });
  return {
    commit: plan.target.oid,
    head: plan.head.commit.oid,
    ...(plan.head.branch ? { branch: plan.head.branch } : {}),
    message: plan.message,
    partial: plan.partial,
    files,
    conflict: plan.conflicts.length > 0,
    conflicts: plan.conflicts,
    alsoAffects: environment ? environment.sharedWith(plan.changes.map((change) => change.path)) : [],
  };
}

function sameEntry(a: Pick<TreeEntry, 'oid' | 'mode'> | undefined, b: Pick<TreeEntry, 'oid' | 'mode'> | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.oid === b.oid && a.mode === b.mode;
}
