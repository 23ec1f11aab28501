import type { Environment } from '../../environments/Environment';
import { listPendingCommits } from '../../git/listPendingCommits';
import type { GitRepository } from '../../git/openRepository';
import { chooseBranchRef } from './chooseBranchRef';

/**
 * countCommitsBehind says, for each commit, how many commits the environment's branch head is
 * ahead of it, whatever they change (`git rev-list --count <sha>..<branch>`); undefined for a
 * commit not in the local repository. It orders the commits several Kustomizations or
 * Applications of one environment run: the largest count is furthest behind.
 */
export async function countCommitsBehind(args: { repo: GitRepository; environment: Environment; shas: readonly string[]; reconciledRef?: string; signal?: AbortSignal }): Promise<Map<string, number | undefined>> {
  const { ref } = await chooseBranchRef({ repo: args.repo, environment: args.environment, reconciledRef: args.reconciledRef });
  const counts = new Map<string, number | undefined>();
  for (const sha of new Set(args.shas)) {
    const result = await listPendingCommits({ repo: args.repo, revision: sha, paths: [], ref, limit: 0, signal: args.signal });
    counts.set(sha, result.behind === undefined ? undefined : result.totalBehind);
  }
  return counts;
}
