import * as git from 'isomorphic-git';
import { CommitNotFoundError } from './errors/CommitNotFoundError';
import type { GitRepository } from './openRepository';
import { readCommitObject, type CommitObject } from './readCommitObject';

/** HeadState is where HEAD points: the branch (undefined when detached) and its commit. */
export interface HeadState {
  /** Full ref name, e.g. "refs/heads/main"; undefined for a detached HEAD. */
  branch: string | undefined;
  commit: CommitObject;
}

/** readHeadState reads HEAD; an unborn branch (no commit yet) is an error for the operations that need one. */
export async function readHeadState(args: { repo: GitRepository }): Promise<HeadState> {
  const { repo } = args;
  const branch = await git.currentBranch({ fs: repo.fs, gitdir: repo.gitdir, fullname: true });
  let oid: string;
  try {
    oid = await git.resolveRef({ fs: repo.fs, gitdir: repo.gitdir, ref: 'HEAD' });
  } catch {
    throw new CommitNotFoundError('HEAD', `HEAD has no commit yet${branch ? ` (${branch} is unborn)` : ''}`);
  }
  return { branch: branch ?? undefined, commit: await readCommitObject({ repo, oid }) };
}
