import { asMap, type PlainMap } from '../../manifests/plainData';
import { isBase64 } from '../isBase64';

/** canonicalBase64 rewrites base64 as the API server returns it (it decodes data and encodes it again). */
function canonicalBase64(value: unknown): unknown {
  return typeof value === 'string' && isBase64(value) ? Buffer.from(value.replace(/[\r\n]/g, ''), 'base64').toString('base64') : value;
}

/**
 * normalizeSecret folds Git's `stringData` into base64 `data` (stringData wins for a key in both, as the
 * API server merges them) and rewrites every `data` value in canonical base64 on both sides, so values
 * compare by their decoded bytes. It replaces top-level fields only (never edits nested values).
 */
export function normalizeSecret(args: { desired: PlainMap; live: PlainMap }): void {
  const { desired, live } = args;
  const stringData = asMap(desired.stringData);
  if (stringData) {
    const data: PlainMap = { ...(asMap(desired.data) ?? {}) };
    for (const [key, value] of Object.entries(stringData)) {
      if (value === null || value === undefined) continue;
      data[key] = Buffer.from(typeof value === 'string' ? value : String(value), 'utf8').toString('base64');
    }
    desired.data = data;
  }
  delete desired.stringData;
  delete live.stringData;
  // New maps, not edits: the sides may be shallow copies of objects others hold.
  for (const object of [desired, live]) {
    const data = asMap(object.data);
    if (!data) continue;
    const canonical: PlainMap = {};
    for (const key of Object.keys(data)) canonical[key] = canonicalBase64(data[key]);
    object.data = canonical;
  }
}
