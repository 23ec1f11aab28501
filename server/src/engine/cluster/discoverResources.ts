import { definedOnly } from './definedOnly';
import { KubeApiError } from './errors/KubeApiError';
import type { ApiResource, KubeClient } from './KubeClient';

/** DiscoverResourcesOptions choose the discovery protocol. */
export interface DiscoverResourcesOptions {
  /** Ask for aggregated discovery (apidiscovery.k8s.io/v2, two requests) first; false reads the legacy documents only. */
  aggregated: boolean;
}

export function defaultDiscoverResourcesOptions(): DiscoverResourcesOptions {
  return { aggregated: true };
}

/** DiscoveryProblem is a group-version whose resources could not be read (an aggregated API server that is down, a 403…). */
export interface DiscoveryProblem {
  groupVersion: string;
  message: string;
}

/** The Accept header kubectl 1.32 sends: aggregated v2, then v2beta1, then the legacy documents. */
const aggregatedAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/**
 * discoverResources lists the resource kinds the server serves, CRD kinds included: aggregated
 * discovery (GET /api and /apis) when the server offers it, else the legacy documents, one request
 * per group-version. Preferred versions come first within a group. Subresources (status, scale) are
 * folded into their kind. A group-version that fails (or is reported stale) is passed to onProblem
 * and left out; the others are still returned. Failing to reach the server at all rejects.
 */
export async function discoverResources(args: { client: KubeClient; signal?: AbortSignal; onProblem?: (problem: DiscoveryProblem) => void } & Partial<DiscoverResourcesOptions>): Promise<ApiResource[]> {
  const options: DiscoverResourcesOptions = { ...defaultDiscoverResourcesOptions(), ...definedOnly({ aggregated: args.aggregated }) };
  const { client, signal } = args;
  const onProblem = args.onProblem ?? (() => undefined);
  const accept = options.aggregated ? aggregatedAccept : 'application/json';
  const [core, groups] = await Promise.all([
    client.request<Record<string, unknown>>({ method: 'GET', path: '/api', accept, signal }),
    client.request<Record<string, unknown>>({ method: 'GET', path: '/apis', accept, signal }),
  ]);
  const resources: ApiResource[] = [];
  for (const document of [core, groups]) {
    if (document.kind === 'APIGroupDiscoveryList') resources.push(...fromAggregated(document, onProblem));
    else resources.push(...(await fromLegacy({ client, signal, document, onProblem })));
  }
  return resources;
}

/** fromAggregated reads an APIGroupDiscoveryList (v2 or v2beta1, same shape for what is used here). */
function fromAggregated(document: Record<string, unknown>, onProblem: (problem: DiscoveryProblem) => void): ApiResource[] {
  const resources: ApiResource[] = [];
  for (const item of list(document.items)) {
    const group = text(record(item.metadata).name);
    for (const entry of list(item.versions)) {
      const version = text(entry.version);
      if (entry.freshness === 'Stale') {
        onProblem({ groupVersion: groupVersion(group, version), message: `discovery of ${groupVersion(group, version)} is stale: its API server did not answer` });
      }
      for (const raw of list(entry.resources)) {
        const kind = text(record(raw.responseKind).kind);
        const plural = text(raw.resource);
        if (!kind || !plural) continue;
        resources.push({
          group,
          version,
          kind,
          plural,
          namespaced: raw.scope === 'Namespaced',
          verbs: strings(raw.verbs),
          singularName: text(raw.singularResource),
          ...optionalStrings('shortNames', raw.shortNames),
          ...optionalStrings('categories', raw.categories),
          ...optionalStrings('subresources', list(raw.subresources).map((subresource) => subresource.subresource)),
        });
      }
    }
  }
  return resources;
}

/** fromLegacy reads APIVersions (/api) or APIGroupList (/apis), then each group-version's APIResourceList. */
async function fromLegacy(args: { client: KubeClient; signal?: AbortSignal; document: Record<string, unknown>; onProblem: (problem: DiscoveryProblem) => void }): Promise<ApiResource[]> {
  const groupVersions: { group: string; version: string }[] = [];
  if (args.document.kind === 'APIVersions' || Array.isArray(args.document.versions)) {
    for (const version of strings(args.document.versions)) groupVersions.push({ group: '', version });
  } else {
    for (const group of list(args.document.groups)) {
      const name = text(group.name);
      const preferred = text(record(group.preferredVersion).version);
      const versions = list(group.versions).map((entry) => text(entry.version)).filter(Boolean);
      const ordered = preferred && versions.includes(preferred) ? [preferred, ...versions.filter((version) => version !== preferred)] : versions;
      for (const version of ordered) groupVersions.push({ group: name, version });
    }
  }
  const lists = await Promise.all(groupVersions.map(async ({ group, version }) => {
    const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    try {
      const resourceList = await args.client.request<Record<string, unknown>>({ method: 'GET', path, signal: args.signal });
      return fromResourceList(group, version, resourceList);
    } catch (error) {
      // One broken group-version (an aggregated API server that is down, RBAC) must not hide the others.
      if (!(error instanceof KubeApiError)) throw error;
      args.onProblem({ groupVersion: groupVersion(group, version), message: error.message });
      return [];
    }
  }));
  return lists.flat();
}

function fromResourceList(group: string, version: string, resourceList: Record<string, unknown>): ApiResource[] {
  const byName = new Map<string, ApiResource>();
  const subresources: [string, string][] = [];
  for (const raw of list(resourceList.resources)) {
    const name = text(raw.name);
    const slash = name.indexOf('/');
    if (slash >= 0) {
      subresources.push([name.slice(0, slash), name.slice(slash + 1)]);
      continue;
    }
    if (!name || !text(raw.kind)) continue;
    byName.set(name, {
      group,
      version,
      kind: text(raw.kind),
      plural: name,
      namespaced: raw.namespaced === true,
      verbs: strings(raw.verbs),
      singularName: text(raw.singularName),
      ...optionalStrings('shortNames', raw.shortNames),
      ...optionalStrings('categories', raw.categories),
    });
  }
  for (const [parent, subresource] of subresources) {
    const resource = byName.get(parent);
    if (resource) resource.subresources = [...(resource.subresources ?? []), subresource];
  }
  return [...byName.values()];
}

function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function optionalStrings<K extends string>(key: K, value: unknown): Partial<Record<K, string[]>> {
  const values = strings(value);
  return values.length > 0 ? ({ [key]: values } as Partial<Record<K, string[]>>) : {};
}
