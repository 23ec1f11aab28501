/**
 * ListSemantics says how two versions of a list are matched item by item:
 * - `map`: items are found by their key fields (dotted paths into the item, like `metadata.name`); with
 *   `partialKeys`, only the key fields an item has form its key (HPA metrics). Items only the live list
 *   has are drift when `extrasAreDrift` (the list is replaced whole on apply), and are left alone
 *   otherwise (merge-keyed lists of built-in kinds: apply keeps items others added, as SSA and
 *   `kubectl apply` do).
 * - `set`: scalar items found by value; live-only values are left alone (controllers add finalizers).
 * - `atomic`: compared index by index, live-only items are drift.
 * - `unknown`: no knowledge; lists of maps that all carry a unique `name` are keyed by it (live-only
 *   items are drift), other lists are atomic.
 */
export type ListSemantics =
  | { type: 'map'; keys: string[]; keyDefaults?: Record<string, unknown>; partialKeys?: boolean; extrasAreDrift: boolean }
  | { type: 'set' }
  | { type: 'atomic' }
  | { type: 'unknown' };

const containerLists = new Set(['containers', 'initContainers', 'ephemeralContainers']);

const hpaMetricKeys = [
  'type',
  'resource.name',
  'containerResource.name',
  'containerResource.container',
  'pods.metric.name',
  'object.metric.name',
  'object.describedObject.kind',
  'object.describedObject.name',
  'external.metric.name',
];

function mergeKeyed(keys: string[], keyDefaults?: Record<string, unknown>): ListSemantics {
  return { type: 'map', keys, extrasAreDrift: false, ...(keyDefaults ? { keyDefaults } : {}) };
}

/**
 * listSemantics returns how a list at `schemaPath` (field names from the root, list items skipped, e.g.
 * `spec.template.spec.containers.ports`) is matched. Built-in kinds use the Kubernetes merge keys
 * (the `x-kubernetes-list-map-keys` / `patchMergeKey` of the API types); custom resources get `unknown`.
 */
export function listSemantics(args: { builtIn: boolean; kind: string; schemaPath: readonly string[] }): ListSemantics {
  const { builtIn, kind, schemaPath } = args;
  const joined = schemaPath.join('.');
  if (joined === 'metadata.finalizers') return { type: 'set' };
  if (joined === 'metadata.ownerReferences') return mergeKeyed(['uid']);
  if (!builtIn) return { type: 'unknown' };
  const last = schemaPath[schemaPath.length - 1];
  const parent = schemaPath[schemaPath.length - 2];
  if (containerLists.has(last)) return mergeKeyed(['name']);
  if (parent !== undefined && containerLists.has(parent)) {
    if (last === 'ports') return mergeKeyed(['containerPort', 'protocol'], { protocol: 'TCP' });
    if (last === 'env') return mergeKeyed(['name']);
    if (last === 'volumeMounts') return mergeKeyed(['mountPath']);
    if (last === 'volumeDevices') return mergeKeyed(['devicePath']);
  }
  if (kind === 'Service' && joined === 'spec.ports') return mergeKeyed(['port', 'protocol'], { protocol: 'TCP' });
  if (kind === 'StatefulSet' && joined === 'spec.volumeClaimTemplates') return { type: 'map', keys: ['metadata.name'], extrasAreDrift: true };
  if (kind === 'HorizontalPodAutoscaler' && joined === 'spec.metrics') return { type: 'map', keys: hpaMetricKeys, partialKeys: true, extrasAreDrift: true };
  if (last === 'volumes' || last === 'imagePullSecrets' || last === 'resourceClaims' || last === 'schedulingGates') return mergeKeyed(['name']);
  if (last === 'hostAliases') return mergeKeyed(['ip']);
  if (last === 'topologySpreadConstraints') return mergeKeyed(['topologyKey', 'whenUnsatisfiable']);
  return { type: 'unknown' };
}
