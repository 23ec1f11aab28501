import * as git from 'isomorphic-git';
import type { RawObject } from './createObjectReader';
import type { GitRepository } from './openRepository';

/**
 * readRawObject reads an object's type and content: through the repository's fast reader, and
 * through isomorphic-git for whatever that reader does not handle. Missing objects throw
 * isomorphic-git's NotFoundError.
 */
export async function readRawObject(args: { repo: GitRepository; oid: string }): Promise<RawObject> {
  const fast = args.repo.objects().read(args.oid);
  if (fast) return fast;
  const { type, object } = await git.readObject({ fs: args.repo.fs, gitdir: args.repo.gitdir, oid: args.oid, format: 'content', cache: args.repo.cache() });
  return { type: type as RawObject['type'], content: Buffer.from(object as Uint8Array) };
}
