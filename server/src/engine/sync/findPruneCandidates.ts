import { applySetPartOfLabel } from '../drift/ownershipLabels';
import { objectKeyOf } from '../drift/objectKey';
import { asMap, type PlainMap } from '../manifests/plainData';
import { pruneVerdict } from './pruneVerdict';
import type { PlannedPrune, SyncNote, SyncObjectRef } from './SyncPlan';

function refOf(object: PlainMap): SyncObjectRef {
  const metadata = asMap(object.metadata) ?? {};
  return {
    apiVersion: String(object.apiVersion ?? ''),
    kind: String(object.kind ?? ''),
    ...(typeof metadata.namespace === 'string' && metadata.namespace !== '' ? { namespace: metadata.namespace } : {}),
    name: String(metadata.name ?? ''),
  };
}

/**
 * findPruneCandidates picks, from the live objects the inspection listed, the members of the
 * environment's ApplySet (label applyset.kubernetes.io/part-of = `applySetId`) that Git does not
 * declare (`desiredKeys`, objectKeys): each is a prune, with its uid and resourceVersion, or kept
 * with the reason (see pruneVerdict). Nothing is a candidate without an ApplySet id.
 */
export function findPruneCandidates(args: { candidates: readonly PlainMap[]; desiredKeys: ReadonlySet<string>; applySetId: string | undefined; fieldManager: string }): { prunes: PlannedPrune[]; kept: SyncNote[] } {
  const prunes: PlannedPrune[] = [];
  const kept: SyncNote[] = [];
  if (!args.applySetId) return { prunes, kept };
  const seen = new Set<string>();
  for (const object of args.candidates) {
    const metadata = asMap(object.metadata) ?? {};
    if (asMap(metadata.labels)?.[applySetPartOfLabel] !== args.applySetId) continue;
    const key = objectKeyOf(object);
    if (args.desiredKeys.has(key) || seen.has(key)) continue;
    seen.add(key);
    const verdict = pruneVerdict({ object, fieldManager: args.fieldManager });
    if ('keep' in verdict) kept.push({ ...refOf(object), reason: verdict.keep });
    else prunes.push({ ...refOf(object), uid: String(metadata.uid ?? ''), resourceVersion: String(metadata.resourceVersion ?? ''), reason: verdict.prune });
  }
  const order = (a: SyncObjectRef, b: SyncObjectRef) => (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
  return { prunes: prunes.sort(order), kept: kept.sort(order) };
}
