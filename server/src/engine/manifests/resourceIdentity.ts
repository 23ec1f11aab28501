import type { ResourceIdentity } from './ManifestDocument';

/** resourceIdentity reads apiVersion, kind, name and namespace from a document value. */
export function resourceIdentity(value: unknown): ResourceIdentity | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const object = value as Record<string, unknown>;
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const metadata = object.metadata !== null && typeof object.metadata === 'object' ? (object.metadata as Record<string, unknown>) : {};
  const slash = apiVersion.indexOf('/');
  return {
    apiVersion,
    group: slash === -1 ? '' : apiVersion.slice(0, slash),
    kind,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined,
  };
}
