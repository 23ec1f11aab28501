import type { ReconcilerKind } from '../cluster/status/ReconciledRevision';
import type { DriftStatus, FieldDrift } from '../drift/Drift';
import type { ObjectOrigin } from '../render/RenderedObject';

/** SyncObjectRef names one Kubernetes object of a sync. */
export interface SyncObjectRef {
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/** PlannedApply is one desired object the push sync server-side applies. */
export interface PlannedApply extends SyncObjectRef {
  /** create: not in the cluster; update: the dry-run changes fields; unchanged: applied anyway (labels it a member), changes nothing Git declares. */
  action: 'create' | 'update' | 'unchanged';
  /** For updates: the fields the apply changes (desired and live; Secret values masked), confirmed by a server-side dry-run. */
  fields: FieldDrift[];
  origin?: ObjectOrigin;
  /** Its kind is served only once a CustomResourceDefinition of this sync is applied: applied after it, not dry-run. */
  afterCrd?: boolean;
  /** The server refused the dry-run: the apply will most likely fail with this message. */
  dryRunError?: string;
  /** The live object is not yet a member of the environment's ApplySet (applied by something else, or before the first sync). */
  joins?: boolean;
  /** Another reconciler marks the live object as its own (Flux labels, Argo CD tracking); the apply takes over the fields Git declares. */
  ownedBy?: string;
}

/** PlannedPrune is one live member of the environment's ApplySet that Git no longer declares. */
export interface PlannedPrune extends SyncObjectRef {
  /** The live object's uid and resourceVersion when planned: a prune deletes only this very object, unchanged. */
  uid: string;
  resourceVersion: string;
  reason: string;
}

/** SyncNote is an object the sync leaves alone, and why. */
export interface SyncNote extends SyncObjectRef {
  reason: string;
  origin?: ObjectOrigin;
}

/** SyncBlockerCode says why a sync must not run. */
export type SyncBlockerCode =
  /** The environment's inputs have uncommitted changes: the applied commit would not be what was applied. */
  | 'UncommittedChanges'
  /** The repository has no commit to record. */
  | 'NoCommit'
  /** Parts of the environment could not be rendered: applying (and pruning) the rest would be wrong. */
  | 'RenderIncomplete'
  /** The ApplySet parent exists but is another tool's, or carries another id. */
  | 'ApplySetParentConflict'
  /** The namespace the ApplySet parent goes in does not exist, and Git does not declare it. */
  | 'ApplySetParentNamespaceMissing'
  /** A Flux Kustomization or source, or an Argo CD Application, is not in the cluster. */
  | 'ReconcilerObjectNotFound'
  /** A Flux Kustomization or source is suspended: it would ignore the request. */
  | 'ReconcilerSuspended'
  /** An Argo CD Application already runs an operation. */
  | 'SyncInProgress';

/** SyncBlocker is a reason the sync must not run; executing the plan throws SyncBlockedError with its code. */
export interface SyncBlocker {
  code: SyncBlockerCode;
  message: string;
  /** Repository-relative files, for UncommittedChanges. */
  files?: string[];
}

/** SyncSource is what the sync records as applied: the commit, the branch, and whether the work tree matches it. */
export interface SyncSource {
  /** HEAD's commit id; undefined outside git or before the first commit. */
  head?: string;
  /** The branch HEAD is on (short name, like `main`); undefined when detached. */
  ref?: string;
  /** Repository-relative files of the environment's inputs that differ from HEAD (staged, unstaged, untracked). */
  uncommitted: string[];
  /** Things worth knowing: HEAD not on the environment's branch, not pushed… */
  warnings: string[];
}

interface SyncPlanBase {
  environment: string;
  reconciler: ReconcilerKind;
  /** The commit the plan was made from, and its branch. */
  head?: string;
  ref?: string;
  blockers: SyncBlocker[];
  warnings: string[];
}

/** PushSyncPlan is what a push sync will do: server-side apply of every desired object, and the prunes. */
export interface PushSyncPlan extends SyncPlanBase {
  reconciler: 'push';
  /** The ApplySet parent (ConfigMap) that records the members and the applied commit. */
  parent: { name: string; namespace: string; id: string; found: boolean; revision?: string };
  creates: PlannedApply[];
  updates: PlannedApply[];
  unchanged: PlannedApply[];
  /** Applied only with `prune`. */
  prunes: PlannedPrune[];
  /** Members not in Git that are not pruned (another owner, prune disabled…). */
  kept: SyncNote[];
  /** Desired objects not applied (hooks, Flux-disabled objects). */
  skipped: SyncNote[];
  /** Desired objects that cannot be applied (kind not served, live state not readable): the sync reports them as failures. */
  blocked: SyncNote[];
}

/** FluxReconcileTarget is one object whose reconciliation a Flux sync requests. */
export interface FluxReconcileTarget {
  kind: string;
  group: string;
  namespace: string;
  name: string;
  /** Requests go stage by stage: sources first, then Kustomizations in dependsOn order. */
  stage: number;
}

/** FluxSyncPlan is what a Flux sync will request. */
export interface FluxSyncPlan extends SyncPlanBase {
  reconciler: 'flux';
  targets: FluxReconcileTarget[];
  /** What Flux will change, as the inspection found it (not in sync objects only). */
  drift: DriftSummary;
}

/** ArgoSyncTarget is one Argo CD Application a sync operation is set on. */
export interface ArgoSyncTarget {
  name: string;
  namespace: string;
  /** The `operation` that will be set. */
  operation: Record<string, unknown>;
}

/** ArgoSyncPlan is what an Argo CD sync will request. */
export interface ArgoSyncPlan extends SyncPlanBase {
  reconciler: 'argocd';
  applications: ArgoSyncTarget[];
  drift: DriftSummary;
}

/** DriftSummary is the inspection's drift counts and the objects not in sync. */
export interface DriftSummary {
  counts: Record<DriftStatus, number>;
  changes: Array<SyncObjectRef & { status: DriftStatus; fields: FieldDrift[]; reason?: string }>;
}

/** SyncPlan is a preview of a sync, by reconciler. */
export type SyncPlan = PushSyncPlan | FluxSyncPlan | ArgoSyncPlan;
