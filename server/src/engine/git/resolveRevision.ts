import * as git from 'isomorphic-git';
import { CommitNotFoundError } from './errors/CommitNotFoundError';
import type { RawObject } from './createObjectReader';
import type { GitRepository } from './openRepository';
import { readRawObject } from './readRawObject';
import { readCommitObject } from './readCommitObject';
import { resolveRef } from './resolveRef';

/**
 * resolveRevision turns a revision into a commit id: a full or abbreviated id, HEAD, a branch,
 * a tag (peeled to its commit) or a full ref name, optionally followed by `~N` / `^N` steps as
 * in git. With `allowMissingHead`, HEAD on an unborn branch resolves to undefined.
 * `knownCommit` may say that an id is a commit (the history cache knows it), which spares
 * reading the object to peel it.
 */
export async function resolveRevision(args: { repo: GitRepository; revision: string; allowMissingHead: true; knownCommit?: (oid: string) => boolean }): Promise<string | undefined>;
export async function resolveRevision(args: { repo: GitRepository; revision: string; allowMissingHead?: false; knownCommit?: (oid: string) => boolean }): Promise<string>;
export async function resolveRevision(args: { repo: GitRepository; revision: string; allowMissingHead?: boolean; knownCommit?: (oid: string) => boolean }): Promise<string | undefined> {
  const { repo, revision } = args;
  const match = /^(.*?)((?:[~^]\d*)*)$/.exec(revision.trim());
  const base = match?.[1] ?? '';
  const steps = match?.[2] ?? '';
  if (base === '') throw new CommitNotFoundError(revision);
  let oid = await resolveBase(repo, base, args.allowMissingHead === true && steps === '', args.knownCommit);
  if (oid === undefined) return undefined;
  for (const step of steps.match(/[~^]\d*/g) ?? []) {
    const count = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step.startsWith('~')) {
      for (let index = 0; index < count; index++) oid = await parentOf(repo, oid, 0, revision);
    } else if (count > 0) {
      oid = await parentOf(repo, oid, count - 1, revision);
    }
  }
  return oid;
}

async function parentOf(repo: GitRepository, oid: string, index: number, revision: string): Promise<string> {
  const commit = await readCommitObject({ repo, oid });
  const parent = commit.parents[index];
  if (parent === undefined) throw new CommitNotFoundError(revision, `"${revision}" goes past the parents of ${oid.slice(0, 12)}`);
  return parent;
}

async function resolveBase(repo: GitRepository, base: string, allowMissingHead: boolean, knownCommit: ((oid: string) => boolean) | undefined): Promise<string | undefined> {
  const common = { fs: repo.fs, gitdir: repo.gitdir };
  let oid: string | undefined;
  try {
    oid = resolveRef({ gitdir: repo.gitdir, ref: base });
  } catch {
    oid = undefined;
  }
  if (oid === undefined) {
    if (base === 'HEAD' && allowMissingHead) return undefined;
    if (!/^[0-9a-f]{4,40}$/i.test(base)) throw new CommitNotFoundError(base);
    // Abbreviated ids are expanded with the object reader: isomorphic-git's expandOid would load
    // every pack index first, a noticeable part of a CLI revert on a big repository.
    const matches = repo.objects().expand(base, 2);
    if (matches.length > 1) throw new CommitNotFoundError(base, `"${base}" is ambiguous: give more digits of the commit id`);
    if (matches.length === 1) oid = matches[0];
    else {
      try {
        oid = await git.expandOid({ ...common, oid: base.toLowerCase(), cache: repo.cache() });
      } catch (error) {
        const ambiguous = error instanceof Error && 'code' in error && error.code === 'AmbiguousError';
        throw new CommitNotFoundError(base, ambiguous ? `"${base}" is ambiguous: give more digits of the commit id` : undefined);
      }
    }
  }
  if (knownCommit?.(oid)) return oid;
  // Peel annotated tags down to what they point at.
  for (let depth = 0; depth < 10; depth++) {
    let read: RawObject;
    try {
      read = await readRawObject({ repo, oid });
    } catch {
      throw new CommitNotFoundError(base);
    }
    if (read.type === 'commit') return oid;
    const target = read.type === 'tag' ? /^object ([0-9a-f]{40})$/m.exec(read.content.toString('utf8')) : null;
    if (!target) throw new CommitNotFoundError(base, `"${base}" is a ${read.type}, not a commit`);
    oid = target[1];
  }
  throw new CommitNotFoundError(base);
}
