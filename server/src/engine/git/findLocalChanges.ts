import * as fs from 'node:fs';
import * as path from 'node:path';
import * as git from 'isomorphic-git';
import { OperationInProgressError } from './errors/OperationInProgressError';
import type { GitRepository } from './openRepository';

const inProgressMarkers: Array<[string, string]> = [
  ['MERGE_HEAD', 'merge'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['REVERT_HEAD', 'revert'],
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase or am'],
];

/**
 * findLocalChanges returns which of the given files have uncommitted changes: staged or
 * unstaged edits, deletions, or an untracked file where HEAD has none. An operation that
 * rewrites these files would lose the changes. It throws OperationInProgressError while a
 * merge, rebase, cherry-pick or revert is unfinished, as git refuses then too.
 */
export async function findLocalChanges(args: { repo: GitRepository; files: readonly string[] }): Promise<string[]> {
  const { repo } = args;
  for (const [marker, operation] of inProgressMarkers) {
    if (fs.existsSync(path.join(repo.gitdir, marker))) throw new OperationInProgressError(operation);
  }
  if (args.files.length === 0) return [];
  const wanted = new Set(args.files);
  // statusMatrix filters by path prefix, so "a.yaml" also brings "a.yaml.bak": keep exact matches.
  const rows = await git.statusMatrix({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, filepaths: [...wanted], cache: repo.cache() });
  const dirty: string[] = [];
  for (const [file, head, workdir, stage] of rows) {
    if (!wanted.has(file)) continue;
    // [1, 1, 1] is unchanged; every other combination is a change of some kind.
    if (!(head === 1 && workdir === 1 && stage === 1)) dirty.push(file);
  }
  return dirty.sort();
}
