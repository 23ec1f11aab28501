import type { FluxInventoryEntry } from './ReconciledRevision';

/**
 * parseFluxInventoryId takes apart a Flux inventory id, `<namespace>_<name>_<group>_<kind>`
 * (fluxcd/pkg ObjMetadata): namespace and group may be empty (`_ns_` for a Namespace,
 * `shop_web__Service` for a core kind), and '__' inside a name stands for ':' (RBAC names such as
 * `system:metrics`). Names and namespaces cannot contain '_' (DNS names), so the split is exact.
 * Returns undefined for an id of another shape.
 */
export function parseFluxInventoryId(args: { id: string; version?: string }): FluxInventoryEntry | undefined {
  const { id } = args;
  // Kind and group are the last two fields (neither contains '_'); namespace is the first.
  const kindAt = id.lastIndexOf('_');
  if (kindAt <= 0) return undefined;
  const kind = id.slice(kindAt + 1);
  const groupAt = id.lastIndexOf('_', kindAt - 1);
  if (groupAt <= 0) return undefined;
  const group = id.slice(groupAt + 1, kindAt);
  const namespaceEnd = id.indexOf('_');
  if (namespaceEnd >= groupAt) return undefined;
  const namespace = id.slice(0, namespaceEnd);
  const name = id.slice(namespaceEnd + 1, groupAt).replace(/__/g, ':');
  if (kind === '' || name === '' || name.includes('_')) return undefined;
  return { id, namespace, name, group, kind, ...(args.version ? { version: args.version } : {}) };
}
