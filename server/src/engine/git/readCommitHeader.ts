import type { GitRepository } from './openRepository';
import { readCommitObject } from './readCommitObject';
import type { CommitHeader } from './readCommitGraph';

/**
 * readCommitHeader returns a commit's tree, parents and committer time: from the commit-graph
 * when the repository has one that knows the commit (no object is read), else from the commit.
 */
export async function readCommitHeader(args: { repo: GitRepository; oid: string }): Promise<CommitHeader> {
  const known = peekCommitHeader(args);
  if (known) return known;
  const commit = await readCommitObject(args);
  const header = { oid: commit.oid, tree: commit.tree, parents: commit.parents, committerTime: commit.committer.timestamp };
  args.repo.memo.headers.set(args.oid, header);
  return header;
}

/**
 * peekCommitHeader is readCommitHeader without waiting: the header from the memo or the
 * commit-graph, or undefined when the commit itself must be read (then call readCommitHeader).
 * A history walk asks for a header per parent; an await each cost more than the lookup.
 */
export function peekCommitHeader(args: { repo: GitRepository; oid: string }): CommitHeader | undefined {
  const { memo } = args.repo;
  const known = memo.headers.get(args.oid);
  if (known) return known;
  const header = args.repo.commitGraph()?.lookup(args.oid);
  if (header) memo.headers.set(args.oid, header);
  return header;
}
