import { KubeApiError } from './errors/KubeApiError';
import type { ApiResource, KubeClient, KubeObject } from './KubeClient';
import { listObjects, type ListObjectsOptions } from './listObjects';

/** KindListing is the outcome of listing one kind: its objects, or why the server refused (403, 404 for a kind just removed…). */
export type KindListing =
  | { resource: ApiResource; items: KubeObject[]; resourceVersion: string }
  | { resource: ApiResource; error: KubeApiError };

/**
 * listEachKind lists several kinds at once (the client's concurrency limit applies) and reports each
 * kind on its own: a kind the server refuses — 403 for a user without RBAC on it — is a KindListing
 * with its KubeApiError while the others list fine. Failures that concern every kind (the cluster
 * is unreachable, credentials cannot be had, cancellation) reject, and stop the other lists.
 */
export async function listEachKind(args: {
  client: KubeClient;
  resources: readonly ApiResource[];
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
} & Partial<ListObjectsOptions>): Promise<KindListing[]> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(args.signal?.reason);
  args.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.all(args.resources.map(async (resource): Promise<KindListing> => {
      try {
        const list = await listObjects({ ...args, resource, signal: stop.signal });
        return { resource, items: list.items, resourceVersion: list.resourceVersion };
      } catch (error) {
        if (error instanceof KubeApiError) return { resource, error };
        stop.abort(error);
        throw error;
      }
    }));
  } finally {
    args.signal?.removeEventListener('abort', onAbort);
  }
}
