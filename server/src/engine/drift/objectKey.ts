/** objectKey names an object across desired and live state: group, kind, namespace and name (apiVersion versions are the same object). */
export function objectKey(args: { group: string; kind: string; namespace?: string; name: string }): string {
  return `${args.group}/${args.kind}/${args.namespace ?? ''}/${args.name}`;
}
