/** objectKey names an object across desired and live state: group, kind, namespace and name (apiVersion versions are the same object). */
export function objectKey(args: { group: string; kind: string; namespace?: string; name: string }): string {
  return `${args.group}/${args.kind}/${args.namespace ?? ''}/${args.name}`;
}

/** objectKeyOf is objectKey for a live or desired object (its apiVersion, kind and metadata). */
export function objectKeyOf(object: Record<string, unknown>): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const metadata = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return objectKey({
    group: apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '',
    kind: typeof object.kind === 'string' ? object.kind : '',
    namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined,
    name: typeof metadata.name === 'string' ? metadata.name : '',
  });
}
