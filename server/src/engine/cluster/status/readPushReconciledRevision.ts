import type { Environment } from '../../environments/Environment';
import type { KubeClient } from '../KubeClient';
import { applySetParentRef } from './applySetParentRef';
import { describeReadFailure } from './describeReadFailure';
import { getStatusObject } from './getStatusObject';
import { parseApplySetParent } from './parseApplySetParent';
import type { ApplySetParentStatus, ReconciledRevision } from './ReconciledRevision';

/**
 * readPushReconciledRevision reads the ApplySet parent GitOps Workbench's push sync keeps for an
 * environment (see applySetParentRef) and reports the commit it recorded. `explicit` says the
 * environment is configured `reconciler: push`: a missing parent then means "never synced";
 * otherwise it means no reconciler was found at all (source null).
 */
export async function readPushReconciledRevision(args: { client: KubeClient; environment: Environment; explicit: boolean; signal?: AbortSignal }): Promise<ReconciledRevision> {
  const parent = applySetParentRef({ environment: args.environment });
  const where = `ConfigMap ${parent.namespace}/${parent.name}`;
  const markers = { fluxKustomizations: [], fluxInventory: [], argoApplications: [] };
  let object: unknown;
  try {
    object = await getStatusObject({ client: args.client, object: { group: '', versions: ['v1'], plural: 'configmaps', namespace: parent.namespace, name: parent.name }, signal: args.signal });
  } catch (error) {
    const problem = describeReadFailure({
      error,
      object: where,
      resource: 'configmaps',
      hint: args.explicit
        ? 'GitOps Workbench has not synced this environment yet (its push sync writes this ApplySet parent)'
        : 'no reconciler was found for this environment: no Flux Kustomization or Argo CD Application of the repository applies it, and GitOps Workbench has not synced it (its push sync writes this ApplySet parent)',
    });
    const applySet: ApplySetParentStatus = { name: parent.name, namespace: parent.namespace, id: parent.id, found: false, groupKinds: [], problem };
    const source = args.explicit ? 'push' : null;
    // A missing parent is an answer (never synced), not a failure to read.
    return { source, message: problem.message, applySet, problems: problem.code === 'NotFound' ? [] : [problem], markers };
  }
  const applySet = parseApplySetParent({ object, parent });
  // A sync that is running, interrupted or failed after the recorded one leaves the environment not Ready.
  const trusted = applySet.revision !== undefined && applySet.attemptedRevision === undefined;
  return {
    source: 'push',
    ...(applySet.revision ? { revision: applySet.revision } : {}),
    ...(applySet.ref ? { ref: applySet.ref } : {}),
    ready: trusted,
    ...(applySet.message ? { message: applySet.message } : {}),
    ...(applySet.appliedAt ? { reconciledAt: applySet.appliedAt } : {}),
    applySet,
    problems: [],
    markers: { ...markers, ...(applySet.foundId === parent.id ? { applySetId: parent.id } : {}) },
  };
}
