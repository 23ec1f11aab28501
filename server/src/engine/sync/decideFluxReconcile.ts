import { findCondition } from '../cluster/status/findCondition';
import { asMap, asText, type PlainMap } from '../manifests/plainData';

/** ReconcileVerdict is how a reconciler answered a request, once it has. */
export interface ReconcileVerdict {
  outcome: 'succeeded' | 'failed';
  message?: string;
  revision?: string;
}

/**
 * decideFluxReconcile reads a Flux object (Kustomization, GitRepository…) after a reconcile
 * request: undefined while the controller has not handled `requestedAt` yet
 * (`status.lastHandledReconcileAt` differs), its status describes an older generation, it is
 * still reconciling (Reconciling=True, Ready Unknown) or waits for a dependency
 * (DependencyNotReady, which it retries); then Ready=True is success (with the applied or
 * fetched revision), Stalled=True or Ready=False failure, with the condition's message — as
 * `flux reconcile` waits for the handled request and a settled status, then reads Ready. A
 * deleted object is a failure.
 */
export function decideFluxReconcile(args: { object: PlainMap | undefined; requestedAt: string }): ReconcileVerdict | undefined {
  const { object } = args;
  if (!object) return { outcome: 'failed', message: 'it was deleted while the request was waiting' };
  const status = asMap(object.status) ?? {};
  if (status.lastHandledReconcileAt !== args.requestedAt) return undefined;
  const generation = asMap(object.metadata)?.generation;
  const observed = status.observedGeneration;
  if (typeof generation === 'number' && typeof observed === 'number' && observed < generation) return undefined;
  const ready = findCondition({ object, type: 'Ready' });
  const stalled = findCondition({ object, type: 'Stalled' });
  const reconciling = findCondition({ object, type: 'Reconciling' });
  const revision = asText(status.lastAppliedRevision) ?? asText(asMap(status.artifact)?.revision);
  if (stalled?.status === 'True') return { outcome: 'failed', message: stalled.message ?? ready?.message ?? 'stalled', ...(revision ? { revision } : {}) };
  if (reconciling?.status === 'True' || !ready || ready.status === 'Unknown') return undefined;
  if (ready.status === 'True') return { outcome: 'succeeded', ...(ready.message ? { message: ready.message } : {}), ...(revision ? { revision } : {}) };
  if (ready.reason === 'DependencyNotReady') return undefined;
  return { outcome: 'failed', message: [ready.reason, ready.message].filter(Boolean).join(': ') || 'not Ready', ...(revision ? { revision } : {}) };
}
