import * as fs from 'node:fs';
import * as path from 'node:path';

/** findRepositoryRoot returns the enclosing git work tree of a path, or undefined outside git. */
export function findRepositoryRoot(start: string): string | undefined {
  let directory = path.resolve(start);
  try {
    if (!fs.statSync(directory).isDirectory()) directory = path.dirname(directory);
  } catch {
    directory = path.dirname(directory);
  }
  for (;;) {
    if (fs.existsSync(path.join(directory, '.git'))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
