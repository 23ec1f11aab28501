import type { Environment } from '../../environments/Environment';
import { listPendingCommits, type PendingCommits } from '../../git/listPendingCommits';
import type { GitRepository } from '../../git/openRepository';
import { chooseBranchRef } from './chooseBranchRef';
import type { ReconciledRevision } from './ReconciledRevision';

/**
 * readPendingCommits says how many commits, and which, an environment's branch head is ahead of
 * its reconciled commit, counting only those that change the environment's paths or inputs
 * (`git log <reconciled>..<branch> -- <paths and inputs>`). The branch is chosen by
 * chooseBranchRef. No reconciled commit, or one not in the local repository, gives
 * `behind: undefined` (unknown, not zero) with a message.
 */
export async function readPendingCommits(args: { repo: GitRepository; environment: Environment; reconciled: Pick<ReconciledRevision, 'revision' | 'ref' | 'message' | 'source'>; limit?: number; signal?: AbortSignal }): Promise<PendingCommits> {
  const { repo, environment, reconciled } = args;
  const branch = await chooseBranchRef({ repo, environment, reconciledRef: reconciled.ref });
  if (reconciled.revision === undefined) {
    const why = reconciled.source === null ? 'no reconciler applies this environment' : 'the reconciled commit is unknown';
    return { behind: undefined, pending: [], ref: branch.ref, message: reconciled.message ? `${why}: ${reconciled.message}` : why };
  }
  const result = await listPendingCommits({
    repo,
    revision: reconciled.revision,
    paths: [...environment.paths, ...environment.inputs],
    ref: branch.ref,
    signal: args.signal,
    ...(args.limit !== undefined ? { limit: args.limit } : {}),
  });
  if (branch.note) result.message = result.message ? `${branch.note}; ${result.message}` : branch.note;
  return result;
}
