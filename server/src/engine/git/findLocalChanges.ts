import * as fs from 'node:fs';
import * as path from 'node:path';
import * as git from 'isomorphic-git';
import { OperationInProgressError } from './errors/OperationInProgressError';
import type { GitRepository } from './openRepository';
import { resolvePathEntry } from './resolvePathEntry';

const inProgressMarkers: Array<[string, string]> = [
  ['MERGE_HEAD', 'merge'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['REVERT_HEAD', 'revert'],
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase or am'],
];

/**
 * findLocalChanges returns which of the given files have uncommitted changes against HEAD's
 * tree: staged or unstaged edits, mode changes, deletions, or a file (untracked or ignored)
 * where HEAD has none. An operation that rewrites these files would lose the changes. It throws
 * OperationInProgressError while a merge, rebase, cherry-pick or revert is unfinished, as git
 * refuses then too. It only reads: the index's bytes stay as they are, and HEAD's entries come
 * from the repository's object reader (isomorphic-git's statusMatrix would load every pack
 * index to walk HEAD, which was most of a revert's time on a big repository).
 */
export async function findLocalChanges(args: { repo: GitRepository; headTree: string; files: readonly string[] }): Promise<string[]> {
  const { repo } = args;
  for (const [marker, operation] of inProgressMarkers) {
    if (fs.existsSync(path.join(repo.gitdir, marker))) throw new OperationInProgressError(operation);
  }
  if (args.files.length === 0) return [];
  const wanted = new Set(args.files);
  const directories = new Set<string>();
  for (const file of wanted) {
    const parts = file.split('/');
    for (let length = 1; length < parts.length; length++) directories.add(parts.slice(0, length).join('/'));
  }
  const seen = new Map<string, { stage?: { oid: string; mode: number }; workdir?: { oid: string; mode: number } }>();
  await git.walk({
    fs: repo.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    cache: repo.cache(),
    trees: [git.STAGE(), git.WORKDIR({ refresh: false })],
    map: async (filepath, [stage, workdir]) => {
      if (filepath === '.') return true;
      if (!wanted.has(filepath)) return directories.has(filepath) ? true : null;
      const read = async (entry: git.WalkerEntry | null) => {
        if (!entry || (await entry.type()) === 'tree') return undefined;
        return { oid: await entry.oid(), mode: await entry.mode() };
      };
      seen.set(filepath, { stage: await read(stage), workdir: await read(workdir) });
      // A directory where a file is wanted holds files that would be lost too.
      if (workdir && (await workdir.type()) === 'tree') seen.set(filepath, { ...seen.get(filepath), workdir: { oid: 'directory', mode: 0 } });
      return null;
    },
  });
  const dirty: string[] = [];
  for (const file of [...wanted].sort()) {
    const head = await resolvePathEntry({ repo, tree: args.headTree, path: file });
    const headState = head && head.type !== 'tree' ? { oid: head.oid, mode: parseInt(head.mode, 8) } : undefined;
    const { stage, workdir } = seen.get(file) ?? {};
    if (!same(headState, stage) || !same(stage, workdir)) dirty.push(file);
  }
  return dirty;
}

function same(a: { oid: string; mode: number } | undefined, b: { oid: string; mode: number } | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.oid === b.oid && a.mode === b.mode;
}
