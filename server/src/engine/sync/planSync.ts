import type { EnvironmentInspection } from '../inspect/EnvironmentInspection';
import type { ClusterSession } from '../inspect/openClusterSession';
import { ClusterNotConnectedError } from './errors/ClusterNotConnectedError';
import { fluxReconcileTargets } from './fluxReconcileTargets';
import { planPushSync } from './planPushSync';
import { argoSyncTargets } from './argoSyncTargets';
import { fluxTargetBlockers } from './fluxTargetBlockers';
import { summarizeDrift } from './summarizeDrift';
import { syncReconcilerOf } from './syncReconcilerOf';
import type { SyncPlan, SyncSource } from './SyncPlan';

/**
 * planSync previews the sync of an inspected environment, by its reconciler (see
 * syncReconcilerOf), changing nothing:
 * - push: what GitOps Workbench will apply and prune (see planPushSync);
 * - flux: the sources and Kustomizations it will ask Flux to reconcile, in order, and why it
 *   would refuse (missing, suspended);
 * - argocd: the `operation` it will set on each Application (`prune` adds prune: true), and why it
 *   would refuse (missing, an operation already running).
 * Flux and Argo CD plans carry the inspection's drift, which is what the reconciler will change.
 * `source` (readSyncSource) adds the branch, uncommitted changes and warnings.
 */
export async function planSync(args: { session: ClusterSession; inspection: EnvironmentInspection; source?: SyncSource; prune?: boolean; signal?: AbortSignal }): Promise<SyncPlan> {
  const { session, inspection, signal } = args;
  if (inspection.cluster.state !== 'connected') throw new ClusterNotConnectedError(inspection.cluster.state, inspection.cluster.message);
  const reconciler = syncReconcilerOf({ environment: inspection.environment });
  if (reconciler === 'push') return planPushSync({ session, inspection, ...(args.source ? { source: args.source } : {}), ...(signal ? { signal } : {}) });
  const head = args.source?.head ?? inspection.head;
  const base = {
    environment: inspection.environment.name,
    ...(head ? { head } : {}),
    ...(args.source?.ref ? { ref: args.source.ref } : {}),
    warnings: [...(args.source?.warnings ?? [])],
    drift: summarizeDrift({ drift: inspection.drift }),
  };
  if (reconciler === 'flux') {
    const targets = fluxReconcileTargets({ environment: inspection.environment, ...(inspection.reconciled ? { reconciled: inspection.reconciled } : {}) });
    const { blockers } = await fluxTargetBlockers({ session, targets, ...(signal ? { signal } : {}) });
    if (args.prune) base.warnings.push('Flux prunes as each Kustomization says (spec.prune); --prune changes nothing for Flux');
    return { ...base, reconciler: 'flux', targets, blockers };
  }
  const { targets, blockers } = await argoSyncTargets({ session, environment: inspection.environment, ...(inspection.reconciled ? { reconciled: inspection.reconciled } : {}), ...(args.prune ? { prune: true } : {}), ...(signal ? { signal } : {}) });
  return { ...base, reconciler: 'argocd', applications: targets, blockers };
}
