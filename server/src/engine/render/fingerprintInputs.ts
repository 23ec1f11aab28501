import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files changed this recently are hashed: their mtime may not yet tell a later edit apart (git's "racy clean"). */
const racyWindowMs = 3000;

/**
 * fingerprintInputs hashes what an environment's render depends on: for every file under the
 * inputs (directories walked, `.git` and node_modules skipped) its path, size and mtime, and its
 * content when it changed within the last few seconds (a same-size edit within the file system's
 * timestamp granularity would otherwise go unseen). Missing inputs count as missing.
 * Uncommitted changes are therefore seen; git tree ids are not used here.
 */
export function fingerprintInputs(args: { root: string; inputs: readonly string[]; now?: number }): string {
  const hash = createHash('sha256');
  const now = args.now ?? Date.now();
  const visit = (absolutePath: string, relative: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolutePath);
    } catch {
      hash.update(`missing ${relative}\n`);
      return;
    }
    if (stat.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(absolutePath).sort();
      } catch {
        names = [];
      }
      hash.update(`dir ${relative}\n`);
      for (const name of names) if (name !== '.git' && name !== 'node_modules') visit(path.join(absolutePath, name), `${relative}/${name}`);
      return;
    }
    hash.update(`file ${relative} ${stat.size} ${stat.mtimeMs}\n`);
    if (now - stat.mtimeMs < racyWindowMs) {
      try {
        hash.update(fs.readFileSync(absolutePath));
      } catch {
        hash.update('unreadable');
      }
    }
  };
  for (const input of args.inputs) visit(path.resolve(args.root, input), input);
  return hash.digest('hex');
}
