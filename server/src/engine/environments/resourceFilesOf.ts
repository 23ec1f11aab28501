import * as path from 'node:path';
import type { ManifestIndex } from './ManifestIndex';

/**
 * resourceFilesOf lists the files whose objects a path brings in, the way Flux builds a path: a
 * directory with a kustomization brings its resources, bases and components (recursively); a plain
 * directory brings every YAML file of its tree, a subdirectory with a kustomization coming in as
 * that kustomization; a file brings itself. Patches and generator inputs bring no objects.
 */
export function resourceFilesOf(args: { index: ManifestIndex; absolutePath: string }): string[] {
  const { index } = args;
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (target: string): void => {
    if (seen.has(target)) return;
    seen.add(target);
    if (index.isFile(target)) {
      files.add(target);
      return;
    }
    if (!index.isDirectory(target)) return;
    const kustomizationFile = index.kustomizationIn(target);
    if (kustomizationFile) {
      for (const entry of index.kustomizations.get(kustomizationFile)?.entries ?? []) {
        if (entry.absolutePath && ['resource', 'base', 'component'].includes(entry.role)) visit(entry.absolutePath);
      }
      return;
    }
    const prefix = target + path.sep;
    for (const file of index.byFile.keys()) {
      if (!file.startsWith(prefix)) continue;
      const nested = kustomizationDirectoryBetween(index, target, path.dirname(file));
      if (nested) visit(nested);
      else files.add(file);
    }
  };
  visit(args.absolutePath);
  return [...files].sort();
}

/** The outermost directory below `top` (exclusive) and down to `directory` (inclusive) with a kustomization. */
function kustomizationDirectoryBetween(index: ManifestIndex, top: string, directory: string): string | undefined {
  let found: string | undefined;
  for (let current = directory; current !== top && current.startsWith(top + path.sep); current = path.dirname(current)) {
    if (index.kustomizationIn(current)) found = current;
  }
  return found;
}
