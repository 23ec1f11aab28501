/**
 * applySetKeys are the label and annotation names of the Kubernetes ApplySet specification
 * (KEP-3659, as kubectl's pkg/cmd/apply/applyset.go spells them) and GitOps Workbench's own
 * annotations on the parent object its push sync writes per environment.
 */
export const applySetKeys = {
  /** Label on the parent: its ApplySet id (`applyset-<base64url(sha256(name.namespace.Kind.group))>-v1`). */
  parentId: 'applyset.kubernetes.io/id',
  /** Label on every member: the id of the ApplySet it belongs to. */
  partOf: 'applyset.kubernetes.io/part-of',
  /** Annotation on the parent: `<tool>/<version>` of the tool that manages the set. */
  tooling: 'applyset.kubernetes.io/tooling',
  /** Annotation on the parent: sorted, comma-separated `Kind.group` (just `Kind` for the core group) of the members. */
  containsGroupKinds: 'applyset.kubernetes.io/contains-group-kinds',
  /** Annotation on the parent: namespaces other than the parent's that hold members, sorted, comma-separated. */
  additionalNamespaces: 'applyset.kubernetes.io/additional-namespaces',
  /** Annotation: the commit (40 hex digits) the push sync last applied completely. */
  appliedRevision: 'gitops-workbench.dev/applied-revision',
  /** Annotation: the branch or ref that commit was taken from. */
  appliedRef: 'gitops-workbench.dev/applied-ref',
  /** Annotation: when the apply finished (RFC 3339). */
  appliedAt: 'gitops-workbench.dev/applied-at',
  /** Annotation: the commit a push sync is applying, or last failed to apply completely; absent after a complete sync. */
  attemptedRevision: 'gitops-workbench.dev/attempted-revision',
  /** Annotation: why the attempt of attempted-revision did not complete (absent while it runs). */
  attemptFailed: 'gitops-workbench.dev/attempt-failed',
  /** Annotation: the environment's name as the repository spells it (the object name is sanitised). */
  environment: 'gitops-workbench.dev/environment',
} as const;

/** applySetToolName is the tool name in the `applyset.kubernetes.io/tooling` annotation (`gitops-workbench/<version>`). */
export const applySetToolName = 'gitops-workbench';
