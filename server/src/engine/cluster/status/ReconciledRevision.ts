import type { OwnershipMarkers } from '../../drift/LiveState';

/** ReconcilerKind says who applies an environment to its cluster; null when nothing found does. */
export type ReconcilerKind = 'flux' | 'argocd' | 'push';

/** StatusProblemCode classifies why a status object could not be read. */
export type StatusProblemCode =
  /** The object does not exist in the cluster. */
  | 'NotFound'
  /** The API server does not serve the kind (the reconciler or its CRDs are not installed). */
  | 'NotServed'
  /** The credentials may not read the object (403). */
  | 'Forbidden'
  /** The credentials were refused (401). */
  | 'Unauthorized'
  /** Any other answer of the API server. */
  | 'ApiError';

/** StatusProblem is one object whose status could not be read, with a message for people. */
export interface StatusProblem {
  /** The object, as `Kind namespace/name`. */
  object: string;
  code: StatusProblemCode;
  /** A sentence saying what is missing and what to do, followed by the server's own words. */
  message: string;
}

/** ParsedRevision is a reconciler revision string taken apart. */
export interface ParsedRevision {
  /** The string as the reconciler wrote it. */
  raw: string;
  /** The branch, tag or ref before `@` (Flux) or before the hash in the legacy `main/<sha>` form. */
  ref?: string;
  /** The hash algorithm named before the hash (`sha1`, `sha256`), when the format names one. */
  algorithm?: string;
  /** The hash or digest after the last ':' (or '/' in the legacy form). */
  hash: string;
  /** The hash when it is a full SHA-1 commit id (40 hex digits, lower case): a commit of a git repository. */
  sha?: string;
}

/** FluxInventoryEntry is one `.status.inventory.entries[].id` of a Flux Kustomization, taken apart. */
export interface FluxInventoryEntry {
  /** The id as written: `<namespace>_<name>_<group>_<kind>`. */
  id: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** '' for the core group. */
  group: string;
  kind: string;
  /** The object's API version (`entries[].v`), when recorded. */
  version?: string;
}

/** FluxSourceStatus is what a Kustomization's source (GitRepository, OCIRepository, Bucket) last fetched. */
export interface FluxSourceStatus {
  kind: string;
  name: string;
  namespace: string;
  found: boolean;
  /** `.status.artifact.revision`, taken apart. */
  artifact?: ParsedRevision;
  /** When the artifact was produced (`.status.artifact.lastUpdateTime`). */
  artifactUpdatedAt?: string;
  /** The source's Ready condition. */
  ready?: boolean;
  reason?: string;
  message?: string;
  problem?: StatusProblem;
}

/** FluxKustomizationStatus is one Flux Kustomization's reconcile state. */
export interface FluxKustomizationStatus {
  name: string;
  namespace: string;
  found: boolean;
  /** `.status.lastAppliedRevision`, taken apart: what the controller last applied successfully. */
  applied?: ParsedRevision;
  /** `.status.lastAppliedOriginRevision`: the git revision an OCI artifact was built from, when recorded. */
  appliedOrigin?: ParsedRevision;
  /** `.status.lastAttemptedRevision`, when it differs from the applied one (a failed or running apply). */
  attempted?: ParsedRevision;
  /** The commit this Kustomization reconciled: the applied sha, or the origin sha for OCI sources. */
  revision?: string;
  /** Ready condition status: true, false, or undefined when Unknown or absent. */
  ready?: boolean;
  /** Ready condition reason (ReconciliationSucceeded, ReconciliationFailed, DependencyNotReady, Progressing…). */
  reason?: string;
  /** Ready condition message. */
  message?: string;
  /** When the Ready condition last changed. */
  readyChangedAt?: string;
  /** The Reconciling condition is True: an apply is under way. */
  reconciling: boolean;
  /** The Stalled condition is True: the controller gave up until the spec changes. */
  stalled: boolean;
  /** `.spec.suspend`. */
  suspended: boolean;
  /** The status describes an older generation of the spec than the one stored. */
  stale: boolean;
  sourceRef?: { kind: string; name: string; namespace: string };
  /** The source's own status, when it was read. */
  source?: FluxSourceStatus;
  inventory: FluxInventoryEntry[];
  /** False when the source is another repository: its revision is not a commit of this one. */
  inThisRepository: boolean;
  problem?: StatusProblem;
}

/** ArgoHistoryEntry is one `.status.history[]` entry of an Application: a successful sync. */
export interface ArgoHistoryEntry {
  id: number;
  /** The revision (single source), or the revision of the chosen source (multi-source). */
  revision?: string;
  /** Every source's revision, for multi-source Applications. */
  revisions?: string[];
  deployedAt?: string;
  deployStartedAt?: string;
  /** `initiatedBy.username`, or "automated". */
  initiatedBy?: string;
}

/** ArgoApplicationStatus is one Argo CD Application's sync and health state. */
export interface ArgoApplicationStatus {
  name: string;
  namespace: string;
  found: boolean;
  /** The deployed commit (the last successful sync) of the source in this repository, when it is a commit id. */
  revision?: string;
  /** The deployed revisions of every source (multi-source), as Argo CD wrote them. */
  revisions?: string[];
  /** The index of the source the revision is taken from (0 for single-source Applications). */
  sourceIndex: number;
  /** The source's `targetRevision` (HEAD, a branch, a tag…). */
  targetRevision?: string;
  /** When the deployed revision was synced (history `deployedAt`, or the operation's `finishedAt`). */
  deployedAt?: string;
  /** The history id of the deployment, when it is in the history. */
  historyId?: number;
  history: ArgoHistoryEntry[];
  /** `.status.sync.status`: Synced, OutOfSync or Unknown (what the last comparison found). */
  syncStatus?: string;
  /** `.status.sync.revision`: the revision the last comparison was made against. */
  comparedRevision?: string;
  /** `.status.health.status`: Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
  healthStatus?: string;
  healthMessage?: string;
  /** `.status.operationState.phase` of the last sync operation: Running, Succeeded, Failed, Error, Terminating. */
  operationPhase?: string;
  operationMessage?: string;
  /** The revision the last sync operation tried, when it did not succeed. */
  attemptedRevision?: string;
  /** `.status.reconciledAt`: when the controller last compared. */
  reconciledAt?: string;
  /** Healthy, and the last sync operation did not fail. */
  ready?: boolean;
  message?: string;
  /** Condition messages of error kinds (ComparisonError, SyncError, InvalidSpecError…). */
  errors: string[];
  inThisRepository: boolean;
  problem?: StatusProblem;
}

/** ApplySetParentStatus is what GitOps Workbench's own push sync recorded on the environment's ApplySet parent. */
export interface ApplySetParentStatus {
  /** The parent ConfigMap's name and namespace. */
  name: string;
  namespace: string;
  /** The ApplySet id this parent must carry (label applyset.kubernetes.io/id). */
  id: string;
  found: boolean;
  /** The applied commit (annotation gitops-workbench.dev/applied-revision). */
  revision?: string;
  /** The branch or ref it was applied from (annotation gitops-workbench.dev/applied-ref). */
  ref?: string;
  /** When it was applied (annotation gitops-workbench.dev/applied-at). */
  appliedAt?: string;
  /** A later sync that did not complete (annotation gitops-workbench.dev/attempted-revision): running, interrupted or failed. */
  attemptedRevision?: string;
  /** Why that sync did not complete (annotation gitops-workbench.dev/attempt-failed); absent while it runs or when it was interrupted. */
  attemptFailed?: string;
  /** The annotation applyset.kubernetes.io/tooling. */
  tooling?: string;
  /** The annotation applyset.kubernetes.io/contains-group-kinds, split. */
  groupKinds: string[];
  /** The label applyset.kubernetes.io/id as found. */
  foundId?: string;
  message?: string;
  problem?: StatusProblem;
}

/**
 * ReconciledRevision says which commit an environment's reconciler last applied, whether it is
 * Ready, and the per-object details behind that.
 */
export interface ReconciledRevision {
  /** Who reconciles the environment; null when no reconciler was found for it. */
  source: ReconcilerKind | null;
  /** The reconciled commit (40 hex digits). For several Kustomizations or Applications, the one furthest behind. */
  revision?: string;
  /** The branch, tag or ref the reconciler follows, as it names it. */
  ref?: string;
  /** True when every reconciling object is Ready (healthy); false when one is not; undefined when unknown. */
  ready?: boolean;
  /** A sentence for people: what is not ready, not found, not allowed, or why the revision is unknown. */
  message?: string;
  /**
   * When the reported revision was applied: Flux, the Ready condition's lastTransitionTime (Flux
   * moves it with each newly applied revision, whose id its message names); Argo CD, the sync's
   * deployedAt; push, the applied-at annotation.
   */
  reconciledAt?: string;
  kustomizations?: FluxKustomizationStatus[];
  applications?: ArgoApplicationStatus[];
  applySet?: ApplySetParentStatus;
  /** Objects whose status could not be read (not found, forbidden…). */
  problems: StatusProblem[];
  /** What marks a live object as the environment's, for drift (Flux inventory, Argo CD apps, ApplySet id). */
  markers: OwnershipMarkers;
}
