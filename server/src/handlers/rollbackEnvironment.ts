import type { GitRepository } from '../engine/git/openRepository';
import { resolveEnvironmentPaths } from '../engine/git/resolveEnvironmentPaths';
import { rollbackPaths } from '../engine/git/rollbackPaths';
import type { RollbackParams, RollbackResult } from '../protocol/dtos';
import { pushAfterCommit } from './revertEnvironmentCommit';

/**
 * rollbackEnvironment answers gitops/rollback: one commit on the current branch that brings the
 * environment's paths and inputs back to their content at a commit (history is kept), then a
 * push when asked. Uncommitted changes in the way and nothing to roll back are engine errors
 * and write nothing; a failed push is reported in `push` and keeps the commit.
 */
export async function rollbackEnvironment(args: { repo: GitRepository; params: RollbackParams; signal?: AbortSignal }): Promise<RollbackResult> {
  const { repo, params } = args;
  const environment = resolveEnvironmentPaths({ root: repo.dir, name: params.environment });
  const result = await rollbackPaths({ repo, paths: environment.paths, to: params.to, environmentName: environment.name });
  return {
    commit: result.sha,
    target: result.target,
    message: result.message,
    files: result.files,
    ...(result.branch ? { branch: result.branch } : {}),
    alsoAffects: environment.sharedWith(result.files),
    ...(params.push ? { push: await pushAfterCommit({ repo, credentials: params, signal: args.signal }) } : {}),
  };
}
