import { groupVersion, type ResourceRegistry, type ResourceType } from './resourceTypes';

/** Legacy and aggregated (apidiscovery.k8s.io/v2) discovery documents built from the resource table. */

const subresourceVerbs = ['get', 'patch', 'update'];

function typesOf(registry: ResourceRegistry, group: string, version: string): ResourceType[] {
  return registry.all().filter((type) => type.group === group && type.version === version);
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(registry: ResourceRegistry): unknown {
  const groups = [...registry.groups()].filter(([name]) => name !== '').map(([name, versions]) => apiGroup(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupDocument(registry: ResourceRegistry, group: string): unknown | undefined {
  const versions = registry.groups().get(group);
  if (!versions || group === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): unknown | undefined {
  const types = typesOf(registry, group, version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const type of types) {
    resources.push({
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    });
    if (type.scale) resources.push({ name: `${type.resource}/scale`, singularName: '', namespaced: type.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: subresourceVerbs });
    if (type.status) resources.push({ name: `${type.resource}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: subresourceVerbs });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}

/** aggregatedDiscovery answers `/api` (core only) or `/apis` (every other group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean, apiVersion: 'v2' | 'v2beta1'): unknown {
  const items: unknown[] = [];
  for (const [group, versions] of registry.groups()) {
    if ((group === '') !== legacy) continue;
    items.push({
      metadata: legacy ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
      versions: versions.map((version) => ({
        version,
        resources: typesOf(registry, group, version).map((type) => {
          const subresources: unknown[] = [];
          if (type.scale) subresources.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: subresourceVerbs });
          if (type.status) subresources.push({ subresource: 'status', responseKind: { group, version, kind: type.kind }, verbs: subresourceVerbs });
          return {
            resource: type.resource,
            responseKind: { group, version, kind: type.kind },
            scope: type.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: type.singular,
            verbs: type.verbs,
            ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
            ...(type.categories.length > 0 ? { categories: type.categories } : {}),
            ...(subresources.length > 0 ? { subresources } : {}),
          };
        }),
        freshness: 'Current',
      })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${apiVersion}`, metadata: {}, items };
}

/** wantsAggregated reads an Accept header: the aggregated version asked for, or undefined for legacy. */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept || !accept.includes('as=APIGroupDiscoveryList')) return undefined;
  for (const part of accept.split(',')) {
    if (!part.includes('as=APIGroupDiscoveryList') || !part.includes('g=apidiscovery.k8s.io')) continue;
    if (/;\s*v=v2(;|$)/.test(part.replace(/\s/g, ''))) return 'v2';
    if (/v=v2beta1/.test(part)) return 'v2beta1';
  }
  return undefined;
}
