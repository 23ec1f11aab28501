import type { IgnoreDifference } from '../config/RepoConfig';
import { resourceIdentity } from '../manifests/resourceIdentity';
import { asMap, type PlainMap } from '../manifests/plainData';
import { compareValues, type RawDifference } from './compareValues';
import type { FieldDrift } from './Drift';
import { formatFieldPath } from './formatFieldPath';
import { applyIgnoreDifferences } from './ignore/applyIgnoreDifferences';
import { isOwnedPath } from './ignore/isOwnedPath';
import { matchesIgnoreDifference } from './ignore/matchesIgnoreDifference';
import { isBuiltInGroup } from './isBuiltInGroup';
import { maskSecretValue } from './maskSecretValue';
import { kindNormalizers } from './normalizers/kindNormalizers';
import { normalizeMetadata } from './normalizers/normalizeMetadata';

/** maskSecretSide replaces every Secret value (`data`, `stringData`) on one side of a difference by its masked hash. */
export function maskSecretSide(path: RawDifference['path'], value: unknown): unknown {
  const first = path[0];
  if (!first || !('field' in first) || (first.field !== 'data' && first.field !== 'stringData')) return value;
  if (path.length === 1) {
    const map = asMap(value);
    if (!map) return maskSecretValue({ base64: value });
    return Object.fromEntries(Object.entries(map).map(([key, item]) => [key, maskSecretValue({ base64: item })]));
  }
  return maskSecretValue({ base64: value });
}

/** ownValue copies a map or list, so a reported value does not share structure with the objects compared. */
function ownValue(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

function toFieldDrift(difference: RawDifference, secret: boolean): FieldDrift {
  const drift: FieldDrift = { path: formatFieldPath(difference.path) };
  if ('desired' in difference) drift.desired = secret ? maskSecretSide(difference.path, difference.desired) : ownValue(difference.desired);
  if ('live' in difference) drift.live = secret ? maskSecretSide(difference.path, difference.live) : ownValue(difference.live);
  return drift;
}

/** ComparedObject is one comparison before paths are written out: both sides normalised, and the raw differences. */
export interface ComparedObject {
  /** Desired after normalisation and ignore rules (no apiVersion, kind, name, namespace, status or server metadata); may share nested values with the input. */
  desired: PlainMap;
  differences: RawDifference[];
  /** True for core Secrets, whose values must be masked on the way out. */
  secret: boolean;
}

/**
 * cloneWithoutManagedFields copies a live object but not its managedFields, which are never compared
 * (normalizeMetadata drops them) yet are often a third of the object.
 */
function cloneWithoutManagedFields(live: PlainMap): PlainMap {
  const metadata = asMap(live.metadata);
  if (!metadata || !('managedFields' in metadata)) return structuredClone(live);
  const { managedFields: _managedFields, ...rest } = metadata;
  return structuredClone({ ...live, metadata: rest });
}

/** removesPaths tells whether an ignoreDifferences entry removes paths (which edits nested values). */
function removesPaths(rule: IgnoreDifference): boolean {
  return (rule.jsonPointers?.length ?? 0) > 0 || (rule.jqPathExpressions?.length ?? 0) > 0;
}

/**
 * compareObjectRaw is compareObject before paths are formatted and Secret values masked: for callers
 * that rebuild documents from the differences (driftManifests). Never let its values leave the engine.
 * The returned `desired` may share nested values with `args.desired`: copy it before editing it.
 */
export function compareObjectRaw(args: { desired: PlainMap; live: PlainMap; ignoreDifferences?: readonly IgnoreDifference[] }): ComparedObject {
  const identity = resourceIdentity(args.desired) ?? resourceIdentity(args.live);
  const group = identity?.group ?? '';
  const kind = identity?.kind ?? '';
  const object = { group, kind, name: identity?.name ?? '', namespace: identity?.namespace };
  // Matched once here: most objects match no rule, and then none of the ignore work runs.
  const ignoreDifferences = (args.ignoreDifferences ?? []).filter((rule) => matchesIgnoreDifference({ rule, object }));
  // Normalisers and normalizeMetadata only replace or delete top-level fields (and metadata), so a
  // shallow copy of each side keeps the caller's objects intact; copying both sides whole for each of
  // 10,000 objects was most of drift's comparison time. Ignore rules that remove paths edit nested
  // values: only then are both sides copied whole.
  const deep = ignoreDifferences.some(removesPaths);
  const desired = deep ? structuredClone(args.desired) : { ...args.desired };
  const managedFields = asMap(args.live.metadata)?.managedFields;
  const live = deep ? cloneWithoutManagedFields(args.live) : { ...args.live };
  kindNormalizers[`${group}/${kind}`]?.({ desired, live });
  const { ownedByIgnoredManagers } = ignoreDifferences.length > 0 ? applyIgnoreDifferences({ ignoreDifferences, object, desired, live, managedFields }) : { ownedByIgnoredManagers: [] };
  normalizeMetadata({ object: desired });
  normalizeMetadata({ object: live });
  let differences = compareValues({ desired, live, builtIn: isBuiltInGroup(group), kind });
  if (ownedByIgnoredManagers.length > 0) {
    differences = differences.filter((difference) => !('live' in difference) || !isOwnedPath({ tries: ownedByIgnoredManagers, path: difference.path }));
  }
  return { desired, differences, secret: group === '' && kind === 'Secret' };
}

/**
 * compareObject returns the fields of one object whose live value differs from what Git declares, in
 * the order Git declares them. Only declared fields are compared: defaults the API server writes,
 * fields controllers set, status and server metadata are never drift. Lists match by Kubernetes merge
 * keys, quantities by value, Secret `stringData` is folded into `data` and every Secret value is masked
 * (`<masked sha256:xxxxxxxx>`). `ignoreDifferences` entries that match the object are applied first.
 * Live must be read at the same apiVersion as desired.
 */
export function compareObject(args: { desired: PlainMap; live: PlainMap; ignoreDifferences?: readonly IgnoreDifference[] }): FieldDrift[] {
  const { differences, secret } = compareObjectRaw(args);
  return differences.map((difference) => toFieldDrift(difference, secret));
}
