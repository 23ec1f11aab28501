import { applySetPartOfLabel } from '../drift/ownershipLabels';
import { asList, asMap, type PlainMap } from '../manifests/plainData';
import { otherOwnerOf } from './otherOwnerOf';

const pruneOptOuts: Array<{ key: string; disables: (value: string) => boolean }> = [
  { key: 'kustomize.toolkit.fluxcd.io/prune', disables: (value) => value.toLowerCase() === 'disabled' },
  { key: 'argocd.argoproj.io/sync-options', disables: (value) => value.split(',').some((option) => option.trim() === 'Prune=false') },
  { key: 'helm.sh/resource-policy', disables: (value) => value === 'keep' },
];

/**
 * pruneVerdict decides whether one live member of the environment's ApplySet that Git no longer
 * declares may be deleted: `{ prune }` with the reason, or `{ keep }` with why not. Kept are
 * objects being deleted already; made by a controller (a controller ownerReference: garbage
 * collection removes them with their owner); marked by another reconciler (see otherOwnerOf);
 * opted out of pruning (`kustomize.toolkit.fluxcd.io/prune: disabled`, `argocd.argoproj.io/
 * sync-options: Prune=false`, `helm.sh/resource-policy: keep`); never applied by `fieldManager`
 * (the label was copied, not written by a sync); or also declared by someone else (another
 * server-side apply manager, or kubectl's client-side last-applied annotation).
 */
export function pruneVerdict(args: { object: PlainMap; fieldManager: string }): { prune: string } | { keep: string } {
  const { object, fieldManager } = args;
  const metadata = asMap(object.metadata) ?? {};
  if (typeof metadata.deletionTimestamp === 'string') return { keep: 'already being deleted' };
  const controller = asList(metadata.ownerReferences).map(asMap).find((reference) => reference?.controller === true);
  if (controller) return { keep: `made by its controller ${String(controller.kind)} ${String(controller.name)}: deleted with it` };
  const owner = otherOwnerOf({ object, fieldManager });
  if (owner) return { keep: `also claimed by ${owner}` };
  for (const source of [asMap(metadata.annotations) ?? {}, asMap(metadata.labels) ?? {}]) {
    for (const optOut of pruneOptOuts) {
      const value = source[optOut.key];
      if (typeof value === 'string' && optOut.disables(value)) return { keep: `pruning disabled (${optOut.key}: ${value})` };
    }
  }
  const managers = asList(metadata.managedFields).map(asMap).filter((entry): entry is PlainMap => entry !== undefined);
  if (managers.length > 0 && !managers.some((entry) => entry.manager === fieldManager)) {
    return { keep: `GitOps Workbench never applied it (no managedFields entry of ${fieldManager}): its ${applySetPartOfLabel} label was set by something else` };
  }
  const otherAppliers = [...new Set(managers.filter((entry) => entry.operation === 'Apply' && entry.manager !== fieldManager).map((entry) => String(entry.manager)))];
  if (otherAppliers.length > 0) return { keep: `also server-side applied by ${otherAppliers.join(', ')}` };
  if (typeof asMap(metadata.annotations)?.['kubectl.kubernetes.io/last-applied-configuration'] === 'string') return { keep: 'also applied with kubectl apply (last-applied-configuration annotation)' };
  return { prune: `not in Git; member of ApplySet (label ${applySetPartOfLabel})` };
}
