import { definedOnly } from './definedOnly';
import type { ApiResource, KubeClient, KubeObject } from './KubeClient';
import { apiVersionOf, resourcePath } from './resourcePath';

/** ApplyObjectOptions are server-side apply's switches. */
export interface ApplyObjectOptions {
  /** Take ownership of fields another manager owns instead of failing with a 409 conflict. */
  force: boolean;
  /** dryRun=All: the server merges, defaults and validates, and stores nothing. */
  dryRun: boolean;
  /** How the server treats unknown or duplicate fields; the server's default (Warn) when undefined. */
  fieldValidation: 'Strict' | 'Warn' | 'Ignore' | undefined;
}

export function defaultApplyObjectOptions(): ApplyObjectOptions {
  return { force: false, dryRun: false, fieldValidation: undefined };
}

/**
 * applyObject server-side applies one object (PATCH application/apply-patch+yaml with a fieldManager;
 * JSON is YAML) and returns the object as the server has it (or would have it, with dryRun). The
 * object is created when missing. Namespaced objects without a namespace go to the context's.
 * metadata.managedFields is dropped from what is sent (the server rejects it in an apply).
 * Conflicts are KubeApiError 409 with `details.causes` naming the fields and their managers.
 */
export async function applyObject(args: { client: KubeClient; resource: ApiResource; object: KubeObject; fieldManager: string; signal?: AbortSignal } & Partial<ApplyObjectOptions>): Promise<KubeObject> {
  const options: ApplyObjectOptions = { ...defaultApplyObjectOptions(), ...definedOnly({ force: args.force, dryRun: args.dryRun, fieldValidation: args.fieldValidation }) };
  const { resource } = args;
  const metadata = { ...((args.object.metadata ?? {}) as Record<string, unknown>) };
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') throw new Error(`applyObject: the ${resource.kind} to apply has no metadata.name`);
  if (args.object.kind !== resource.kind || args.object.apiVersion !== apiVersionOf(resource)) {
    throw new Error(`applyObject: the object is ${String(args.object.apiVersion)} ${String(args.object.kind)} but the resource is ${apiVersionOf(resource)} ${resource.kind}`);
  }
  delete metadata.managedFields;
  let namespace: string | undefined;
  if (resource.namespaced) {
    namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : args.client.connection.namespace;
    metadata.namespace = namespace;
  } else delete metadata.namespace;
  return args.client.request<KubeObject>({
    method: 'PATCH',
    path: resourcePath({ resource, namespace, name }),
    query: {
      fieldManager: args.fieldManager,
      force: options.force ? true : undefined,
      dryRun: options.dryRun ? 'All' : undefined,
      fieldValidation: options.fieldValidation,
    },
    contentType: 'application/apply-patch+yaml',
    body: { ...args.object, metadata },
    signal: args.signal,
  });
}
