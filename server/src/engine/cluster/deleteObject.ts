import { definedOnly } from './definedOnly';
import { KubeApiError } from './errors/KubeApiError';
import type { ApiResource, KubeClient, KubeObject } from './KubeClient';
import { resourcePath } from './resourcePath';

/** DeleteObjectOptions are the DeleteOptions sent with the request. */
export interface DeleteObjectOptions {
  /** What happens to dependents: Background (the server's default for most kinds), Foreground, Orphan. */
  propagationPolicy: 'Background' | 'Foreground' | 'Orphan';
  /** dryRun=All: the server checks the deletion and deletes nothing. */
  dryRun: boolean;
}

export function defaultDeleteObjectOptions(): DeleteObjectOptions {
  return { propagationPolicy: 'Background', dryRun: false };
}

/** DeletedObject says what a delete did. */
export interface DeletedObject {
  /** False when the object was already gone (404). */
  found: boolean;
  /** The object as the server returned it when it is still there, held by finalizers (it has a deletionTimestamp). */
  pending?: KubeObject;
}

/**
 * deleteObject deletes one object. `preconditions` (uid, resourceVersion) make the server refuse
 * (409) when the object was replaced or changed since it was read: what prune needs to never delete
 * an object someone recreated meanwhile. An object already gone is `{ found: false }`, not an error.
 */
export async function deleteObject(args: {
  client: KubeClient;
  resource: ApiResource;
  name: string;
  namespace?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  signal?: AbortSignal;
} & Partial<DeleteObjectOptions>): Promise<DeletedObject> {
  const options: DeleteObjectOptions = { ...defaultDeleteObjectOptions(), ...definedOnly({ propagationPolicy: args.propagationPolicy, dryRun: args.dryRun }) };
  const namespace = args.resource.namespaced ? args.namespace || args.client.connection.namespace : undefined;
  const body = {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy: options.propagationPolicy,
    ...(args.preconditions ? { preconditions: args.preconditions } : {}),
  };
  let answer: KubeObject;
  try {
    answer = await args.client.request<KubeObject>({
      method: 'DELETE',
      path: resourcePath({ resource: args.resource, namespace, name: args.name }),
      query: { dryRun: options.dryRun ? 'All' : undefined },
      body,
      signal: args.signal,
    });
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404 && error.details?.name === args.name) return { found: false };
    throw error;
  }
  const metadata = answer.metadata as { deletionTimestamp?: string } | undefined;
  return answer.kind !== 'Status' && metadata?.deletionTimestamp ? { found: true, pending: answer } : { found: true };
}
