import { applyObject } from '../cluster/applyObject';
import { ClusterUnreachableError } from '../cluster/errors/ClusterUnreachableError';
import { KubeApiError } from '../cluster/errors/KubeApiError';
import { findApiResource } from '../cluster/findApiResource';
import { getObject } from '../cluster/getObject';
import type { ApiResource } from '../cluster/KubeClient';
import { applySetParentRef } from '../cluster/status/applySetParentRef';
import { compareObject } from '../drift/compareObject';
import type { FieldDrift, ResourceDrift } from '../drift/Drift';
import { notComparedReason } from '../drift/notComparedReason';
import { objectKey, objectKeyOf } from '../drift/objectKey';
import { applySetPartOfLabel } from '../drift/ownershipLabels';
import type { EnvironmentInspection } from '../inspect/EnvironmentInspection';
import { fieldManager } from '../inspect/inspectEnvironment';
import type { ClusterSession } from '../inspect/openClusterSession';
import { asList, asMap, type PlainMap } from '../manifests/plainData';
import type { RenderedObject } from '../render/RenderedObject';
import { ClusterNotConnectedError } from './errors/ClusterNotConnectedError';
import { findPruneCandidates } from './findPruneCandidates';
import { memberObject } from './memberObject';
import { otherOwnerOf } from './otherOwnerOf';
import type { PlannedApply, PushSyncPlan, SyncBlocker, SyncNote, SyncObjectRef, SyncSource } from './SyncPlan';

/**
 * planPushSync previews a push sync of an inspected environment, changing nothing: every desired
 * object will be server-side applied (field manager gitops-workbench, force), labelled a member of
 * the environment's ApplySet. Missing objects are `creates`; modified ones are `updates` only when
 * a server-side apply dry-run (dryRun=All, force, the object as the sync sends it) still leaves the
 * drifted fields different — each with those fields; the rest are `unchanged`. Creates are
 * dry-run too, so an object the server refuses shows `dryRunError` now rather than failing later.
 * Objects whose kind a CustomResourceDefinition of the same sync introduces are creates applied
 * after it (`afterCrd`). Prunes are the ApplySet's live members Git no longer declares that nothing
 * else claims (see findPruneCandidates). Hooks and objects Flux is told to skip are `skipped`;
 * objects whose live state could not be read are `blocked`. `blockers` say why the sync must not
 * run: uncommitted changes to the inputs (from `source`), no commit, an ApplySet parent that is not
 * this environment's, its namespace missing. Throws ClusterNotConnectedError when the inspection
 * did not reach the cluster.
 */
export async function planPushSync(args: { session: ClusterSession; inspection: EnvironmentInspection; source?: SyncSource; signal?: AbortSignal }): Promise<PushSyncPlan> {
  const { session, inspection, signal } = args;
  const { client } = session;
  if (inspection.cluster.state !== 'connected' || !inspection.live) throw new ClusterNotConnectedError(inspection.cluster.state, inspection.cluster.message);
  const parentRef = applySetParentRef({ environment: inspection.environment });
  const parentStatus = inspection.reconciled?.applySet;
  const blockers: SyncBlocker[] = [];
  const warnings: string[] = [...(args.source?.warnings ?? [])];
  const head = args.source?.head ?? inspection.head;
  if (!head) blockers.push({ code: 'NoCommit', message: 'the repository has no commit: a push sync records the commit it applied, so commit the environment first' });
  if (args.source && args.source.uncommitted.length > 0) {
    blockers.push({ code: 'UncommittedChanges', message: `the environment's inputs have uncommitted changes (${args.source.uncommitted.join(', ')}): a sync applies what HEAD has and records it, so commit (or stash) them first`, files: args.source.uncommitted });
  }
  if (inspection.render.notRendered.length > 0) {
    blockers.push({ code: 'RenderIncomplete', message: `parts of the environment could not be rendered (${inspection.render.notRendered.map((part) => `${part.source}: ${part.reason}`).join('; ')}): a sync would apply, and prune, as if they were gone` });
  }
  if (parentStatus?.found && (parentStatus.foundId !== parentRef.id || (parentStatus.tooling !== undefined && !parentStatus.tooling.startsWith('gitops-workbench/')))) {
    blockers.push({ code: 'ApplySetParentConflict', message: `${parentStatus.message ?? `ConfigMap ${parentRef.namespace}/${parentRef.name} is not this environment's ApplySet parent`}: GitOps Workbench will not take it over` });
  }

  const desiredByKey = new Map<string, RenderedObject>();
  for (const rendered of inspection.desired) if (!desiredByKey.has(objectKey(rendered.identity))) desiredByKey.set(objectKey(rendered.identity), rendered);
  const liveByKey = new Map<string, PlainMap>();
  for (const candidate of inspection.live.candidates) liveByKey.set(objectKeyOf(candidate), candidate);
  for (const [key, object] of inspection.live.objects) liveByKey.set(key, object);
  const desiredNamespaces = new Set([...desiredByKey.values()].filter((rendered) => rendered.identity.group === '' && rendered.identity.kind === 'Namespace').map((rendered) => rendered.identity.name));
  const crdKinds = crdKindsOf([...desiredByKey.values()]);

  const creates: PlannedApply[] = [];
  const updates: PlannedApply[] = [];
  const unchanged: PlannedApply[] = [];
  const skipped: SyncNote[] = [];
  const blocked: SyncNote[] = [];
  const dryRuns: Promise<void>[] = [];
  for (const resource of inspection.drift) {
    if (resource.status === 'extra') continue;
    const key = objectKey({ group: groupOf(resource.apiVersion), kind: resource.kind, namespace: resource.namespace, name: resource.name });
    const rendered = desiredByKey.get(key);
    if (!rendered) continue;
    const ref = refOf(resource);
    const origin = resource.origin ? { origin: resource.origin } : {};
    const live = liveByKey.get(key);
    const skip = notComparedReason({ desired: rendered.object, ...(live ? { live } : {}) });
    if (skip) {
      skipped.push({ ...ref, reason: skip.replace(/: not drift$|, so changes are not drift$/, ''), ...origin });
      continue;
    }
    if (resource.status === 'unknown') {
      if (crdKinds.has(`${groupOf(resource.apiVersion)}/${versionOf(resource.apiVersion)}/${resource.kind}`)) creates.push({ ...ref, action: 'create', fields: [], afterCrd: true, ...origin });
      else blocked.push({ ...ref, reason: resource.reason ?? 'its live state could not be read', ...origin });
      continue;
    }
    const apiResource = findApiResource({ resources: session.resources, apiVersion: resource.apiVersion, kind: resource.kind });
    if (!apiResource) {
      blocked.push({ ...ref, reason: `the cluster does not serve ${resource.apiVersion} ${resource.kind}`, ...origin });
      continue;
    }
    const planned: PlannedApply = { ...ref, action: resource.status === 'missing' ? 'create' : resource.status === 'modified' ? 'update' : 'unchanged', fields: [], ...origin };
    if (live) {
      if (asMap(asMap(live.metadata)?.labels)?.[applySetPartOfLabel] !== parentRef.id) planned.joins = true;
      const owner = otherOwnerOf({ object: live, fieldManager });
      if (owner) {
        planned.ownedBy = owner;
        warnings.push(`${describe(ref)} is also claimed by ${owner}: the sync takes over the fields Git declares, and that reconciler may set them back`);
      }
    }
    if (planned.action === 'create') creates.push(planned);
    else if (planned.action === 'update') updates.push(planned);
    else unchanged.push(planned);
    if (planned.action === 'unchanged') continue;
    dryRuns.push(dryRun({ planned, resource, rendered, apiResource, live, applySetId: parentRef.id, desiredNamespaces, inspection, session, signal }));
  }
  await Promise.all(dryRuns);
  // An update the dry-run shows to change nothing is unchanged.
  for (const planned of [...updates]) {
    if (planned.action === 'unchanged') {
      updates.splice(updates.indexOf(planned), 1);
      unchanged.push(planned);
    }
  }
  unchanged.sort((a, b) => (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));

  const candidates = findPruneCandidates({
    candidates: [...liveByKey.values()],
    desiredKeys: new Set(desiredByKey.keys()),
    applySetId: inspection.reconciled?.markers.applySetId,
    fieldManager,
  });
  // The namespace holding the parent stays: deleting it would take the parent (and the record) with it.
  const holdsParent = (prune: SyncObjectRef) => prune.kind === 'Namespace' && groupOf(prune.apiVersion) === '' && prune.name === parentRef.namespace;
  const prunes = candidates.prunes.filter((prune) => !holdsParent(prune));
  const kept = [...candidates.kept, ...candidates.prunes.filter(holdsParent).map((prune) => ({ apiVersion: prune.apiVersion, kind: prune.kind, name: prune.name, reason: `it holds the environment's ApplySet parent ConfigMap ${parentRef.name}` }))];

  if (!parentStatus?.found && !desiredNamespaces.has(parentRef.namespace)) {
    const namespaces = findApiResource({ resources: session.resources, apiVersion: 'v1', kind: 'Namespace' });
    const exists = namespaces ? await getObject({ client, resource: namespaces, name: parentRef.namespace, signal }).catch((error: unknown) => (error instanceof KubeApiError ? {} : Promise.reject(error))) : {};
    if (!exists) {
      blockers.push({ code: 'ApplySetParentNamespaceMissing', message: `namespace ${parentRef.namespace}, where the environment's ApplySet parent ConfigMap ${parentRef.name} goes, does not exist and Git does not declare it: create it, or set the environment's namespace` });
    }
  }

  return {
    environment: inspection.environment.name,
    reconciler: 'push',
    ...(head ? { head } : {}),
    ...(args.source?.ref ? { ref: args.source.ref } : {}),
    blockers,
    warnings,
    parent: { name: parentRef.name, namespace: parentRef.namespace, id: parentRef.id, found: parentStatus?.found === true, ...(parentStatus?.revision ? { revision: parentStatus.revision } : {}) },
    creates,
    updates,
    unchanged,
    prunes,
    kept,
    skipped,
    blocked,
  };
}

/**
 * dryRun server-side applies one object with dryRun=All as the sync will send it. For an update,
 * the drifted fields the dry-run result still differs in are kept (a field the server normalises to
 * the live value is no change); none left makes it unchanged. A refusal becomes `dryRunError`,
 * except a missing namespace that the sync itself creates.
 */
async function dryRun(args: {
  planned: PlannedApply;
  resource: ResourceDrift;
  rendered: RenderedObject;
  apiResource: ApiResource;
  live: PlainMap | undefined;
  applySetId: string;
  desiredNamespaces: Set<string>;
  inspection: EnvironmentInspection;
  session: ClusterSession;
  signal?: AbortSignal;
}): Promise<void> {
  const { planned, resource, live } = args;
  let result: PlainMap;
  try {
    result = await applyObject({ client: args.session.client, resource: args.apiResource, object: memberObject({ object: args.rendered.object, applySetId: args.applySetId }), fieldManager, force: true, dryRun: true, signal: args.signal });
  } catch (error) {
    if (error instanceof ClusterUnreachableError || !(error instanceof KubeApiError)) throw error;
    const namespaceMissing = error.status === 404 && error.details?.kind === 'namespaces' && typeof error.details.name === 'string' && args.desiredNamespaces.has(error.details.name);
    if (!namespaceMissing) planned.dryRunError = error.message;
    if (planned.action === 'update') planned.fields = resource.fields;
    return;
  }
  if (planned.action !== 'update' || !live) return;
  const paths = compareObject({ desired: result, live, ignoreDifferences: args.inspection.ignoreDifferences }).map((field) => field.path);
  const fields = resource.fields.filter((field) => paths.some((path) => overlaps(path, field.path)));
  if (fields.length === 0) planned.action = 'unchanged';
  planned.fields = fields;
}

function overlaps(a: string, b: FieldDrift['path']): boolean {
  return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
}

/** crdKindsOf lists `group/version/Kind` of every version the desired CustomResourceDefinitions serve. */
function crdKindsOf(desired: readonly RenderedObject[]): Set<string> {
  const kinds = new Set<string>();
  for (const rendered of desired) {
    if (rendered.identity.group !== 'apiextensions.k8s.io' || rendered.identity.kind !== 'CustomResourceDefinition') continue;
    const spec = asMap(rendered.object.spec);
    const group = spec?.group;
    const kind = asMap(spec?.names)?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string') continue;
    for (const version of asList(spec?.versions)) {
      const name = asMap(version)?.name;
      if (typeof name === 'string') kinds.add(`${group}/${name}/${kind}`);
    }
  }
  return kinds;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function versionOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
}

function refOf(resource: ResourceDrift): SyncObjectRef {
  return { apiVersion: resource.apiVersion, kind: resource.kind, ...(resource.namespace ? { namespace: resource.namespace } : {}), name: resource.name };
}

function describe(ref: SyncObjectRef): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
