import type { GitRepository } from '../engine/git/openRepository';
import { readHistory } from '../engine/git/readHistory';
import { resolveEnvironmentPaths } from '../engine/git/resolveEnvironmentPaths';
import type { EnvironmentHistoryParams, EnvironmentHistoryResult } from '../protocol/dtos';
import { invalidParams } from './registerRepositoryHandlers';

/**
 * environmentHistory answers gitops/environmentHistory: one page of the commits that changed the
 * environment's paths and inputs, newest first, as `git log -- <paths>` lists them.
 */
export async function environmentHistory(args: { repo: GitRepository; params: EnvironmentHistoryParams; signal?: AbortSignal }): Promise<EnvironmentHistoryResult> {
  const { repo, params } = args;
  const limit = params.limit ?? 50;
  const skip = params.skip ?? 0;
  if (!Number.isInteger(limit) || limit < 1) throw invalidParams(`limit must be an integer ≥ 1, not ${JSON.stringify(params.limit)}`);
  if (!Number.isInteger(skip) || skip < 0) throw invalidParams(`skip must be an integer ≥ 0, not ${JSON.stringify(params.skip)}`);
  const environment = resolveEnvironmentPaths({ root: repo.dir, name: params.environment });
  const page = await readHistory({ repo, paths: environment.paths, limit, skip, signal: args.signal });
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
