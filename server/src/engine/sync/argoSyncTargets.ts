import { findApiResource } from '../cluster/findApiResource';
import { getObject } from '../cluster/getObject';
import type { ApiResource } from '../cluster/KubeClient';
import type { ReconciledRevision } from '../cluster/status/ReconciledRevision';
import type { Environment } from '../environments/Environment';
import type { ClusterSession } from '../inspect/openClusterSession';
import { asMap, asText, type PlainMap } from '../manifests/plainData';
import { buildArgoOperation } from './buildArgoOperation';
import type { ArgoSyncTarget, SyncBlocker } from './SyncPlan';

/**
 * argoSyncTargets reads the environment's Applications from the cluster (namespaces as the status
 * resolved them, Argo CD's `argocd` for those written without one) and plans the operation for
 * each (see buildArgoOperation); blockers say which are missing, or already run an operation
 * (Argo CD refuses "another operation is already in progress").
 */
export async function argoSyncTargets(args: { session: ClusterSession; environment: Environment; reconciled?: ReconciledRevision; prune?: boolean; signal?: AbortSignal; defaultNamespace?: string }): Promise<{ targets: ArgoSyncTarget[]; blockers: SyncBlocker[]; resource?: ApiResource }> {
  const written = args.environment.argocd?.applications ?? [];
  const statuses = args.reconciled?.applications ?? [];
  const resource = findApiResource({ resources: args.session.resources, apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' });
  if (!resource) return { targets: [], blockers: [{ code: 'ReconcilerObjectNotFound', message: 'the cluster does not serve argoproj.io/v1alpha1 Application: is Argo CD installed?' }] };
  const blockers: SyncBlocker[] = [];
  const targets: ArgoSyncTarget[] = [];
  await Promise.all(written.map(async (application, index) => {
    const namespace = statuses[index]?.namespace ?? application.namespace ?? args.defaultNamespace ?? 'argocd';
    const what = `Application ${namespace}/${application.name}`;
    const live = await getObject({ client: args.session.client, resource, name: application.name, namespace, ...(args.signal ? { signal: args.signal } : {}) });
    if (!live) {
      blockers.push({ code: 'ReconcilerObjectNotFound', message: `${what} is not in the cluster${application.applicationSet ? ` (has ApplicationSet ${application.applicationSet} generated it yet?)` : ''}` });
      return;
    }
    if (live.operation !== undefined && live.operation !== null) {
      blockers.push({ code: 'SyncInProgress', message: `${what} already runs an operation (${describeOperation(asMap(live.operation))}): another operation is already in progress` });
      return;
    }
    targets.push({ name: application.name, namespace, operation: buildArgoOperation({ application: live, ...(args.prune ? { prune: true } : {}) }) });
  }));
  targets.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { targets, blockers, resource };
}

/** describeOperation says what an Application's pending operation is, for people. */
export function describeOperation(operation: PlainMap | undefined): string {
  const by = asMap(operation?.initiatedBy);
  const sync = asMap(operation?.sync);
  const who = by?.automated === true ? 'automated' : asText(by?.username) ? `by ${asText(by?.username)}` : 'by someone';
  return `sync ${who}${asText(sync?.revision) ? ` to ${asText(sync?.revision)}` : ''}`;
}
