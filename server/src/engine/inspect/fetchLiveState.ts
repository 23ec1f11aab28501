import { KubeApiError } from '../cluster/errors/KubeApiError';
import { getObject } from '../cluster/getObject';
import type { ApiResource, KubeClient, KubeObject } from '../cluster/KubeClient';
import { listObjects } from '../cluster/listObjects';
import { parseFluxInventoryId } from '../cluster/status/parseFluxInventoryId';
import type { LiveState, OwnershipMarkers } from '../drift/LiveState';
import { objectKey } from '../drift/objectKey';
import { fluxNameLabel } from '../drift/ownershipLabels';
import type { ScopedObject } from './resolveDesiredScope';

/** FetchLiveStateOptions tune how live objects are read. */
export interface FetchLiveStateOptions {
  /** A kind with more desired objects than this in one namespace is listed rather than read one by one. */
  listThreshold: number;
  /** A kind spread over more namespaces than this is listed across all namespaces at once. */
  allNamespacesThreshold: number;
  /**
   * Keep live `metadata.managedFields` (sync and ignoreDifferences' managedFieldsManagers read them).
   * Without, they are dropped as objects are read: they are a third of a listed object and never compared.
   */
  keepManagedFields: boolean;
}

export function defaultFetchLiveStateOptions(): FetchLiveStateOptions {
  return { listThreshold: 2, allNamespacesThreshold: 4, keepManagedFields: true };
}

/** Ownership is what says which live objects belong to the environment, as its reconciler marks them. */
export interface Ownership {
  markers: OwnershipMarkers;
  /** The ApplySet parent's contains-group-kinds (`Kind.group`), when the environment was synced by push. */
  applySetGroupKinds?: readonly string[];
}

function resourceId(resource: ApiResource): string {
  return `${resource.group}/${resource.version}/${resource.plural}`;
}

function forbiddenReason(error: KubeApiError, resource: ApiResource): string {
  const what = `${resource.group ? `${resource.group}/` : ''}${resource.version} ${resource.kind}`;
  if (error.status === 403) return `no access to ${what}: ${error.message}`;
  if (error.status === 401) return `the cluster refused the credentials: ${error.message}`;
  return `cannot read ${what}: ${error.message}`;
}

/** withKind fills in apiVersion and kind, which LIST items and some GETs leave out. */
function withKind(object: KubeObject, resource: ApiResource): KubeObject {
  if (typeof object.apiVersion === 'string' && typeof object.kind === 'string') return object;
  return { ...object, apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version, kind: resource.kind };
}

/** withoutManagedFields drops metadata.managedFields (a new metadata object: deleting a key would slow every later read of it). */
function withoutManagedFields(object: KubeObject): KubeObject {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object' || !('managedFields' in metadata)) return object;
  const { managedFields: _managedFields, ...rest } = metadata;
  object.metadata = rest;
  return object;
}

/**
 * fetchLiveState reads what the cluster holds for an environment's desired objects: a kind with
 * several objects in a namespace is listed (one paged LIST instead of a GET each; spread over many
 * namespaces, one LIST across all), a lone object is read with GET. Everything listed is also a
 * candidate `extra` (computeDrift keeps the ones the environment's markers claim). Objects of the
 * Flux inventory that Git no longer declares are read too, and the kinds of the ApplySet parent's
 * contains-group-kinds are listed by the ApplySet label. A kind the credentials may not read makes
 * its objects `unknown` with the server's reason; other kinds carry on. Unreachable clusters reject.
 */
export async function fetchLiveState(args: {
  client: KubeClient;
  resources: readonly ApiResource[];
  desired: readonly ScopedObject[];
  /**
   * The environment's ownership markers and the ApplySet parent's contains-group-kinds (`Kind.group`,
   * when synced by push). A promise lets the caller read them while the desired kinds are listed:
   * only the reads after those lists need them.
   */
  ownership: Ownership | PromiseLike<Ownership>;
  /** Called with the desired objects a LIST found, as soon as it is read, so the caller can compare them while other kinds are still being listed. */
  onListed?: (found: ReadonlyArray<{ scoped: ScopedObject; live: KubeObject }>) => void;
  signal?: AbortSignal;
  options?: Partial<FetchLiveStateOptions>;
}): Promise<LiveState> {
  const options = { ...defaultFetchLiveStateOptions(), ...args.options };
  const { client, signal } = args;
  const objects = new Map<string, KubeObject>();
  const unknown = new Map<string, string>();
  const candidates = new Map<string, KubeObject>();
  // Objects read here are the caller's own (fresh from JSON.parse), so trimming them in place is safe.
  const trim = options.keepManagedFields ? (object: KubeObject) => object : withoutManagedFields;
  const remember = (object: KubeObject, resource: ApiResource): void => {
    const full = withKind(trim(object), resource);
    const metadata = (full.metadata ?? {}) as { name?: string; namespace?: string };
    candidates.set(objectKey({ group: resource.group, kind: resource.kind, namespace: metadata.namespace, name: metadata.name ?? '' }), full);
  };

  // Desired objects by resource, then by namespace ('' for cluster-scoped kinds).
  const byResource = new Map<string, { resource: ApiResource; byNamespace: Map<string, ScopedObject[]> }>();
  for (const scoped of args.desired) {
    const id = resourceId(scoped.resource);
    let entry = byResource.get(id);
    if (!entry) byResource.set(id, (entry = { resource: scoped.resource, byNamespace: new Map() }));
    const namespace = scoped.rendered.identity.namespace ?? '';
    const list = entry.byNamespace.get(namespace) ?? [];
    list.push(scoped);
    entry.byNamespace.set(namespace, list);
  }

  const readOneByOne = async (resource: ApiResource, scopedObjects: readonly ScopedObject[]): Promise<void> => {
    await Promise.all(scopedObjects.map(async ({ rendered }) => {
      const key = objectKey(rendered.identity);
      try {
        const object = await getObject({ client, resource, name: rendered.identity.name, namespace: rendered.identity.namespace, signal });
        if (object) objects.set(key, withKind(trim(object), resource));
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        unknown.set(key, forbiddenReason(error, resource));
      }
    }));
  };

  const listed = new Set<string>();
  const tasks: Promise<void>[] = [];
  const notListedAcross: ApiResource[] = [];
  for (const { resource, byNamespace } of byResource.values()) {
    const namespaces = [...byNamespace.keys()];
    const all = [...byNamespace.values()].flat();
    const listAcross = resource.namespaced && namespaces.length > options.allNamespacesThreshold;
    if (!listAcross) notListedAcross.push(resource);
    const groups: Array<{ namespace?: string; scoped: ScopedObject[] }> = listAcross
      ? [{ namespace: undefined, scoped: all }]
      : namespaces.map((namespace) => ({ namespace: namespace === '' ? undefined : namespace, scoped: byNamespace.get(namespace)! }));
    for (const group of groups) {
      if (!listAcross && group.scoped.length <= options.listThreshold) {
        tasks.push(readOneByOne(resource, group.scoped));
        continue;
      }
      tasks.push((async () => {
        try {
          const list = await listObjects({ client, resource, namespace: group.namespace, signal });
          listed.add(`${resourceId(resource)}|${group.namespace ?? '*'}`);
          for (const item of list.items) remember(item, resource);
          if (args.onListed) {
            const found: Array<{ scoped: ScopedObject; live: KubeObject }> = [];
            for (const scoped of group.scoped) {
              const live = candidates.get(objectKey(scoped.rendered.identity));
              if (live) found.push({ scoped, live });
            }
            args.onListed(found);
          }
        } catch (error) {
          if (!(error instanceof KubeApiError)) throw error;
          // RBAC may allow get without list: read each object before calling it unknown.
          await readOneByOne(resource, group.scoped);
        }
      })());
    }
  }
  await Promise.all(tasks);

  // Listed desired objects move from candidates to objects.
  for (const scoped of args.desired) {
    const key = objectKey(scoped.rendered.identity);
    const found = candidates.get(key);
    if (found) objects.set(key, found);
  }

  const { markers, applySetGroupKinds } = await args.ownership;
  await Promise.all([
    readInventoryLeftovers({ client, resources: args.resources, markers, known: new Set([...objects.keys(), ...candidates.keys()]), remember, signal }),
    listApplySetMembers({ client, resources: args.resources, markers, groupKinds: applySetGroupKinds ?? [], remember, signal }),
    listFluxLabelled({ client, resources: notListedAcross, markers, remember, signal }),
  ]);
  return { objects, unknown, candidates: [...candidates.values()], markers };
}

/** readInventoryLeftovers reads the Flux inventory's objects that neither Git nor the lists brought in: they may be extra. */
async function readInventoryLeftovers(args: { client: KubeClient; resources: readonly ApiResource[]; markers: OwnershipMarkers; known: Set<string>; remember: (object: KubeObject, resource: ApiResource) => void; signal?: AbortSignal }): Promise<void> {
  await Promise.all(args.markers.fluxInventory.map(async (id) => {
    const entry = parseFluxInventoryId({ id });
    if (!entry) return;
    const key = objectKey({ group: entry.group, kind: entry.kind, namespace: entry.namespace || undefined, name: entry.name });
    if (args.known.has(key)) return;
    const resource = args.resources.find((candidate) => candidate.group === entry.group && candidate.kind === entry.kind && !candidate.plural.includes('/'));
    if (!resource) return;
    try {
      const object = await getObject({ client: args.client, resource, name: entry.name, namespace: entry.namespace || undefined, signal: args.signal });
      if (object) args.remember(object, resource);
    } catch (error) {
      // An inventory object we may not read is simply not reported as extra.
      if (!(error instanceof KubeApiError)) throw error;
    }
  }));
}

/**
 * listFluxLabelled lists the environment's kinds that were not listed across namespaces by the Flux
 * ownership label, across namespaces: an object carrying the labels of one of the environment's
 * Kustomizations that Git does not declare (and the inventory does not list) may be extra, and a
 * kind read object by object, or listed in the desired namespaces only, would not bring it in.
 */
async function listFluxLabelled(args: { client: KubeClient; resources: readonly ApiResource[]; markers: OwnershipMarkers; remember: (object: KubeObject, resource: ApiResource) => void; signal?: AbortSignal }): Promise<void> {
  // Label values are at most 63 characters: a longer Kustomization name cannot be on a label.
  const names = [...new Set(args.markers.fluxKustomizations.map((kustomization) => kustomization.name))].filter((name) => name.length <= 63).sort();
  if (names.length === 0) return;
  const labelSelector = `${fluxNameLabel} in (${names.join(',')})`;
  await Promise.all(args.resources.map(async (resource) => {
    try {
      const list = await listObjects({ client: args.client, resource, labelSelector, signal: args.signal });
      for (const item of list.items) args.remember(item, resource);
    } catch (error) {
      // A kind we may not list is read object by object already; its extras are not reported.
      if (!(error instanceof KubeApiError)) throw error;
    }
  }));
}

/** listApplySetMembers lists the ApplySet's kinds by its part-of label, across namespaces. */
async function listApplySetMembers(args: { client: KubeClient; resources: readonly ApiResource[]; markers: OwnershipMarkers; groupKinds: readonly string[]; remember: (object: KubeObject, resource: ApiResource) => void; signal?: AbortSignal }): Promise<void> {
  const { applySetId } = args.markers;
  if (!applySetId) return;
  await Promise.all(args.groupKinds.map(async (groupKind) => {
    const dot = groupKind.indexOf('.');
    const kind = dot === -1 ? groupKind : groupKind.slice(0, dot);
    const group = dot === -1 ? '' : groupKind.slice(dot + 1);
    const resource = args.resources.find((candidate) => candidate.group === group && candidate.kind === kind && !candidate.plural.includes('/'));
    if (!resource) return;
    try {
      const list = await listObjects({ client: args.client, resource, labelSelector: `applyset.kubernetes.io/part-of=${applySetId}`, signal: args.signal });
      for (const item of list.items) args.remember(item, resource);
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
    }
  }));
}
