import { asList, asMap, type PlainMap } from '../../manifests/plainData';

/**
 * ownedFieldsOf returns the FieldsV1 tries (`f:<field>`, `k:{json}`, `v:<json>`, `i:<n>`, `.`) of the
 * live object's managedFields entries whose manager is one of `managers` (any operation, any
 * subresource), as Argo CD's managedFieldsManagers does.
 */
export function ownedFieldsOf(args: { managedFields: unknown; managers: readonly string[] }): PlainMap[] {
  const wanted = new Set(args.managers);
  const tries: PlainMap[] = [];
  for (const entry of asList(args.managedFields)) {
    const map = asMap(entry);
    if (!map || typeof map.manager !== 'string' || !wanted.has(map.manager)) continue;
    const fields = asMap(map.fieldsV1);
    if (fields) tries.push(fields);
  }
  return tries;
}
