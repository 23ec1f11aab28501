import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** writeFixtureRepo writes files into a fresh temporary git work tree and returns its path. */
export function writeFixtureRepo(files: Record<string, string | Uint8Array>, options: { git?: boolean; remote?: string } = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-repo-')));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  if (options.git !== false) {
    execFileSync('git', ['init', '-q', '-b', 'main', root]);
    if (options.remote) execFileSync('git', ['-C', root, 'remote', 'add', 'origin', options.remote]);
  }
  return root;
}
