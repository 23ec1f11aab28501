import type { Environment } from '../../environments/Environment';
import type { PlainMap } from '../../manifests/plainData';
import { applySetKeys, applySetToolName } from './applySetKeys';
import { applySetParentRef } from './applySetParentRef';
import { formatApplySetGroupKinds } from './formatApplySetGroupKinds';

/**
 * buildApplySetParent returns the ApplySet parent ConfigMap the push sync writes for an
 * environment (see applySetParentRef for its name), as readReconciledRevision reads it back:
 * label applyset.kubernetes.io/id, annotations applyset.kubernetes.io/tooling
 * (`gitops-workbench/<version>`), contains-group-kinds, additional-namespaces (namespaces of
 * members other than the parent's; '' when none, as kubectl writes it), and the applied commit, ref and time. Per the ApplySet
 * specification the sync writes the parent with the union of the old and new kinds before
 * applying members; the applied revision belongs only on the write after every member applied
 * (without `revision` this returns the parent without the applied-* annotations). `attempt` marks
 * a sync under way (no `failed`) or one that did not complete (`failed` says why), as Flux keeps
 * lastAttemptedRevision next to lastAppliedRevision: the applied-* annotations keep naming the last
 * complete sync.
 */
export function buildApplySetParent(args: {
  environment: Pick<Environment, 'name' | 'namespace'>;
  /** The GitOps Workbench version, for the tooling annotation. */
  version: string;
  /** Kinds of the members. */
  kinds: readonly { group: string; kind: string }[];
  /** Namespaces of the members (the parent's own is left out of the annotation). */
  namespaces?: readonly string[];
  /** The commit applied (40 hex digits). */
  revision?: string;
  ref?: string;
  /** When the apply finished; default now. */
  appliedAt?: string;
  /** A sync of another commit that is running (no `failed`) or did not complete. */
  attempt?: { revision: string; failed?: string };
}): PlainMap {
  const parent = applySetParentRef({ environment: args.environment });
  const additional = [...new Set((args.namespaces ?? []).filter((namespace) => namespace !== '' && namespace !== parent.namespace))].sort();
  const annotations: Record<string, string> = {
    [applySetKeys.tooling]: `${applySetToolName}/${args.version}`,
    [applySetKeys.containsGroupKinds]: formatApplySetGroupKinds({ kinds: args.kinds }),
    // kubectl writes it even when empty.
    [applySetKeys.additionalNamespaces]: additional.join(','),
    [applySetKeys.environment]: args.environment.name,
  };
  if (args.revision !== undefined) {
    annotations[applySetKeys.appliedRevision] = args.revision;
    annotations[applySetKeys.appliedAt] = args.appliedAt ?? new Date().toISOString();
    if (args.ref !== undefined) annotations[applySetKeys.appliedRef] = args.ref;
  }
  if (args.attempt) {
    annotations[applySetKeys.attemptedRevision] = args.attempt.revision;
    if (args.attempt.failed !== undefined) annotations[applySetKeys.attemptFailed] = args.attempt.failed;
  }
  return {
    apiVersion: parent.apiVersion,
    kind: parent.kind,
    metadata: { name: parent.name, namespace: parent.namespace, labels: { [applySetKeys.parentId]: parent.id }, annotations },
  };
}
