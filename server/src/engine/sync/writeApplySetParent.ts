import { applyObject } from '../cluster/applyObject';
import type { ApiResource, KubeClient, KubeObject } from '../cluster/KubeClient';
import { buildApplySetParent } from '../cluster/status/buildApplySetParent';
import type { Environment } from '../environments/Environment';
import { fieldManager } from '../inspect/inspectEnvironment';
import { serverVersion } from '../../version';

/** AppliedRecord is what the parent records of the last complete sync. */
export interface AppliedRecord {
  revision: string;
  ref?: string;
  appliedAt?: string;
}

/**
 * writeApplySetParent server-side applies the environment's ApplySet parent ConfigMap (see
 * buildApplySetParent) with GitOps Workbench's field manager and force: the parent is ours (the
 * caller checked its id and tooling), and force takes back any annotation someone edited. Every
 * annotation is sent each time — server-side apply removes the ones this manager stops sending —
 * so `applied` must carry the previous record when it stays.
 */
export async function writeApplySetParent(args: {
  client: KubeClient;
  configMaps: ApiResource;
  environment: Pick<Environment, 'name' | 'namespace'>;
  kinds: readonly { group: string; kind: string }[];
  namespaces: readonly string[];
  applied?: AppliedRecord;
  attempt?: { revision: string; failed?: string };
  signal?: AbortSignal;
}): Promise<KubeObject> {
  const parent = buildApplySetParent({
    environment: args.environment,
    version: serverVersion,
    kinds: args.kinds,
    namespaces: args.namespaces,
    ...(args.applied ? { revision: args.applied.revision, appliedAt: args.applied.appliedAt ?? new Date().toISOString(), ...(args.applied.ref !== undefined ? { ref: args.applied.ref } : {}) } : {}),
    ...(args.attempt ? { attempt: args.attempt } : {}),
  });
  return applyObject({ client: args.client, resource: args.configMaps, object: parent, fieldManager, force: true, ...(args.signal ? { signal: args.signal } : {}) });
}
