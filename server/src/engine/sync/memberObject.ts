import { applySetPartOfLabel } from '../drift/ownershipLabels';
import { asMap, type PlainMap } from '../manifests/plainData';

/** memberObject is a desired object as the push sync applies it: labelled applyset.kubernetes.io/part-of with the environment's ApplySet id. */
export function memberObject(args: { object: PlainMap; applySetId: string }): PlainMap {
  const metadata = { ...(asMap(args.object.metadata) ?? {}) };
  metadata.labels = { ...(asMap(metadata.labels) ?? {}), [applySetPartOfLabel]: args.applySetId };
  return { ...args.object, metadata };
}
