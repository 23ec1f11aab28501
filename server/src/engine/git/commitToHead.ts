import * as fs from 'node:fs';
import * as path from 'node:path';
import * as git from 'isomorphic-git';
import { checkoutFiles } from './checkoutFiles';
import { BranchMovedError } from './errors/BranchMovedError';
import type { GitRepository } from './openRepository';
import type { CommitIdentities, GitSignature } from './readGitConfigAuthor';
import type { HeadState } from './readHeadState';
import type { TreeUpdate } from './writeTreeWithUpdates';

/**
 * commitToHead writes a commit on top of HEAD and moves the current branch (or a detached HEAD)
 * to it: the commit object, then the work tree and index for the files that changed, then the
 * ref, and a reflog line like git's. It refuses (BranchMovedError, nothing changed) when HEAD
 * moved since `head` was read, so a concurrent commit is never lost.
 */
export async function commitToHead(args: {
  repo: GitRepository;
  head: HeadState;
  tree: string;
  message: string;
  identities: CommitIdentities;
  /** The files that differ between HEAD's tree and `tree`, to check out. */
  updates: readonly TreeUpdate[];
  /** What the reflog says did it, e.g. "revert". */
  reflogAction: string;
}): Promise<string> {
  const { repo, head } = args;
  const common = { fs: repo.fs, gitdir: repo.gitdir };
  const oid = await git.writeCommit({
    ...common,
    commit: {
      message: args.message,
      tree: args.tree,
      parent: [head.commit.oid],
      author: toIsomorphicSignature(args.identities.author),
      committer: toIsomorphicSignature(args.identities.committer),
    },
  });
  const ref = head.branch ?? 'HEAD';
  const current = await git.resolveRef({ ...common, ref });
  if (current !== head.commit.oid) throw new BranchMovedError(ref, head.commit.oid, current);
  await checkoutFiles({ repo, updates: args.updates });
  await git.writeRef({ ...common, ref, value: oid, force: true });
  const subject = args.message.split('\n')[0];
  appendReflog({ repo, refs: head.branch ? ['HEAD', head.branch] : ['HEAD'], from: head.commit.oid, to: oid, who: args.identities.committer, message: `${args.reflogAction}: ${subject}` });
  return oid;
}

function toIsomorphicSignature(signature: GitSignature): { name: string; email: string; timestamp: number; timezoneOffset: number } {
  // isomorphic-git takes the zone as JavaScript's getTimezoneOffset does: minutes west of UTC;
  // and it writes -0 as "-0000", which git never does, hence `|| 0`.
  return { name: signature.name, email: signature.email, timestamp: signature.timestamp, timezoneOffset: -signature.offsetMinutes || 0 };
}

/**
 * appendReflog adds the line git would add to each ref's reflog, when that reflog exists (git
 * creates them in work trees by default); isomorphic-git does not keep reflogs, and without
 * them `git reflog` could not undo our commits.
 */
function appendReflog(args: { repo: GitRepository; refs: string[]; from: string; to: string; who: GitSignature; message: string }): void {
  const zone = formatZone(args.who.offsetMinutes);
  const line = `${args.from} ${args.to} ${args.who.name} <${args.who.email}> ${args.who.timestamp} ${zone}\t${args.message}\n`;
  for (const ref of args.refs) {
    const file = path.join(args.repo.gitdir, 'logs', ref);
    if (!fs.existsSync(file)) continue;
    try {
      fs.appendFileSync(file, line);
    } catch {
      // A reflog is a convenience; the commit stands without it.
    }
  }
}

/** formatZone renders minutes east of UTC as git does: +0100, -0530. */
export function formatZone(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}
