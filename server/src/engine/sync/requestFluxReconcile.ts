import { resourcePath } from '../cluster/resourcePath';
import { findCondition } from '../cluster/status/findCondition';
import type { EnvironmentInspection } from '../inspect/EnvironmentInspection';
import type { ClusterSession } from '../inspect/openClusterSession';
import { asMap } from '../manifests/plainData';
import { fluxTargetBlockers } from './fluxTargetBlockers';
import { decideFluxReconcile } from './decideFluxReconcile';
import { ClusterNotConnectedError } from './errors/ClusterNotConnectedError';
import { SyncBlockedError } from './errors/SyncBlockedError';
import { fluxReconcileTargets } from './fluxReconcileTargets';
import { followObject, type FollowObjectOptions } from './followObject';
import { formatRfc3339Nano } from './formatRfc3339Nano';
import type { FluxReconcileTarget } from './SyncPlan';
import type { FluxReconcileResult, ReconcileObjectOutcome, SyncProgress } from './SyncResult';

/** The annotation Flux controllers watch for on-demand reconciliation (fluxcd/pkg meta.ReconcileRequestAnnotation). */
export const fluxReconcileRequestAnnotation = 'reconcile.fluxcd.io/requestedAt';

/** RequestFluxReconcileOptions tune a Flux sync. */
export interface RequestFluxReconcileOptions {
  /** How long the whole sync may wait for Flux (all stages). */
  timeoutMs: number;
  follow: Partial<FollowObjectOptions>;
}

export function defaultRequestFluxReconcileOptions(): RequestFluxReconcileOptions {
  return { timeoutMs: 5 * 60_000, follow: {} };
}

/**
 * requestFluxReconcile asks Flux to reconcile an environment now, as `flux reconcile
 * kustomization --with-source` does: stage by stage (sources, then Kustomizations in dependsOn
 * order; see fluxReconcileTargets), each object gets the annotation
 * reconcile.fluxcd.io/requestedAt = now in RFC3339Nano by a JSON merge patch of its metadata,
 * then is followed (watch, else polling with backoff) until its controller handled that very
 * request (`status.lastHandledReconcileAt`) and settled: Ready=True succeeds, Ready=False or
 * Stalled fails with Flux's message (see decideFluxReconcile). A failure or timeout stops the
 * later stages. Refuses (SyncBlockedError) before annotating anything when a target is missing or
 * suspended.
 */
export async function requestFluxReconcile(args: {
  session: ClusterSession;
  inspection: EnvironmentInspection;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  options?: Partial<RequestFluxReconcileOptions>;
}): Promise<FluxReconcileResult> {
  const options = { ...defaultRequestFluxReconcileOptions(), ...args.options };
  const { session, inspection, signal } = args;
  if (inspection.cluster.state !== 'connected') throw new ClusterNotConnectedError(inspection.cluster.state, inspection.cluster.message);
  const deadline = Date.now() + options.timeoutMs;
  const targets = fluxReconcileTargets({ environment: inspection.environment, ...(inspection.reconciled ? { reconciled: inspection.reconciled } : {}) });
  const { blockers, live } = await fluxTargetBlockers({ session, targets, ...(signal ? { signal } : {}) });
  if (blockers.length > 0) throw new SyncBlockedError(blockers[0]);

  const outcomes = new Map<FluxReconcileTarget, ReconcileObjectOutcome>();
  for (const target of targets) outcomes.set(target, { kind: target.kind, namespace: target.namespace, name: target.name, outcome: 'not-started' });
  const stages = [...new Set(targets.map((target) => target.stage))].sort((a, b) => a - b);
  let stopped = false;
  for (const stage of stages) {
    if (stopped) break;
    await Promise.all(targets.filter((target) => target.stage === stage).map(async (target) => {
      const what = `${target.kind} ${target.namespace}/${target.name}`;
      const { resource } = live.get(target)!;
      const requestedAt = formatRfc3339Nano();
      await session.client.request({
        method: 'PATCH',
        path: resourcePath({ resource, namespace: target.namespace, name: target.name }),
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [fluxReconcileRequestAnnotation]: requestedAt } } },
        ...(signal ? { signal } : {}),
      });
      args.onProgress?.({ message: `annotated ${what} (${fluxReconcileRequestAnnotation}: ${requestedAt}); waiting for its reconciliation` });
      const followed = await followObject({
        client: session.client,
        resource,
        namespace: target.namespace,
        name: target.name,
        decide: (object) => decideFluxReconcile({ object, requestedAt }),
        deadline,
        ...(signal ? { signal } : {}),
        options: options.follow,
      });
      const outcome: ReconcileObjectOutcome = { kind: target.kind, namespace: target.namespace, name: target.name, requestedAt, outcome: 'failed' };
      if (followed.state === 'decided') {
        outcome.outcome = followed.verdict.outcome;
        if (followed.verdict.message) outcome.message = followed.verdict.message;
        if (followed.verdict.revision) outcome.revision = followed.verdict.revision;
      } else {
        outcome.outcome = followed.state;
        const ready = findCondition({ object: followed.object, type: 'Ready' });
        const handled = asMap(followed.object?.status)?.lastHandledReconcileAt === requestedAt;
        outcome.message = followed.state === 'cancelled' ? 'stopped waiting (the request stays: Flux will still handle it)' : `timed out after ${Math.round(options.timeoutMs / 1000)}s: ${handled ? `the request was handled, but it is not Ready yet${ready ? ` (Ready ${ready.status}${ready.message ? `: ${ready.message}` : ''})` : ''}` : 'the controller has not handled the request (is it running?)'}`;
      }
      outcomes.set(target, outcome);
      args.onProgress?.({ message: `${what}: ${outcome.outcome}${outcome.message ? ` — ${outcome.message}` : ''}` });
      if (outcome.outcome !== 'succeeded') stopped = true;
    }));
  }

  const objects = targets.map((target) => outcomes.get(target)!);
  const failed = objects.filter((object) => object.outcome === 'failed');
  const state = objects.some((object) => object.outcome === 'cancelled') ? 'cancelled' : failed.length > 0 ? 'failed' : objects.some((object) => object.outcome === 'timed-out') ? 'timed-out' : 'succeeded';
  const kustomizations = objects.filter((object) => object.kind === 'Kustomization');
  const message =
    state === 'succeeded'
      ? `Flux reconciled ${kustomizations.length} Kustomization${kustomizations.length === 1 ? '' : 's'}${kustomizations[0]?.revision ? ` at ${kustomizations.map((object) => object.revision).filter((revision, index, all) => all.indexOf(revision) === index).join(', ')}` : ''}`
      : objects
          .filter((object) => object.outcome !== 'succeeded' && object.outcome !== 'not-started')
          .map((object) => `${object.kind} ${object.namespace}/${object.name} ${object.outcome}${object.message ? `: ${object.message}` : ''}`)
          .join('; ');
  return { reconciler: 'flux', outcome: state, message, objects };
}
