import { applyObject } from '../cluster/applyObject';
import { deleteObject } from '../cluster/deleteObject';
import { discoverResources } from '../cluster/discoverResources';
import { KubeApiError } from '../cluster/errors/KubeApiError';
import { createRequestLimiter } from '../cluster/createRequestLimiter';
import { findApiResource } from '../cluster/findApiResource';
import { getObject } from '../cluster/getObject';
import type { ApiResource } from '../cluster/KubeClient';
import { applySetKeys, applySetToolName } from '../cluster/status/applySetKeys';
import { applySetParentRef } from '../cluster/status/applySetParentRef';
import { parseApplySetParent } from '../cluster/status/parseApplySetParent';
import { objectKey, objectKeyOf } from '../drift/objectKey';
import { applySetPartOfLabel } from '../drift/ownershipLabels';
import type { EnvironmentInspection } from '../inspect/EnvironmentInspection';
import { fieldManager } from '../inspect/inspectEnvironment';
import type { ClusterSession } from '../inspect/openClusterSession';
import { asMap, type PlainMap } from '../manifests/plainData';
import type { RenderedObject } from '../render/RenderedObject';
import { ApplySetParentError } from './errors/ApplySetParentError';
import { ClusterNotConnectedError } from './errors/ClusterNotConnectedError';
import { PlanMismatchError } from './errors/PlanMismatchError';
import { SyncBlockedError } from './errors/SyncBlockedError';
import { pruneVerdict } from './pruneVerdict';
import { memberObject } from './memberObject';
import type { PlannedApply, PushSyncPlan, SyncObjectRef } from './SyncPlan';
import type { AppliedObject, ObjectFailure, PushSyncResult, SyncProgress } from './SyncResult';
import { writeApplySetParent, type AppliedRecord } from './writeApplySetParent';

/** ExecuteSyncOptions tune a push sync. */
export interface ExecuteSyncOptions {
  /** How long to wait for the kinds of freshly applied CustomResourceDefinitions to be served. */
  crdWaitMs: number;
  /** How many applies run at once: the kube client's own request limit (maxConcurrentRequests). */
  concurrentApplies: number;
}

export function defaultExecuteSyncOptions(): ExecuteSyncOptions {
  return { crdWaitMs: 15_000, concurrentApplies: 8 };
}

interface Member {
  planned: PlannedApply;
  rendered: RenderedObject;
}

/**
 * executeSync runs a push sync planned by planPushSync, in kubectl's ApplySet order:
 * 1. the ApplySet parent (a ConfigMap per environment) is written first, with the union of the
 *    kinds and namespaces it already lists and the new ones, its tooling and id label, the previous
 *    applied-* record kept and the new commit marked as attempted — so an interrupted sync leaves
 *    a parent that still finds every member and says the sync did not finish;
 * 2. every desired object is server-side applied (field manager gitops-workbench, force), labelled
 *    applyset.kubernetes.io/part-of = the ApplySet id: Namespaces and CustomResourceDefinitions
 *    first, then, once their kinds are served, the rest. A failure is collected per object; the
 *    others still apply;
 * 3. only with `prune`, and only when every apply succeeded (as kubectl does), each planned prune is
 *    read again, checked again (same uid, still a member nothing else claims) and deleted with
 *    background propagation and uid/resourceVersion preconditions;
 * 4. the parent is written again with the final kinds and namespaces (members left in place keep
 *    theirs listed) and, only when every apply succeeded, the applied revision, ref and time;
 *    otherwise it keeps the previous record and says why the attempt did not complete.
 * Throws before changing anything when the plan is not for this push environment and commit, has
 * blockers (SyncBlockedError), or the parent is another tool's; ApplySetParentError when the
 * parent cannot be written; ClusterUnreachableError when the cluster stops answering.
 */
export async function executeSync(args: {
  session: ClusterSession;
  inspection: EnvironmentInspection;
  plan: PushSyncPlan;
  prune: boolean;
  /** The commit applied (HEAD, 40 hex digits): recorded on the parent when every apply succeeded. */
  revision: string;
  /** The branch it was taken from. */
  ref?: string;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => Date;
  options?: Partial<ExecuteSyncOptions>;
}): Promise<PushSyncResult> {
  const options = { ...defaultExecuteSyncOptions(), ...args.options };
  const { session, inspection, plan, signal } = args;
  const { client } = session;
  const progress = (message: string, object?: SyncObjectRef) => args.onProgress?.({ message, ...(object ? { object } : {}) });
  const now = () => (args.now ?? (() => new Date()))().toISOString().replace(/\.\d+Z$/, 'Z');
  if (plan.reconciler !== 'push' || plan.environment !== inspection.environment.name) throw new PlanMismatchError(`the plan is for ${plan.reconciler} environment ${plan.environment}, not push environment ${inspection.environment.name}`);
  if (!/^[0-9a-f]{40}$/.test(args.revision)) throw new PlanMismatchError(`"${args.revision}" is not a commit id (40 hex digits)`);
  if (plan.head && plan.head !== args.revision) throw new PlanMismatchError(`the plan was made at ${plan.head.slice(0, 12)}, not at ${args.revision.slice(0, 12)}: plan again`);
  if (plan.blockers.length > 0) throw new SyncBlockedError(plan.blockers[0]);
  if (inspection.cluster.state !== 'connected') throw new ClusterNotConnectedError(inspection.cluster.state, inspection.cluster.message);

  let resources: ApiResource[] = session.resources;
  const configMaps = findApiResource({ resources, apiVersion: 'v1', kind: 'ConfigMap' });
  if (!configMaps) throw new ApplySetParentError('the cluster does not serve v1 ConfigMap, which holds the ApplySet parent');
  const parentRef = applySetParentRef({ environment: inspection.environment });
  const parentName = `ConfigMap ${parentRef.namespace}/${parentRef.name}`;

  // The parent as it is now: never take over another tool's, keep what it lists and records.
  const previous = { kinds: [] as { group: string; kind: string }[], namespaces: [] as string[], applied: undefined as AppliedRecord | undefined };
  const existing = await getObject({ client, resource: configMaps, name: parentRef.name, namespace: parentRef.namespace, signal });
  if (existing) {
    const status = parseApplySetParent({ object: existing, parent: parentRef });
    if (status.foundId !== parentRef.id || (status.tooling !== undefined && !status.tooling.startsWith(`${applySetToolName}/`))) {
      throw new SyncBlockedError({ code: 'ApplySetParentConflict', message: `${status.message ?? `${parentName} is not this environment's ApplySet parent`}: GitOps Workbench will not take it over` });
    }
    previous.kinds = status.groupKinds.map(parseGroupKind);
    const extra = asMap(asMap(existing.metadata)?.annotations)?.[applySetKeys.additionalNamespaces];
    previous.namespaces = typeof extra === 'string' && extra !== '' ? extra.split(',') : [];
    if (status.revision) previous.applied = { revision: status.revision, ...(status.ref ? { ref: status.ref } : {}), ...(status.appliedAt ? { appliedAt: status.appliedAt } : {}) };
  }

  const desiredByKey = new Map<string, RenderedObject>();
  for (const rendered of inspection.desired) if (!desiredByKey.has(objectKey(rendered.identity))) desiredByKey.set(objectKey(rendered.identity), rendered);
  const liveVersion = new Map<string, string>();
  for (const object of [...(inspection.live?.candidates ?? []), ...(inspection.live?.objects.values() ?? [])]) liveVersion.set(objectKeyOf(object), String(asMap(object.metadata)?.resourceVersion ?? ''));
  const members: Member[] = [];
  for (const planned of [...plan.creates, ...plan.updates, ...plan.unchanged]) {
    const rendered = desiredByKey.get(keyOf(planned));
    if (rendered) members.push({ planned, rendered });
  }
  const failures: ObjectFailure[] = plan.blocked.map((note) => ({ ...refOf(note), phase: 'apply', message: note.reason }));
  // Blocked objects are never applied, so never members: their kinds (maybe not served) stay out of the parent, which kubectl must be able to map.
  const desiredKinds = members.map((member) => ({ group: groupOf(member.planned.apiVersion), kind: member.planned.kind }));
  const desiredNamespaces = members.map((member) => member.planned.namespace ?? '').filter((namespace) => namespace !== '');

  const applied: AppliedObject[] = [];
  const appliedKeys = new Set<string>();
  let cancelled = false;
  // Applies start only as the client can send them (its own limit), so that a cancel stops every
  // apply not yet sent, and one that was sent is known to be under way.
  const applies = createRequestLimiter({ limit: options.concurrentApplies });
  const applyMember = (member: Member): Promise<void> => applies.run(() => applyOne(member));
  const applyOne = async (member: Member): Promise<void> => {
    const { planned } = member;
    if (signal?.aborted) {
      cancelled = true;
      failures.push({ ...refOf(planned), phase: 'apply', message: 'not applied: the sync was cancelled' });
      return;
    }
    const resource = findApiResource({ resources, apiVersion: planned.apiVersion, kind: planned.kind });
    if (!resource) {
      failures.push({ ...refOf(planned), phase: 'apply', message: `the cluster does not serve ${planned.apiVersion} ${planned.kind}${planned.afterCrd ? ' (not even after its CustomResourceDefinition was applied)' : ''}` });
      return;
    }
    let object = memberObject({ object: member.rendered.object, applySetId: parentRef.id });
    const metadata = asMap(object.metadata) ?? {};
    if (resource.namespaced && typeof metadata.namespace !== 'string' && planned.namespace) object = { ...object, metadata: { ...metadata, namespace: planned.namespace } };
    try {
      // force: Git is the source of truth. A field someone changed by hand (kubectl edit, scale, a
      // client-side apply) belongs to their field manager; without force the sync would stop at
      // every such hotfix with a 409 conflict instead of restoring what Git declares — which is
      // what a sync is for, and what Flux's kustomize-controller and Argo CD's server-side apply do.
      const result = await applyObject({ client, resource, object, fieldManager, force: true, signal });
      const key = keyOf(planned);
      const before = liveVersion.get(key);
      const after = String(asMap(result.metadata)?.resourceVersion ?? '');
      applied.push({ ...refOf(planned), action: before === undefined ? 'created' : before === after ? 'unchanged' : 'configured' });
      appliedKeys.add(key);
    } catch (error) {
      if (signal?.aborted) {
        cancelled = true;
        // The request had left: the API server may have applied it before the cancel reached it.
        failures.push({ ...refOf(planned), phase: 'apply', message: 'the sync was cancelled while this apply was under way: the API server may or may not have applied it' });
        return;
      }
      if (!(error instanceof KubeApiError)) throw error;
      failures.push({ ...refOf(planned), phase: 'apply', message: error.message, reason: error.reason });
    }
  };

  // 1. The parent, first.
  const firstKinds = [...previous.kinds, ...desiredKinds];
  const firstNamespaces = [...previous.namespaces, ...desiredNamespaces];
  const parentNamespace = members.find((member) => member.planned.kind === 'Namespace' && groupOf(member.planned.apiVersion) === '' && member.planned.name === parentRef.namespace);
  progress(`writing the ApplySet parent ${parentName} (${applySetKeys.containsGroupKinds}: ${formatKinds(firstKinds)})`);
  try {
    await writeApplySetParent({ client, configMaps, environment: inspection.environment, kinds: firstKinds, namespaces: firstNamespaces, ...(previous.applied ? { applied: previous.applied } : {}), attempt: { revision: args.revision }, signal });
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    const namespaceMissing = error.status === 404 && error.details?.kind === 'namespaces';
    if (!namespaceMissing || !parentNamespace) throw new ApplySetParentError(`cannot write the ApplySet parent ${parentName}: ${error.message}`);
    // The parent lives in a namespace this very sync creates: that Namespace goes first.
    progress(`creating Namespace ${parentRef.namespace} first: the ApplySet parent goes in it`);
    await applyMember(parentNamespace);
    if (!appliedKeys.has(keyOf(parentNamespace.planned))) throw new ApplySetParentError(`cannot write the ApplySet parent ${parentName}: its namespace could not be created (${failures[failures.length - 1]?.message ?? ''})`);
    try {
      await writeApplySetParent({ client, configMaps, environment: inspection.environment, kinds: firstKinds, namespaces: firstNamespaces, ...(previous.applied ? { applied: previous.applied } : {}), attempt: { revision: args.revision }, signal });
    } catch (retry) {
      if (!(retry instanceof KubeApiError)) throw retry;
      throw new ApplySetParentError(`cannot write the ApplySet parent ${parentName}: ${retry.message}`);
    }
  }

  // 2. Namespaces and CustomResourceDefinitions, then the rest once their kinds are served.
  const first = members.filter((member) => !appliedKeys.has(keyOf(member.planned)) && isFoundational(member.planned));
  const rest = members.filter((member) => !appliedKeys.has(keyOf(member.planned)) && !isFoundational(member.planned));
  progress(`applying ${members.length} object${members.length === 1 ? '' : 's'} (server-side apply, field manager ${fieldManager})`);
  await Promise.all(first.map(applyMember));
  const waiting = rest.filter((member) => member.planned.afterCrd);
  if (waiting.length > 0 && !cancelled) resources = await waitForKinds({ session, kinds: waiting.map((member) => member.planned), waitMs: options.crdWaitMs, signal });
  await Promise.all(rest.map(applyMember));
  const applyFailed = failures.some((failure) => failure.phase === 'apply');
  const complete = !applyFailed && !cancelled;

  // 3. Prune: asked for, and every apply succeeded.
  const pruned: SyncObjectRef[] = [];
  const notPruned: Array<SyncObjectRef & { reason: string }> = [];
  const remaining: SyncObjectRef[] = [...plan.kept];
  for (const prune of plan.prunes) {
    if (!args.prune) notPruned.push({ ...refOf(prune), reason: 'pruning was not asked for' });
    else if (!complete) notPruned.push({ ...refOf(prune), reason: cancelled ? 'the sync was cancelled' : 'not every object applied, so nothing is pruned' });
  }
  if (args.prune && complete) {
    await Promise.all(plan.prunes.map(async (prune) => {
      const resource = findApiResource({ resources, apiVersion: prune.apiVersion, kind: prune.kind, anyVersion: true });
      try {
        const fresh = resource ? await getObject({ client, resource, name: prune.name, namespace: prune.namespace, signal }) : undefined;
        if (!resource || !fresh) {
          pruned.push(refOf(prune));
          return;
        }
        const metadata = asMap(fresh.metadata) ?? {};
        const verdict = pruneVerdict({ object: fresh as PlainMap, fieldManager });
        const why = metadata.uid !== prune.uid ? 'it was deleted and created again since the plan' : asMap(metadata.labels)?.[applySetPartOfLabel] !== parentRef.id ? 'it is no longer a member of the ApplySet' : 'keep' in verdict ? verdict.keep : undefined;
        if (why) {
          notPruned.push({ ...refOf(prune), reason: why });
          return;
        }
        await deleteObject({ client, resource, name: prune.name, namespace: prune.namespace, preconditions: { uid: prune.uid, resourceVersion: String(metadata.resourceVersion ?? '') }, propagationPolicy: 'Background', signal });
        pruned.push(refOf(prune));
        progress(`pruned ${describe(prune)}`, refOf(prune));
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        failures.push({ ...refOf(prune), phase: 'prune', message: error.message, reason: error.reason });
      }
    }));
  }
  remaining.push(...notPruned, ...failures.filter((failure) => failure.phase === 'prune'));

  // 4. The parent's final word.
  const finalKinds = [...desiredKinds, ...remaining.map((ref) => ({ group: groupOf(ref.apiVersion), kind: ref.kind })), ...(complete ? [] : previous.kinds)];
  const finalNamespaces = [...desiredNamespaces, ...remaining.map((ref) => ref.namespace ?? '').filter((namespace) => namespace !== ''), ...(complete ? [] : previous.namespaces)];
  const total = members.length + plan.blocked.length;
  const applyFailures = failures.filter((failure) => failure.phase === 'apply');
  const failedText = `${applyFailures.length} of ${total} object${total === 1 ? '' : 's'} not applied: ${applyFailures.map((failure) => `${describe(failure)}: ${failure.message}`).join('; ')}`;
  const record: AppliedRecord | undefined = complete ? { revision: args.revision, ...(args.ref ? { ref: args.ref } : {}), appliedAt: now() } : previous.applied;
  let parentError: string | undefined;
  try {
    // Without the signal: a cancelled sync must still say so on the parent.
    await writeApplySetParent({
      client,
      configMaps,
      environment: inspection.environment,
      kinds: finalKinds,
      namespaces: finalNamespaces,
      ...(record ? { applied: record } : {}),
      ...(complete ? {} : { attempt: { revision: args.revision, failed: cancelled ? 'the sync was cancelled' : truncate(failedText, 1000) } }),
    });
    progress(`ApplySet parent ${parentName} ${complete ? `records ${args.revision.slice(0, 12)}` : `keeps ${previous.applied ? previous.applied.revision.slice(0, 12) : 'no applied commit'}`}`);
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    parentError = `the ApplySet parent ${parentName} could not be updated: ${error.message}`;
  }

  const counts = (['created', 'configured', 'unchanged'] as const).map((action) => `${applied.filter((object) => object.action === action).length} ${action}`).join(', ');
  const pruneFailures = failures.filter((failure) => failure.phase === 'prune');
  const sentences = [
    complete ? `applied ${applied.length} object${applied.length === 1 ? '' : 's'} (${counts})` : cancelled ? `cancelled after applying ${applied.length} of ${total} objects` : failedText,
    ...(pruned.length > 0 ? [`pruned ${pruned.length}`] : []),
    ...(pruneFailures.length > 0 ? [`${pruneFailures.length} prune${pruneFailures.length === 1 ? '' : 's'} failed`] : []),
    ...(notPruned.length > 0 ? [`${notPruned.length} not pruned`] : []),
    parentError ?? (complete ? `the ApplySet parent records ${args.revision.slice(0, 12)}${args.ref ? ` (${args.ref})` : ''}` : `the ApplySet parent keeps ${previous.applied ? `${previous.applied.revision.slice(0, 12)} as the applied commit` : 'no applied commit'}`),
  ];
  const appliedRevision = parentError ? undefined : record?.revision;
  return {
    reconciler: 'push',
    outcome: cancelled ? 'cancelled' : complete && pruneFailures.length === 0 && !parentError ? 'succeeded' : 'failed',
    message: sentences.join('; '),
    revision: args.revision,
    ...(args.ref ? { ref: args.ref } : {}),
    applied: applied.sort(compareRefs),
    failures: failures.sort(compareRefs),
    pruned: pruned.sort(compareRefs),
    notPruned: notPruned.sort(compareRefs),
    parent: { name: parentRef.name, namespace: parentRef.namespace, id: parentRef.id, ...(appliedRevision ? { appliedRevision } : {}), ...(parentError ? { error: parentError } : {}) },
  };
}

/** waitForKinds reads discovery again until the kinds of freshly applied CustomResourceDefinitions are served, or `waitMs` passed. */
async function waitForKinds(args: { session: ClusterSession; kinds: readonly SyncObjectRef[]; waitMs: number; signal?: AbortSignal }): Promise<ApiResource[]> {
  const deadline = Date.now() + args.waitMs;
  let delay = 200;
  for (;;) {
    const resources = await discoverResources({ client: args.session.client, ...(args.signal ? { signal: args.signal } : {}) });
    const served = args.kinds.every((kind) => findApiResource({ resources, apiVersion: kind.apiVersion, kind: kind.kind }));
    if (served || Date.now() + delay > deadline || args.signal?.aborted) return resources;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 2000);
  }
}

function isFoundational(ref: SyncObjectRef): boolean {
  const group = groupOf(ref.apiVersion);
  return (group === '' && ref.kind === 'Namespace') || (group === 'apiextensions.k8s.io' && ref.kind === 'CustomResourceDefinition');
}

function parseGroupKind(text: string): { group: string; kind: string } {
  const dot = text.indexOf('.');
  return dot === -1 ? { group: '', kind: text } : { group: text.slice(dot + 1), kind: text.slice(0, dot) };
}

function formatKinds(kinds: readonly { group: string; kind: string }[]): string {
  return [...new Set(kinds.map((entry) => (entry.group ? `${entry.kind}.${entry.group}` : entry.kind)))].sort().join(',');
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function keyOf(ref: SyncObjectRef): string {
  return objectKey({ group: groupOf(ref.apiVersion), kind: ref.kind, namespace: ref.namespace, name: ref.name });
}

function refOf(ref: SyncObjectRef): SyncObjectRef {
  return { apiVersion: ref.apiVersion, kind: ref.kind, ...(ref.namespace ? { namespace: ref.namespace } : {}), name: ref.name };
}

function describe(ref: SyncObjectRef): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function compareRefs(a: SyncObjectRef, b: SyncObjectRef): number {
  return (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
