import type { EnvironmentInspection } from '../inspect/EnvironmentInspection';
import type { ClusterSession } from '../inspect/openClusterSession';
import { PlanMismatchError } from './errors/PlanMismatchError';
import { SyncBlockedError } from './errors/SyncBlockedError';
import { executeSync } from './executeSync';
import type { FollowObjectOptions } from './followObject';
import { requestArgoSync } from './requestArgoSync';
import { requestFluxReconcile } from './requestFluxReconcile';
import type { SyncPlan } from './SyncPlan';
import type { SyncOutcome, SyncProgress } from './SyncResult';

/** SyncEnvironmentOptions tune the sync of an environment. */
export interface SyncEnvironmentOptions {
  /** How long to wait for Flux or Argo CD to finish (push syncs wait for the API server only). */
  timeoutMs: number;
  follow: Partial<FollowObjectOptions>;
}

export function defaultSyncEnvironmentOptions(): SyncEnvironmentOptions {
  return { timeoutMs: 5 * 60_000, follow: {} };
}

/**
 * syncEnvironment executes a plan of planSync, by its reconciler: a push sync (executeSync, which
 * records `revision` and `ref` on the ApplySet parent when every apply succeeded), a Flux
 * reconcile request (requestFluxReconcile) or an Argo CD sync operation (requestArgoSync, with
 * `prune`), and says how it ended. Throws SyncBlockedError when the plan has blockers, before
 * changing anything.
 */
export async function syncEnvironment(args: {
  session: ClusterSession;
  inspection: EnvironmentInspection;
  plan: SyncPlan;
  prune: boolean;
  /** The commit synced: HEAD, as planned. */
  revision?: string;
  ref?: string;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  options?: Partial<SyncEnvironmentOptions>;
}): Promise<SyncOutcome> {
  const options = { ...defaultSyncEnvironmentOptions(), ...args.options };
  const { plan, session, inspection } = args;
  if (plan.environment !== inspection.environment.name) throw new PlanMismatchError(`the plan is for environment ${plan.environment}, not ${inspection.environment.name}`);
  if (plan.blockers.length > 0) throw new SyncBlockedError(plan.blockers[0]);
  const common = { session, inspection, ...(args.signal ? { signal: args.signal } : {}), ...(args.onProgress ? { onProgress: args.onProgress } : {}) };
  if (plan.reconciler === 'push') {
    const revision = args.revision ?? plan.head;
    if (!revision) throw new SyncBlockedError({ code: 'NoCommit', message: 'the repository has no commit to record as applied' });
    return executeSync({ ...common, plan, prune: args.prune, revision, ...(args.ref ?? plan.ref ? { ref: (args.ref ?? plan.ref)! } : {}) });
  }
  if (plan.reconciler === 'flux') return requestFluxReconcile({ ...common, options: { timeoutMs: options.timeoutMs, follow: options.follow } });
  return requestArgoSync({ ...common, prune: args.prune, options: { timeoutMs: options.timeoutMs, follow: options.follow } });
}
