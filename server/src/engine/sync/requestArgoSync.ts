import { KubeApiError } from '../cluster/errors/KubeApiError';
import { getObject } from '../cluster/getObject';
import type { ApiResource, KubeObject } from '../cluster/KubeClient';
import { resourcePath } from '../cluster/resourcePath';
import type { EnvironmentInspection } from '../inspect/EnvironmentInspection';
import type { ClusterSession } from '../inspect/openClusterSession';
import { asMap, asText } from '../manifests/plainData';
import { argoSyncTargets, describeOperation } from './argoSyncTargets';
import { argoOperationUser } from './buildArgoOperation';
import { decideArgoOperation } from './decideArgoOperation';
import { ClusterNotConnectedError } from './errors/ClusterNotConnectedError';
import { SyncBlockedError } from './errors/SyncBlockedError';
import { followObject, type FollowObjectOptions } from './followObject';
import type { ArgoSyncTarget } from './SyncPlan';
import type { ArgoSyncResult, ReconcileObjectOutcome, SyncProgress } from './SyncResult';

/** RequestArgoSyncOptions tune an Argo CD sync. */
export interface RequestArgoSyncOptions {
  /** How long to wait for the operations to finish. */
  timeoutMs: number;
  /** Times to retry setting the operation after a 409 (the controller wrote the Application meanwhile). */
  conflictRetries: number;
  follow: Partial<FollowObjectOptions>;
}

export function defaultRequestArgoSyncOptions(): RequestArgoSyncOptions {
  return { timeoutMs: 5 * 60_000, conflictRetries: 5, follow: {} };
}

/**
 * requestArgoSync asks Argo CD to sync an environment's Applications to their target revision, as
 * `argocd app sync` does through Argo CD's API server (argo.SetAppOperation): for each Application,
 * read it, refuse when an operation is already set, set `operation` (see buildArgoOperation) and
 * clear `status.operationState` in one update guarded by the resourceVersion (retried on 409);
 * then follow each (watch, else polling) until the controller finished the operation:
 * Succeeded, Failed/Error with its message (see decideArgoOperation), or the timeout. Refuses
 * (SyncBlockedError) before changing anything when an Application is missing or busy.
 */
export async function requestArgoSync(args: {
  session: ClusterSession;
  inspection: EnvironmentInspection;
  prune?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  options?: Partial<RequestArgoSyncOptions>;
}): Promise<ArgoSyncResult> {
  const options = { ...defaultRequestArgoSyncOptions(), ...args.options };
  const { session, inspection, signal } = args;
  if (inspection.cluster.state !== 'connected') throw new ClusterNotConnectedError(inspection.cluster.state, inspection.cluster.message);
  const deadline = Date.now() + options.timeoutMs;
  const { targets, blockers, resource } = await argoSyncTargets({ session, environment: inspection.environment, ...(inspection.reconciled ? { reconciled: inspection.reconciled } : {}), ...(args.prune ? { prune: true } : {}), ...(signal ? { signal } : {}) });
  if (blockers.length > 0 || !resource) throw new SyncBlockedError(blockers[0]);

  const objects: ReconcileObjectOutcome[] = await Promise.all(targets.map(async (target) => {
    const what = `Application ${target.namespace}/${target.name}`;
    await setOperation({ session, resource, target, retries: options.conflictRetries, ...(signal ? { signal } : {}) });
    const revision = asMap(target.operation.sync);
    args.onProgress?.({ message: `set the sync operation of ${what} (${revision?.revisions ? `revisions ${(revision.revisions as string[]).join(', ')}` : `revision ${asText(revision?.revision) ?? 'HEAD'}`}${revision?.prune ? ', prune' : ''}); waiting for Argo CD` });
    const followed = await followObject({
      client: session.client,
      resource,
      namespace: target.namespace,
      name: target.name,
      decide: (object) => decideArgoOperation({ object, username: argoOperationUser }),
      deadline,
      ...(signal ? { signal } : {}),
      options: options.follow,
    });
    const outcome: ReconcileObjectOutcome = { kind: 'Application', namespace: target.namespace, name: target.name, outcome: 'failed' };
    if (followed.state === 'decided') {
      outcome.outcome = followed.verdict.outcome;
      if (followed.verdict.message) outcome.message = followed.verdict.message;
      if (followed.verdict.revision) outcome.revision = followed.verdict.revision;
    } else {
      outcome.outcome = followed.state;
      const state = asMap(asMap(followed.object?.status)?.operationState);
      outcome.message = followed.state === 'cancelled'
        ? 'stopped waiting (the operation stays: Argo CD will still run it)'
        : `timed out after ${Math.round(options.timeoutMs / 1000)}s: ${state ? `the operation is ${asText(state.phase) ?? 'running'}${asText(state.message) ? `: ${asText(state.message)}` : ''}` : 'Argo CD has not started the operation (is the application controller running?)'}`;
    }
    args.onProgress?.({ message: `${what}: ${outcome.outcome}${outcome.message ? ` — ${outcome.message}` : ''}` });
    return outcome;
  }));

  const state = objects.some((object) => object.outcome === 'cancelled') ? 'cancelled' : objects.some((object) => object.outcome === 'failed') ? 'failed' : objects.some((object) => object.outcome === 'timed-out') ? 'timed-out' : 'succeeded';
  const message =
    state === 'succeeded'
      ? `Argo CD synced ${objects.length} Application${objects.length === 1 ? '' : 's'}${objects[0]?.revision ? ` at ${[...new Set(objects.map((object) => object.revision))].join(', ')}` : ''}`
      : objects.filter((object) => object.outcome !== 'succeeded').map((object) => `Application ${object.namespace}/${object.name} ${object.outcome}${object.message ? `: ${object.message}` : ''}`).join('; ');
  return { reconciler: 'argocd', outcome: state, message, objects };
}

/** setOperation writes the operation as Argo CD's SetAppOperation does: GET, refuse a running one, set it, clear operationState, update with the resourceVersion read. */
async function setOperation(args: { session: ClusterSession; resource: ApiResource; target: ArgoSyncTarget; retries: number; signal?: AbortSignal }): Promise<void> {
  const { session, resource, target } = args;
  const what = `Application ${target.namespace}/${target.name}`;
  for (let attempt = 0; ; attempt++) {
    const live = await getObject({ client: session.client, resource, name: target.name, namespace: target.namespace, ...(args.signal ? { signal: args.signal } : {}) });
    if (!live) throw new SyncBlockedError({ code: 'ReconcilerObjectNotFound', message: `${what} is not in the cluster` });
    if (live.operation !== undefined && live.operation !== null) throw new SyncBlockedError({ code: 'SyncInProgress', message: `${what} already runs an operation (${describeOperation(asMap(live.operation))}): another operation is already in progress` });
    const status = { ...(asMap(live.status) ?? {}) };
    delete status.operationState;
    const updated: KubeObject = { ...live, operation: target.operation, status };
    try {
      await session.client.request({ method: 'PUT', path: resourcePath({ resource, namespace: target.namespace, name: target.name }), body: updated, ...(args.signal ? { signal: args.signal } : {}) });
      return;
    } catch (error) {
      if (!(error instanceof KubeApiError) || error.status !== 409 || attempt >= args.retries) throw error;
    }
  }
}
