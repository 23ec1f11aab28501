import { asMap, type PlainMap } from '../../manifests/plainData';

/** Metadata fields the API server or controllers write, and that identify rather than describe the object. */
const ignoredMetadata = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'name',
  'namespace',
  'generateName',
];

const ignoredMetadataSet = new Set(ignoredMetadata);

/** lastAppliedAnnotation is client-side apply's copy of the applied object (it may hold Secret values). */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * normalizeMetadata removes what is never drift: apiVersion and kind (objects are matched by group,
 * kind, namespace and name), status, server-written metadata (managedFields, resourceVersion, uid,
 * generation, creationTimestamp, selfLink, deletionTimestamp) and the last-applied annotation. It
 * edits the object's top level only: `metadata` (and `annotations`, when it drops the last-applied
 * one) are replaced by copies, so a shallow copy of a shared object may be passed.
 */
export function normalizeMetadata(args: { object: PlainMap }): void {
  const { object } = args;
  delete object.apiVersion;
  delete object.kind;
  delete object.status;
  const metadata = asMap(object.metadata);
  if (!metadata) return;
  const kept: PlainMap = {};
  for (const field of Object.keys(metadata)) if (!ignoredMetadataSet.has(field)) kept[field] = metadata[field];
  const annotations = asMap(kept.annotations);
  if (annotations && lastAppliedAnnotation in annotations) {
    const { [lastAppliedAnnotation]: _lastApplied, ...rest } = annotations;
    kept.annotations = rest;
  }
  object.metadata = kept;
}
