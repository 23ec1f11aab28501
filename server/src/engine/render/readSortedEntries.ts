import * as fs from 'node:fs';

/**
 * readSortedEntries lists a directory's entries in code-unit order (kustomize and Flux read them
 * sorted, so rendering is deterministic); an unreadable directory has none.
 */
export function readSortedEntries(directory: string): fs.Dirent[] {
  try {
    return fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}
