import { definedOnly } from './definedOnly';
import { KubeApiError } from './errors/KubeApiError';
import type { ApiResource, KubeClient, KubeObject } from './KubeClient';
import { apiVersionOf, resourcePath } from './resourcePath';

/** ListObjectsOptions size the pages of a LIST. */
export interface ListObjectsOptions {
  /** Objects per page (`limit`); 0 asks for everything in one answer. */
  pageSize: number;
}

export function defaultListObjectsOptions(): ListObjectsOptions {
  return { pageSize: 500 };
}

/** ObjectList is every object of one kind (in a namespace or all of them) at one resourceVersion. */
export interface ObjectList {
  /** The objects, each with apiVersion and kind (LIST items lack them). */
  items: KubeObject[];
  /** The list's resourceVersion: where a watch continues from. */
  resourceVersion: string;
  /** A continue token expired mid-way (410) and the list was read again from the start. */
  relisted: boolean;
}

/**
 * listObjects reads every object of a kind, page by page (`limit`/`continue`). When the server has
 * forgotten the snapshot behind a continue token (410 Expired), the pages read so far are dropped and
 * the kind is listed again from the start in one request, as client-go's pager does, so the answer
 * is one consistent snapshot with each object once. `namespace` undefined lists every namespace.
 * Errors are the KubeClient's: a 403 on this kind is a KubeApiError with status 403.
 */
export async function listObjects(args: {
  client: KubeClient;
  resource: ApiResource;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
} & Partial<ListObjectsOptions>): Promise<ObjectList> {
  const options: ListObjectsOptions = { ...defaultListObjectsOptions(), ...definedOnly({ pageSize: args.pageSize }) };
  const { client, resource } = args;
  const path = resourcePath({ resource, namespace: args.namespace });
  const apiVersion = apiVersionOf(resource);
  let items: KubeObject[] = [];
  let continueToken: string | undefined;
  let relisted = false;
  for (;;) {
    let page: { metadata?: { resourceVersion?: string; continue?: string }; items?: KubeObject[] | null };
    try {
      page = await client.request({
        method: 'GET',
        path,
        query: {
          labelSelector: args.labelSelector || undefined,
          fieldSelector: args.fieldSelector || undefined,
          limit: options.pageSize > 0 && !relisted ? options.pageSize : undefined,
          continue: continueToken,
        },
        signal: args.signal,
      });
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 410 && continueToken !== undefined && !relisted) {
        relisted = true;
        items = [];
        continueToken = undefined;
        continue;
      }
      throw error;
    }
    for (const item of page.items ?? []) items.push({ apiVersion, kind: resource.kind, ...item });
    continueToken = page.metadata?.continue || undefined;
    if (!continueToken) return { items, resourceVersion: page.metadata?.resourceVersion ?? '', relisted };
  }
}
