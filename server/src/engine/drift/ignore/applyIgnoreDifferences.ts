import type { IgnoreDifference } from '../../config/RepoConfig';
import type { PlainMap } from '../../manifests/plainData';
import { matchesIgnoreDifference } from './matchesIgnoreDifference';
import { ownedFieldsOf } from './ownedFieldsOf';
import { parseJqPath } from './parseJqPath';
import { removeJqPath } from './removeJqPath';
import { removeJsonPointer } from './removeJsonPointer';

/**
 * applyIgnoreDifferences applies the `ignoreDifferences` entries that match an object: JSON pointers and
 * jq paths are removed, in place, from both the desired and the live copy (each side resolves its own
 * list indexes, as in Argo CD); it returns the FieldsV1 tries of the live managedFields entries of the
 * named managers, whose differing fields the caller then ignores. Entries that ignoreDifferenceProblems
 * reports are skipped.
 */
export function applyIgnoreDifferences(args: {
  ignoreDifferences: readonly IgnoreDifference[];
  object: { group: string; kind: string; name: string; namespace?: string };
  desired: PlainMap;
  live: PlainMap;
  managedFields: unknown;
}): { ownedByIgnoredManagers: PlainMap[] } {
  const managers: string[] = [];
  for (const rule of args.ignoreDifferences) {
    if (!matchesIgnoreDifference({ rule, object: args.object })) continue;
    for (const pointer of rule.jsonPointers ?? []) {
      if (typeof pointer !== 'string') continue;
      removeJsonPointer({ object: args.desired, pointer });
      removeJsonPointer({ object: args.live, pointer });
    }
    for (const expression of rule.jqPathExpressions ?? []) {
      if (typeof expression !== 'string') continue;
      const parsed = parseJqPath(expression);
      if (!parsed.value) continue;
      removeJqPath({ object: args.desired, path: parsed.value });
      removeJqPath({ object: args.live, path: parsed.value });
    }
    for (const manager of rule.managedFieldsManagers ?? []) if (typeof manager === 'string' && manager !== '') managers.push(manager);
  }
  return { ownedByIgnoredManagers: managers.length > 0 ? ownedFieldsOf({ managedFields: args.managedFields, managers }) : [] };
}
