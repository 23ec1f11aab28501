import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RepoView } from './RepoView';

/** createFileSystemRepoView answers rules' questions about the repository from the disk. */
export function createFileSystemRepoView(root: string): RepoView {
  let remotes: string[] | undefined;
  return {
    root,
    exists: (absolutePath) => fs.existsSync(absolutePath),
    isDirectory: (absolutePath) => {
      try {
        return fs.statSync(absolutePath).isDirectory();
      } catch {
        return false;
      }
    },
    remoteUrls: () => (remotes ??= readRemoteUrls(root)),
  };
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
