import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RepoView } from './RepoView';

/**
 * createFileSystemRepoView answers rules' questions about the repository from the disk. With
 * `remember` (one-shot validation, which reads every file once too), what a path is, is asked of
 * the disk once: the rules ask about the same directories many times (each kustomization and Flux
 * path, in every environment that holds it).
 */
export function createFileSystemRepoView(root: string, options: { remember?: boolean } = {}): RepoView {
  let remotes: string[] | undefined;
  const remembered = options.remember ? new Map<string, PathKind>() : undefined;
  const kindOf = (absolutePath: string): PathKind => {
    let kind = remembered?.get(absolutePath);
    if (kind === undefined) {
      kind = pathKind(absolutePath);
      remembered?.set(absolutePath, kind);
    }
    return kind;
  };
  return {
    root,
    exists: (absolutePath) => kindOf(absolutePath) !== 'missing',
    isDirectory: (absolutePath) => kindOf(absolutePath) === 'directory',
    remoteUrls: () => (remotes ??= readRemoteUrls(root)),
  };
}

type PathKind = 'directory' | 'other' | 'missing';

/** pathKind is what the disk says a path is: anything that cannot be stat'ed (ENOENT, ENOTDIR, EACCES) is missing. */
function pathKind(absolutePath: string): PathKind {
  try {
    const stats = fs.statSync(absolutePath, { throwIfNoEntry: false });
    return !stats ? 'missing' : stats.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** readRemoteUrls lists the `url =` values of .git/config without running git. */
export function readRemoteUrls(root: string): string[] {
  let gitDir = path.join(root, '.git');
  try {
    if (fs.statSync(gitDir).isFile()) {
      // A worktree or submodule: .git is a file naming the real git directory.
      const pointer = /gitdir:\s*(.+)/.exec(fs.readFileSync(gitDir, 'utf8'));
      if (!pointer) return [];
      gitDir = path.resolve(root, pointer[1].trim());
      const common = path.join(gitDir, 'commondir');
      if (fs.existsSync(common)) gitDir = path.resolve(gitDir, fs.readFileSync(common, 'utf8').trim());
    }
    const config = fs.readFileSync(path.join(gitDir, 'config'), 'utf8');
    const urls: string[] = [];
    let inRemote = false;
    for (const line of config.split(/\r?\n/)) {
      const section = /^\s*\[([^\]]+)\]/.exec(line);
      if (section) {
        // Section and key names are case-insensitive in git config.
        inRemote = /^remote\s+"/i.test(section[1]);
        continue;
      }
      // `(.*)` then trim: a lazy `(.+?)\s*$` backtracks quadratically on long runs of blanks.
      const url = /^\s*(?:url|pushurl)\s*=(.*)$/i.exec(line);
      const value = url?.[1].trim();
      if (inRemote && value) urls.push(value);
    }
    return urls;
  } catch {
    return [];
  }
}
