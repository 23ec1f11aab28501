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

/** lastAppliedAnnotation is client-side apply's copy of the applied object (it may hold Secret values). */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * normalizeMetadata removes, in place, what is never drift: apiVersion and kind (objects are matched by
 * group, kind, namespace and name), status, server-written metadata (managedFields, resourceVersion,
 * uid, generation, creationTimestamp, selfLink, deletionTimestamp) and the last-applied annotation.
 */
export function normalizeMetadata(args: { object: PlainMap }): void {
  const { object } = args;
  delete object.apiVersion;
  delete object.kind;
  delete object.status;
  const metadata = asMap(object.metadata);
  if (!metadata) return;
  for (const field of ignoredMetadata) delete metadata[field];
  const annotations = asMap(metadata.annotations);
  if (annotations) delete annotations[lastAppliedAnnotation];
}
