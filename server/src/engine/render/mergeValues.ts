import { asMap, type PlainMap } from '../manifests/plainData';

/** mergeValues deep-merges Helm values: maps merge key by key, anything else in `override` replaces. */
export function mergeValues(base: PlainMap, override: PlainMap): PlainMap {
  const result: PlainMap = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const left = asMap(result[key]);
    const right = asMap(value);
    result[key] = left && right ? mergeValues(left, right) : value;
  }
  return result;
}
