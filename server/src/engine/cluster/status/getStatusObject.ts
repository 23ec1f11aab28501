import type { PlainMap } from '../../manifests/plainData';
import { KubeApiError } from '../errors/KubeApiError';
import type { KubeClient } from '../KubeClient';

/** StatusObjectRef names one object to read: its group, the versions to try in order, its plural and name. */
export interface StatusObjectRef {
  /** '' for the core group. */
  group: string;
  /** Versions to try, preferred first (`['v1', 'v1beta2']`): the next one is tried when the server does not serve one. */
  versions: readonly string[];
  plural: string;
  namespace: string;
  name: string;
}

/**
 * getStatusObject GETs one namespaced object, trying the next API version when the server does
 * not serve one (404 on the path, not on the object: a cluster with an older reconciler). It
 * throws the KubeApiError of the last attempt (or ClusterUnreachableError) for the caller to
 * describe.
 */
export async function getStatusObject(args: { client: KubeClient; object: StatusObjectRef; signal?: AbortSignal }): Promise<PlainMap> {
  const { client, object } = args;
  let last: unknown;
  for (const version of object.versions) {
    const base = object.group === '' ? `/api/${version}` : `/apis/${object.group}/${version}`;
    const path = `${base}/namespaces/${encodeURIComponent(object.namespace)}/${object.plural}/${encodeURIComponent(object.name)}`;
    try {
      return await client.request<PlainMap>({ method: 'GET', path, ...(args.signal ? { signal: args.signal } : {}) });
    } catch (error) {
      last = error;
      const kindNotServed = error instanceof KubeApiError && error.status === 404 && typeof error.details?.name !== 'string' && !/not found$/.test(error.message);
      if (!kindNotServed) throw error;
    }
  }
  throw last;
}
