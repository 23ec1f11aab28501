const limitRangeMaps = new Set(['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']);

/**
 * isQuantityField tells whether the scalar at `schemaPath` (field names from the root, list items
 * skipped, map keys included: `spec.template.spec.containers.resources.limits.cpu`) is a resource
 * quantity, compared by value (`500m` = `0.5`, `1Gi` = `1024Mi`, `1` = "1"). `resources.requests` and
 * `resources.limits` count for every kind (custom resources embed ResourceRequirements too); the others
 * are the quantity fields of built-in kinds: pod `overhead`, RuntimeClass `overhead.podFixed`,
 * `emptyDir.sizeLimit`, `resourceFieldRef.divisor`, ResourceQuota `spec.hard`, LimitRange limits,
 * PersistentVolume `spec.capacity`, HPA metric targets, CSIStorageCapacity sizes.
 */
export function isQuantityField(args: { builtIn: boolean; kind: string; schemaPath: readonly string[] }): boolean {
  const { builtIn, kind, schemaPath } = args;
  const n = schemaPath.length;
  const last = schemaPath[n - 1];
  const parent = schemaPath[n - 2];
  const grandparent = schemaPath[n - 3];
  if ((parent === 'requests' || parent === 'limits') && grandparent === 'resources') return true;
  if (!builtIn) return false;
  if (parent === 'overhead' || parent === 'podFixed') return true;
  if (last === 'sizeLimit' && parent === 'emptyDir') return true;
  if (last === 'divisor' && parent === 'resourceFieldRef') return true;
  const joined = schemaPath.join('.');
  if (kind === 'ResourceQuota' && n === 3 && joined.startsWith('spec.hard.')) return true;
  if (kind === 'LimitRange' && n === 4 && schemaPath[0] === 'spec' && schemaPath[1] === 'limits' && limitRangeMaps.has(parent)) return true;
  if (kind === 'PersistentVolume' && n === 3 && joined.startsWith('spec.capacity.')) return true;
  if (kind === 'HorizontalPodAutoscaler' && parent === 'target' && (last === 'value' || last === 'averageValue')) return true;
  if (kind === 'CSIStorageCapacity' && n === 1 && (last === 'capacity' || last === 'maximumVolumeSize')) return true;
  return false;
}
