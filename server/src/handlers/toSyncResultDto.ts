import type { SyncOutcome } from '../engine/sync/SyncResult';
import type { SyncResult } from '../protocol/dtos';
import { objectRefDto } from './toSyncPlanDto';

/** toSyncResultDto converts what a sync did to gitops/sync's result. */
export function toSyncResultDto(args: { environment: string; outcome: SyncOutcome }): SyncResult {
  const { outcome } = args;
  const base = { environment: args.environment, reconciler: outcome.reconciler, outcome: outcome.outcome, message: outcome.message };
  if (outcome.reconciler === 'push') {
    return {
      ...base,
      revision: outcome.revision,
      ...(outcome.ref ? { ref: outcome.ref } : {}),
      applied: outcome.applied.map((object) => ({ ...objectRefDto(object), action: object.action })),
      failures: outcome.failures.map((failure) => ({ ...objectRefDto(failure), phase: failure.phase, message: failure.message, ...(failure.reason ? { reason: failure.reason } : {}) })),
      pruned: outcome.pruned.map(objectRefDto),
      notPruned: outcome.notPruned.map((object) => ({ ...objectRefDto(object), reason: object.reason })),
      parent: outcome.parent,
    };
  }
  return { ...base, objects: outcome.objects };
}
