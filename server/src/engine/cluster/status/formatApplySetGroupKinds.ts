/**
 * formatApplySetGroupKinds renders the `applyset.kubernetes.io/contains-group-kinds` annotation as
 * kubectl does: each member kind as `Kind.group` (just `Kind` for the core group), deduplicated,
 * sorted, joined by ','. An empty list gives '' (the set is empty, which differs from no annotation).
 */
export function formatApplySetGroupKinds(args: { kinds: readonly { group: string; kind: string }[] }): string {
  const names = new Set(args.kinds.map((entry) => (entry.group ? `${entry.kind}.${entry.group}` : entry.kind)));
  return [...names].sort().join(',');
}
