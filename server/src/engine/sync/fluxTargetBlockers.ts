import { findApiResource } from '../cluster/findApiResource';
import { getObject } from '../cluster/getObject';
import type { ApiResource, KubeObject } from '../cluster/KubeClient';
import type { ClusterSession } from '../inspect/openClusterSession';
import { asMap } from '../manifests/plainData';
import type { FluxReconcileTarget, SyncBlocker } from './SyncPlan';

/**
 * fluxTargetBlockers reads each target and says why Flux would not act on a request: a target
 * not in the cluster (or not served), or suspended (`spec.suspend: true`), as `flux reconcile`
 * refuses "resource is suspended". Returns the live objects of the others.
 */
export async function fluxTargetBlockers(args: { session: ClusterSession; targets: readonly FluxReconcileTarget[]; signal?: AbortSignal }): Promise<{ blockers: SyncBlocker[]; live: Map<FluxReconcileTarget, { resource: ApiResource; object: KubeObject }> }> {
  const blockers: SyncBlocker[] = [];
  const live = new Map<FluxReconcileTarget, { resource: ApiResource; object: KubeObject }>();
  await Promise.all(args.targets.map(async (target) => {
    const what = `${target.kind} ${target.namespace}/${target.name}`;
    const resource = findApiResource({ resources: args.session.resources, apiVersion: `${target.group}/v1`, kind: target.kind, anyVersion: true });
    if (!resource) {
      blockers.push({ code: 'ReconcilerObjectNotFound', message: `the cluster does not serve ${target.kind}.${target.group}: is Flux installed?` });
      return;
    }
    const object = await getObject({ client: args.session.client, resource, name: target.name, namespace: target.namespace, ...(args.signal ? { signal: args.signal } : {}) });
    if (!object) blockers.push({ code: 'ReconcilerObjectNotFound', message: `${what} is not in the cluster: has Flux applied it yet?` });
    else if (asMap(object.spec)?.suspend === true) blockers.push({ code: 'ReconcilerSuspended', message: `${what} is suspended (spec.suspend: true): it ignores reconcile requests until resumed (flux resume ${target.kind === 'Kustomization' ? 'kustomization' : 'source git'} ${target.name} -n ${target.namespace})` });
    else live.set(target, { resource, object });
  }));
  return { blockers, live };
}
