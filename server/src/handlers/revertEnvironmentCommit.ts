import { AuthenticationError } from '../engine/git/errors/AuthenticationError';
import { createProcessCredentialProvider } from '../engine/git/createProcessCredentialProvider';
import type { GitRepository } from '../engine/git/openRepository';
import { pushBranch, type CredentialProvider } from '../engine/git/pushBranch';
import { resolveEnvironmentPaths } from '../engine/git/resolveEnvironmentPaths';
import { revertCommit } from '../engine/git/revertCommit';
import type { PushCredentialsParams, PushOutcomeDto, RevertParams, RevertResult } from '../protocol/dtos';

/**
 * revertEnvironmentCommit answers gitops/revert: commits the revert of a commit (limited to an
 * environment when one is named) on the current branch, then pushes when asked. Conflicts,
 * uncommitted changes in the way and nothing to revert are engine errors and write nothing; a
 * failed push is reported in `push` and keeps the commit.
 */
export async function revertEnvironmentCommit(args: { repo: GitRepository; params: RevertParams; signal?: AbortSignal }): Promise<RevertResult> {
  const { repo, params } = args;
  const environment = params.environment !== undefined ? resolveEnvironmentPaths({ root: repo.dir, name: params.environment }) : undefined;
  const result = await revertCommit({ repo, sha: params.commit, paths: environment?.paths, environmentName: environment?.name });
  return {
    commit: result.sha,
    reverted: result.reverted,
    message: result.message,
    files: result.files,
    ...(result.branch ? { branch: result.branch } : {}),
    alsoAffects: environment ? environment.sharedWith(result.files) : [],
    ...(params.push ? { push: await pushAfterCommit({ repo, credentials: params, signal: args.signal }) } : {}),
  };
}

/**
 * pushAfterCommit pushes the current branch to its remote and says how it went; a failure
 * (rejected, authentication, unreachable) is data, not an error, because the commit was made.
 * Credentials come from the request when it has a password, else from git's credential helper
 * (or GIT_USERNAME / GIT_PASSWORD of the server's environment). They are never logged, and
 * neither the engine's messages nor this result contain the password.
 */
export async function pushAfterCommit(args: { repo: GitRepository; credentials: PushCredentialsParams; signal?: AbortSignal }): Promise<PushOutcomeDto> {
  try {
    const pushed = await pushBranch({ repo: args.repo, credentials: credentialsFrom(args.repo, args.credentials), signal: args.signal });
    return { ok: true, remote: pushed.remote, url: pushed.url, remoteRef: pushed.remoteRef };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { ok: false, code: 'code' in error && typeof error.code === 'string' ? error.code : 'InternalError', message: error.message, ...(error instanceof AuthenticationError ? { url: error.url } : {}) };
  }
}

function credentialsFrom(repo: GitRepository, params: PushCredentialsParams): CredentialProvider {
  const { username, password } = params;
  if (password !== undefined && password !== '') return { get: async () => ({ username: username !== undefined && username !== '' ? username : 'git', password }) };
  return createProcessCredentialProvider({ env: process.env, cwd: repo.dir });
}
