import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/startLanguageServer';
import { writeFixtureRepo } from '../../support/writeFixtureRepo';

/** fixtureRepoDirectory is where the realistic fixture repositories live (test/fixtures/repos/<name>). */
export function fixtureRepoDirectory(name: string): string {
  return path.join(repoRoot, 'test', 'fixtures', 'repos', name);
}

/** copyFixtureRepo copies a fixture repository into a fresh temporary git work tree (with an origin remote when given). */
export function copyFixtureRepo(name: string, options: { remote?: string } = {}): string {
  const files: Record<string, Uint8Array> = {};
  const source = fixtureRepoDirectory(name);
  const walk = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(source, full).split(path.sep).join('/')] = fs.readFileSync(full);
    }
  };
  walk(source);
  return writeFixtureRepo(files, options);
}
