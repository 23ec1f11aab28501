import * as fs from 'node:fs';
import * as path from 'node:path';
import * as git from 'isomorphic-git';
import type { GitRepository } from './openRepository';
import { readRawObject } from './readRawObject';
import type { TreeUpdate } from './writeTreeWithUpdates';

/**
 * checkoutFiles makes the work tree and the index match a commit for the files it changed (the
 * rest is left alone): removed files are deleted (and directories left empty), new and changed
 * files are written with their mode, and each index entry is refreshed from the file just
 * written, so `git status` is clean for them afterwards. Callers check first that none of these
 * files has uncommitted changes.
 */
export async function checkoutFiles(args: { repo: GitRepository; updates: readonly TreeUpdate[] }): Promise<void> {
  const { repo } = args;
  const common = { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache() };
  // Removals first: a file may give way to a directory of the same name, or the reverse.
  for (const update of args.updates) {
    if (update.entry) continue;
    const file = path.join(repo.dir, update.path);
    fs.rmSync(file, { force: true, recursive: true });
    removeEmptyParents(repo.dir, path.dirname(file));
    await git.updateIndex({ ...common, filepath: update.path, remove: true, force: true });
  }
  for (const update of args.updates) {
    const entry = update.entry;
    if (!entry) continue;
    const file = path.join(repo.dir, update.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (entry.type === 'commit') {
      // A submodule: record the commit in the index; its checkout is the submodule's business.
      fs.mkdirSync(file, { recursive: true });
      await git.updateIndex({ ...common, filepath: update.path, oid: entry.oid, mode: 0o160000, add: true });
      continue;
    }
    const { content } = await readRawObject({ repo, oid: entry.oid });
    if (isDirectory(file)) fs.rmSync(file, { recursive: true, force: true });
    if (entry.mode === '120000') {
      fs.rmSync(file, { force: true });
      fs.symlinkSync(content.toString('utf8'), file);
    } else {
      if (isSymlink(file)) fs.rmSync(file, { force: true });
      fs.writeFileSync(file, content);
      setExecutable(file, entry.mode === '100755');
    }
    await git.updateIndex({ ...common, filepath: update.path, add: true });
  }
}

/** setExecutable adds "x where r" or removes every x bit, as git does, leaving the umask's choices alone. */
function setExecutable(file: string, executable: boolean): void {
  const mode = fs.statSync(file).mode & 0o777;
  const wanted = executable ? mode | ((mode & 0o444) >> 2) : mode & ~0o111;
  if (wanted !== mode) fs.chmodSync(file, wanted);
}

function removeEmptyParents(root: string, directory: string): void {
  let current = directory;
  while (current.startsWith(`${root}${path.sep}`)) {
    try {
      fs.rmdirSync(current);
    } catch {
      return;
    }
    current = path.dirname(current);
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
