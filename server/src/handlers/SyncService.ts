import { randomUUID } from 'node:crypto';
import type { Connection } from 'vscode-languageserver/node';
import type { GitRepository } from '../engine/git/openRepository';
import { resolveRevision } from '../engine/git/resolveRevision';
import type { EnvironmentInspection } from '../engine/inspect/EnvironmentInspection';
import type { ClusterSession } from '../engine/inspect/openClusterSession';
import { ClusterNotConnectedError } from '../engine/sync/errors/ClusterNotConnectedError';
import { PlanMismatchError } from '../engine/sync/errors/PlanMismatchError';
import { SyncBlockedError } from '../engine/sync/errors/SyncBlockedError';
import { planSync } from '../engine/sync/planSync';
import { readSyncSource } from '../engine/sync/readSyncSource';
import { syncEnvironment } from '../engine/sync/syncEnvironment';
import type { SyncPlan } from '../engine/sync/SyncPlan';
import { syncReconcilerOf } from '../engine/sync/syncReconcilerOf';
import type { PlanSyncParams, PlanSyncResult, SyncParams, SyncResult } from '../protocol/dtos';
import { SyncProgressNotification } from '../protocol/requests';
import type { LiveStateService } from './LiveStateService';
import { toSyncPlanDto } from './toSyncPlanDto';
import { toSyncResultDto } from './toSyncResultDto';

/** How long a plan may be executed by its planId. */
const planLifetimeMs = 15 * 60_000;

interface Planned {
  root: string;
  environment: string;
  plan: SyncPlan;
  inspection: EnvironmentInspection;
  session: ClusterSession;
  createdAt: number;
}

/**
 * SyncService answers gitops/planSync and gitops/sync. A plan is made from a fresh inspection
 * (LiveStateService's, so the tree, diffs and editor drift see the same state) and kept under a
 * planId, so that gitops/sync executes exactly what the user confirmed — once, within 15 minutes,
 * and, for a push sync, only while HEAD is still the planned commit. Syncs of one environment run
 * one at a time; progress goes to the client as gitops/syncProgress.
 */
export class SyncService {
  private readonly plans = new Map<string, Planned>();
  private readonly running = new Set<string>();

  constructor(private readonly args: { connection: Connection; liveState: LiveStateService; rootOf: (folderUri: string) => string; repositoryOf: (folderUri: string) => GitRepository | undefined }) {}

  /** planSync inspects the environment and previews its sync; changes nothing. */
  async planSync(params: PlanSyncParams, signal?: AbortSignal): Promise<PlanSyncResult> {
    const planned = await this.plan(params, signal);
    this.forgetExpired();
    const planId = randomUUID();
    this.plans.set(planId, planned);
    return toSyncPlanDto({ root: planned.root, planId, plan: planned.plan, inspection: planned.inspection });
  }

  /** sync executes the plan named by planId (or a fresh one) and waits for its outcome. */
  async sync(params: SyncParams, signal?: AbortSignal): Promise<SyncResult> {
    const root = this.args.rootOf(params.folderUri);
    const lock = JSON.stringify([params.environment, params.context ?? '', root]);
    if (this.running.has(lock)) throw new SyncBlockedError({ code: 'SyncInProgress', message: `a sync of environment ${params.environment} is already running` });
    this.running.add(lock);
    try {
      let planned: Planned;
      if (params.planId !== undefined) {
        this.forgetExpired();
        const stored = this.plans.get(params.planId);
        if (!stored) throw new PlanMismatchError('the plan expired or was already executed: preview the sync again');
        if (stored.environment !== params.environment) throw new PlanMismatchError(`the plan is for environment ${stored.environment}, not ${params.environment}`);
        this.plans.delete(params.planId);
        planned = stored;
        const repo = this.args.repositoryOf(params.folderUri);
        const head = repo ? await resolveRevision({ repo, revision: 'HEAD', allowMissingHead: true }).catch(() => undefined) : undefined;
        if (planned.plan.reconciler === 'push' && planned.plan.head && head !== planned.plan.head) {
          throw new PlanMismatchError(`HEAD moved since the preview (${planned.plan.head.slice(0, 12)} → ${head ? head.slice(0, 12) : 'none'}): preview the sync again`);
        }
      } else planned = await this.plan(params, signal);
      const { plan, session, inspection } = planned;
      const folderUri = params.folderUri;
      const outcome = await syncEnvironment({
        session,
        inspection,
        plan,
        prune: params.prune === true,
        ...(plan.head ? { revision: plan.head } : {}),
        ...(plan.ref ? { ref: plan.ref } : {}),
        ...(signal ? { signal } : {}),
        onProgress: (progress) => void this.args.connection.sendNotification(SyncProgressNotification, { folderUri, environment: params.environment, message: progress.message }),
        options: { ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}) },
      });
      return toSyncResultDto({ environment: params.environment, outcome });
    } finally {
      this.running.delete(lock);
    }
  }

  private async plan(params: PlanSyncParams, signal?: AbortSignal): Promise<Planned> {
    const { root, repo, session, inspection } = await this.args.liveState.inspect({ folderUri: params.folderUri, environment: params.environment, trusted: params.trusted, ...(params.context !== undefined ? { context: params.context } : {}), ...(params.kubeconfigPaths ? { kubeconfigPaths: params.kubeconfigPaths } : {}) }, signal);
    if (session.state !== 'connected' || inspection.cluster.state !== 'connected') throw new ClusterNotConnectedError(inspection.cluster.state, inspection.cluster.message);
    const reconciler = syncReconcilerOf({ environment: inspection.environment });
    const source = repo ? await readSyncSource({ repo, environment: inspection.environment, reconciler }) : undefined;
    const plan = await planSync({ session, inspection, ...(source ? { source } : {}), ...(params.prune ? { prune: true } : {}), ...(signal ? { signal } : {}) });
    return { root, environment: params.environment, plan, inspection, session, createdAt: Date.now() };
  }

  private forgetExpired(): void {
    const oldest = Date.now() - planLifetimeMs;
    for (const [planId, planned] of this.plans) if (planned.createdAt < oldest) this.plans.delete(planId);
  }
}
