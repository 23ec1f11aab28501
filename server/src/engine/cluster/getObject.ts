import { KubeApiError } from './errors/KubeApiError';
import type { ApiResource, KubeClient, KubeObject } from './KubeClient';
import { resourcePath } from './resourcePath';

/**
 * getObject reads one object; undefined when it does not exist (404 naming the object). A 404 that
 * names no object means the kind itself is not served (a CRD removed) and stays a KubeApiError. For a
 * namespaced kind the namespace defaults to the context's, as kubectl's does.
 */
export async function getObject(args: { client: KubeClient; resource: ApiResource; name: string; namespace?: string; signal?: AbortSignal }): Promise<KubeObject | undefined> {
  const namespace = args.resource.namespaced ? args.namespace || args.client.connection.namespace : undefined;
  try {
    return await args.client.request<KubeObject>({ method: 'GET', path: resourcePath({ resource: args.resource, namespace, name: args.name }), signal: args.signal });
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404 && error.details?.name === args.name) return undefined;
    throw error;
  }
}
