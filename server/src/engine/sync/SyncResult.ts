import type { SyncObjectRef } from './SyncPlan';

/** SyncOutcomeState says how a sync ended. */
export type SyncOutcomeState = 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

/** AppliedObject is one object the push sync applied, with what the apply did (kubectl's words). */
export interface AppliedObject extends SyncObjectRef {
  action: 'created' | 'configured' | 'unchanged';
}

/** ObjectFailure is one object the sync could not apply or prune, with the server's reason. */
export interface ObjectFailure extends SyncObjectRef {
  phase: 'apply' | 'prune';
  message: string;
  /** The API server's Status reason (Invalid, Forbidden, Conflict…), when it answered. */
  reason?: string;
}

/** PushSyncResult is what a push sync did. */
export interface PushSyncResult {
  reconciler: 'push';
  /** succeeded: every object applied (and every planned prune done, when asked); failed: some were not; cancelled: stopped part-way. */
  outcome: SyncOutcomeState;
  message: string;
  revision: string;
  ref?: string;
  applied: AppliedObject[];
  failures: ObjectFailure[];
  pruned: SyncObjectRef[];
  /** Planned prunes not done, and why (--prune not given, an apply failed, changed since the plan…). */
  notPruned: Array<SyncObjectRef & { reason: string }>;
  /** The ApplySet parent as left: the commit it records as applied (the new one only when every apply succeeded). */
  parent: { name: string; namespace: string; id: string; appliedRevision?: string; error?: string };
}

/** ReconcileObjectOutcome is how one Flux object or Argo CD Application answered a request. */
export interface ReconcileObjectOutcome {
  kind: string;
  namespace: string;
  name: string;
  /** not-started: an earlier stage failed, so it was not asked. */
  outcome: SyncOutcomeState | 'not-started';
  /** The reconciler's message (Ready condition, operation message). */
  message?: string;
  /** What it applied: Flux lastAppliedRevision or artifact revision, Argo CD syncResult revision(s). */
  revision?: string;
  /** The value of reconcile.fluxcd.io/requestedAt written (Flux). */
  requestedAt?: string;
}

/** FluxReconcileResult is what a Flux reconcile request came to. */
export interface FluxReconcileResult {
  reconciler: 'flux';
  outcome: SyncOutcomeState;
  message: string;
  objects: ReconcileObjectOutcome[];
}

/** ArgoSyncResult is what an Argo CD sync operation came to. */
export interface ArgoSyncResult {
  reconciler: 'argocd';
  outcome: SyncOutcomeState;
  message: string;
  objects: ReconcileObjectOutcome[];
}

/** SyncOutcome is what a sync did, by reconciler. */
export type SyncOutcome = PushSyncResult | FluxReconcileResult | ArgoSyncResult;

/** SyncProgress is one step of a running sync, for people (CLI stderr, the editor's progress). */
export interface SyncProgress {
  message: string;
  /** The object concerned, when there is one. */
  object?: SyncObjectRef;
}
