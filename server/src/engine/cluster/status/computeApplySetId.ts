import { createHash } from 'node:crypto';

/**
 * computeApplySetId returns the ApplySet id of a parent object, as kubectl computes it (KEP-3659,
 * kubectl pkg/cmd/apply/applyset.go `ID()`): `applyset-<b64>-v1` where b64 is the unpadded
 * base64url (RFC 4648 URL-safe alphabet) of the SHA-256 of `<name>.<namespace>.<Kind>.<group>`;
 * the core group is '' (so a ConfigMap's string ends with "ConfigMap.") and a cluster-scoped
 * parent's namespace is ''. The parent carries it in label applyset.kubernetes.io/id, members in
 * applyset.kubernetes.io/part-of.
 */
export function computeApplySetId(args: { name: string; namespace: string; kind: string; group: string }): string {
  const unencoded = [args.name, args.namespace, args.kind, args.group].join('.');
  const hash = createHash('sha256').update(unencoded, 'utf8').digest('base64url');
  return `applyset-${hash}-v1`;
}
