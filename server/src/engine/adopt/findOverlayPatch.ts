import * as path from 'node:path';
import type { FieldPath } from '../drift/FieldPath';
import { asList, asMap, asText } from '../manifests/plainData';
import { findPlainValue } from './findPlainValue';
import type { ObjectKind } from './matchesListKey';
import { parseYamlFile, type YamlFileDocument } from './parseYamlFile';

/** OverlayPatch is a strategic-merge patch document of an overlay that declares a field. */
export interface OverlayPatch {
  /** Repository-relative patch file. */
  file: string;
  text: string;
  document: YamlFileDocument;
  /** The value the patch gives the field. */
  value: unknown;
}

function targetMatches(target: Record<string, unknown>, kind: string, names: readonly string[]): boolean {
  const targetKind = asText(target.kind);
  const targetName = asText(target.name);
  if (targetKind !== undefined && targetKind !== kind) return false;
  if (targetName === undefined) return true;
  try {
    const pattern = new RegExp(`^(?:${targetName})$`);
    return names.some((name) => pattern.test(name));
  } catch {
    return names.includes(targetName);
  }
}

/**
 * findOverlayPatch finds the strategic-merge patch file of an overlay kustomization that sets a field
 * of an object last (patchesStrategicMerge first, then patches, in order, as kustomize applies them):
 * a patch document of the object's kind naming it (or matched by the entry's `target`) that declares
 * the field. Inline patches and JSON 6902 patches are not considered. Undefined when no patch file of
 * the overlay declares the field.
 */
export function findOverlayPatch(args: {
  kustomization: unknown;
  /** Repository-relative overlay directory. */
  directory: string;
  object: ObjectKind;
  /** The names the object may have in a patch: as declared, and as rendered. */
  names: readonly string[];
  path: FieldPath;
  readFile: (file: string) => string | undefined;
}): OverlayPatch | undefined {
  const kustomization = asMap(args.kustomization) ?? {};
  const entries: { file: string; target?: Record<string, unknown> }[] = [];
  for (const entry of asList(kustomization.patchesStrategicMerge)) {
    if (typeof entry === 'string' && !/[\n:{]/.test(entry.trim())) entries.push({ file: entry.trim() });
  }
  for (const entry of asList(kustomization.patches)) {
    const map = asMap(entry);
    const file = asText(map?.path);
    if (file && map?.patch === undefined) entries.push({ file, ...(asMap(map?.target) ? { target: asMap(map?.target) } : {}) });
  }
  let found: OverlayPatch | undefined;
  for (const entry of entries) {
    const file = path.posix.normalize(path.posix.join(args.directory === '.' ? '' : args.directory, entry.file));
    if (file.startsWith('../')) continue;
    const text = args.readFile(file);
    if (text === undefined) continue;
    for (const document of parseYamlFile({ text }).documents) {
      const value = asMap(document.value);
      if (!value) continue;
      const named = document.identity?.kind === args.object.kind && args.names.includes(document.identity.name);
      if (!(entry.target ? targetMatches(entry.target, args.object.kind, args.names) && (document.identity === undefined || named) : named)) continue;
      const lookup = findPlainValue({ value, path: args.path, object: args.object });
      if (lookup.found) found = { file, text, document, value: lookup.value };
    }
  }
  return found;
}
