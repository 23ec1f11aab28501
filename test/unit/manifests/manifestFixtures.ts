import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestDocument } from '../../../server/src/engine/manifests/ManifestDocument';
import { parseManifestText } from '../../../server/src/engine/manifests/parseManifestText';

/** projectRoot is the checkout (tests run from out/test/unit/manifests). */
export const projectRoot = path.resolve(__dirname, '../../../..');

/** fixturePath names a file or folder under test/fixtures/manifests/. */
export function fixturePath(...parts: string[]): string {
  return path.join(projectRoot, 'test', 'fixtures', 'manifests', ...parts);
}

export function fixtureText(...parts: string[]): string {
  return fs.readFileSync(fixturePath(...parts), 'utf8');
}

/** yamlFilesUnder lists the *.yaml and *.yml files below a directory, at any depth. */
export function yamlFilesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** documentsOf parses a text as the file `file` and returns its documents. */
export function documentsOf(text: string, file = '/repo/manifest.yaml'): ManifestDocument[] {
  return parseManifestText({ file, text }).documents;
}

/** seededRandom is a small deterministic PRNG (mulberry32): the same seed, the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
