import type { GitRepository } from './openRepository';
import { readCommitObject } from './readCommitObject';
import type { CommitHeader } from './readCommitGraph';

/**
 * readCommitHeader returns a commit's tree, parents and committer time: from the commit-graph
 * when the repository has one that knows the commit (no object is read), else from the commit.
 */
export async function readCommitHeader(args: { repo: GitRepository; oid: string }): Promise<CommitHeader> {
  const { memo } = args.repo;
  const known = memo.headers.get(args.oid);
  if (known) return known;
  let header = args.repo.commitGraph()?.lookup(args.oid);
  if (!header) {
    const commit = await readCommitObject(args);
    header = { oid: commit.oid, tree: commit.tree, parents: commit.parents, committerTime: commit.committer.timestamp };
  }
  memo.headers.set(args.oid, header);
  return header;
}
