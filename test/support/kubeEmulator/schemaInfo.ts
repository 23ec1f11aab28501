import type { ResourceType } from './resourceTypes';

/**
 * What the emulator knows of a kind's schema, as structured-merge-diff and strategic merge patch
 * need it: which lists are maps keyed by some fields (`containers` by name, container `ports` by
 * containerPort+protocol…), which are sets, which maps and lists are atomic. Field paths are given as
 * the field names from the root, list items skipped (`spec.template.spec.containers.ports`).
 */

export type ListInfo =
  | { type: 'map'; keys: string[]; mergeKey: string; keyDefaults?: Record<string, unknown> }
  | { type: 'set'; mergeKey?: undefined }
  | { type: 'atomic'; mergeKey?: undefined };

export interface SchemaInfo {
  listInfo(path: string[]): ListInfo;
  isAtomicMap(path: string[]): boolean;
  /** Whether strategic merge patch is supported (built-in kinds only). */
  strategic: boolean;
}

const containerLists = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const atomicMaps = new Set(['selector', 'nodeSelector', 'podSelector', 'namespaceSelector', 'labelSelector', 'fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'roleRef']);

function mapList(keys: string[], mergeKey = keys[0], keyDefaults?: Record<string, unknown>): ListInfo {
  return { type: 'map', keys, mergeKey, ...(keyDefaults ? { keyDefaults } : {}) };
}

function metadataList(path: string[]): ListInfo | undefined {
  if (path.length === 2 && path[0] === 'metadata') {
    if (path[1] === 'ownerReferences') return mapList(['uid']);
    if (path[1] === 'finalizers') return { type: 'set' };
  }
  return undefined;
}

function builtInListInfo(kind: string, path: string[]): ListInfo {
  const meta = metadataList(path);
  if (meta) return meta;
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (containerLists.has(last)) return mapList(['name']);
  if (parent !== undefined && containerLists.has(parent)) {
    if (last === 'ports') return mapList(['containerPort', 'protocol'], 'containerPort', { protocol: 'TCP' });
    if (last === 'env') return mapList(['name']);
    if (last === 'volumeMounts') return mapList(['mountPath']);
    if (last === 'volumeDevices') return mapList(['devicePath']);
    if (last === 'resizePolicy') return { type: 'atomic' };
  }
  if (kind === 'Service' && path.join('.') === 'spec.ports') return mapList(['port', 'protocol'], 'port', { protocol: 'TCP' });
  if (kind === 'ServiceAccount' && path.join('.') === 'secrets') return mapList(['name']);
  if (last === 'volumes' || last === 'imagePullSecrets' || last === 'resourceClaims' || last === 'schedulingGates') return mapList(['name']);
  if (last === 'hostAliases') return mapList(['ip']);
  if (last === 'topologySpreadConstraints') return mapList(['topologyKey', 'whenUnsatisfiable'], 'topologyKey');
  if (last === 'conditions' && path[0] === 'status') return mapList(['type']);
  return { type: 'atomic' };
}

type JsonSchema = Record<string, any>;

function schemaAt(schema: JsonSchema | undefined, path: string[]): JsonSchema | undefined {
  let current = schema;
  for (const name of path) {
    if (!current) return undefined;
    while (current && current.type === 'array' && current.items) current = current.items;
    if (!current) return undefined;
    const next: JsonSchema | undefined = current.properties?.[name] ?? (typeof current.additionalProperties === 'object' ? current.additionalProperties : undefined);
    current = next;
  }
  return current;
}

export function schemaInfoFor(type: ResourceType | undefined): SchemaInfo {
  if (type?.custom) {
    const schema = type.custom.schema as JsonSchema | undefined;
    return {
      strategic: false,
      listInfo(path) {
        const meta = metadataList(path);
        if (meta) return meta;
        const node = schemaAt(schema, path);
        const listType = node?.['x-kubernetes-list-type'];
        if (listType === 'map' && Array.isArray(node?.['x-kubernetes-list-map-keys'])) return mapList(node!['x-kubernetes-list-map-keys']);
        if (listType === 'set') return { type: 'set' };
        return { type: 'atomic' };
      },
      isAtomicMap(path) {
        if (path[0] === 'metadata') return false;
        const node = schemaAt(schema, path);
        return node?.['x-kubernetes-map-type'] === 'atomic';
      },
    };
  }
  const kind = type?.kind ?? '';
  return {
    strategic: type !== undefined,
    listInfo: (path) => builtInListInfo(kind, path),
    isAtomicMap: (path) => path.length > 0 && atomicMaps.has(path[path.length - 1]) && !(path.length === 2 && path[0] === 'metadata'),
  };
}
