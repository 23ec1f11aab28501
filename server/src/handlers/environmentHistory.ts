import type { GitRepository } from '../engine/git/openRepository';
import { readHistory } from '../engine/git/readHistory';
import { resolveEnvironmentPaths } from '../engine/git/resolveEnvironmentPaths';
import type { EnvironmentHistoryParams, EnvironmentHistoryResult } from '../protocol/dtos';

/**
 * environmentHistory answers gitops/environmentHistory: one page of the commits that changed the
 * environment's paths and inputs, newest first, as `git log -- <paths>` lists them.
 */
export async function environmentHistory(args: { repo: GitRepository; params: EnvironmentHistoryParams; signal?: AbortSignal }): Promise<EnvironmentHistoryResult> {
  const { repo, params } = args;
  const environment = resolveEnvironmentPaths({ root: repo.dir, name: params.environment });
  const page = await readHistory({ repo, paths: environment.paths, limit: params.limit ?? 50, skip: params.skip ?? 0, signal: args.signal });
  return {
    environment: environment.name,
    paths: environment.paths,
    commits: page.commits.map((commit) => ({
      sha: commit.sha,
      subject: commit.subject,
      author: commit.author,
      authorEmail: commit.authorEmail,
      date: commit.date,
      parents: commit.parents,
      files: commit.files,
    })),
    ...(page.nextSkip !== undefined ? { nextSkip: page.nextSkip } : {}),
  };
}
