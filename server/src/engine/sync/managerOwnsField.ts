import { asList, asMap } from '../manifests/plainData';

/**
 * managerOwnsField tells whether a field manager's managedFields entries (any operation) own a
 * field: `path` is the field's keys from the root, like ['metadata', 'labels', 'app']. Undefined
 * when the object carries no managedFields at all (the server does not track them), so callers
 * can be careful rather than guess.
 */
export function managerOwnsField(args: { object: Record<string, unknown>; manager: string; path: readonly string[] }): boolean | undefined {
  const entries = asList(asMap(args.object.metadata)?.managedFields);
  if (entries.length === 0) return undefined;
  return entries.some((raw) => {
    const entry = asMap(raw);
    if (!entry || entry.manager !== args.manager) return false;
    let node = asMap(entry.fieldsV1);
    for (const key of args.path) {
      node = asMap(node?.[`f:${key}`]);
      if (!node) return false;
    }
    return true;
  });
}
