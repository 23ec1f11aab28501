import type { IgnoreDifference } from '../config/RepoConfig';
import { asMap, type PlainMap } from '../manifests/plainData';
import { resourceIdentity } from '../manifests/resourceIdentity';
import { compareObjectRaw, maskSecretSide } from './compareObject';
import type { RawDifference } from './compareValues';
import type { PathSegment } from './FieldPath';
import { normalizeMetadata } from './normalizers/normalizeMetadata';
import { normalizeSecret } from './normalizers/normalizeSecret';

/** Marks a list item the live side does not have, removed once every difference is applied. */
const removed = Symbol('removed');

function matchesKey(item: unknown, key: Record<string, unknown>): boolean {
  const map = asMap(item);
  if (!map) return false;
  return Object.entries(key).every(([field, value]) => {
    let current: unknown = map;
    for (const name of field.split('.')) current = asMap(current)?.[name];
    // A key field the manifest leaves out takes the API server's default, which the path spells out.
    return current === undefined || current === value;
  });
}

function childOf(container: unknown, segment: PathSegment): unknown {
  if ('field' in segment) return asMap(container)?.[segment.field];
  if (!Array.isArray(container)) return undefined;
  if ('index' in segment) return container[segment.index];
  if ('key' in segment) return container.find((item) => matchesKey(item, segment.key));
  return container.find((item) => item === segment.value);
}

/** applyDifference writes the live side of one difference into a copy of the desired object. */
function applyDifference(target: PlainMap, difference: RawDifference, value: unknown): void {
  const { path } = difference;
  if (path.length === 0) return;
  let container: unknown = target;
  for (const segment of path.slice(0, -1)) container = childOf(container, segment);
  const last = path[path.length - 1];
  const hasLive = 'live' in difference;
  if ('field' in last) {
    const map = asMap(container);
    if (!map) return;
    if (hasLive) map[last.field] = value;
    else delete map[last.field];
    return;
  }
  if (!Array.isArray(container)) return;
  const index = 'index' in last ? last.index : container.findIndex((item) => ('key' in last ? matchesKey(item, last.key) : item === last.value));
  if (!hasLive) {
    if (index >= 0 && index < container.length) container[index] = removed;
  } else if (index >= 0 && index < container.length) container[index] = value;
  else container.push(value);
}

function dropRemoved(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== removed).map(dropRemoved);
  const map = asMap(value);
  if (!map) return value;
  for (const [key, child] of Object.entries(map)) map[key] = dropRemoved(child);
  return map;
}

function maskSecretData(object: PlainMap): void {
  const data = asMap(object.data);
  if (data) object.data = maskSecretSide([{ field: 'data' }], data);
}

/** withHeader puts back what normalisation removed to identify the object: apiVersion, kind, name, namespace. */
function withHeader(source: PlainMap, body: PlainMap): PlainMap {
  const identity = resourceIdentity(source);
  const metadata = { name: identity?.name, ...(identity?.namespace !== undefined ? { namespace: identity.namespace } : {}), ...(asMap(body.metadata) ?? {}) };
  const { metadata: _metadata, ...rest } = body;
  return { apiVersion: source.apiVersion, kind: source.kind, metadata, ...rest };
}

function normalizedAlone(object: PlainMap): PlainMap {
  const copy = structuredClone(object);
  const identity = resourceIdentity(copy);
  const secret = identity?.group === '' && identity.kind === 'Secret';
  if (secret) normalizeSecret({ desired: copy, live: {} });
  normalizeMetadata({ object: copy });
  if (secret) maskSecretData(copy);
  return withHeader(object, copy);
}

/**
 * driftManifests gives the two documents a desired ↔ live diff shows for one object: desired as Git
 * declares it, and live as the same document with exactly the drifted fields (compareObject's) set to
 * their live values, so the diff shows what the drift report says and nothing else — no defaults, no
 * status, no server metadata. Secret values are masked on both sides. A missing object has no live
 * document; an extra one has no desired document (its live side is shown without server noise).
 */
export function driftManifests(args: { desired?: PlainMap; live?: PlainMap; ignoreDifferences?: readonly IgnoreDifference[] }): { desired?: PlainMap; live?: PlainMap } {
  const { desired, live } = args;
  if (!desired && !live) return {};
  if (!desired) return { live: normalizedAlone(live!) };
  if (!live) return { desired: normalizedAlone(desired) };
  const compared = compareObjectRaw({ desired, live, ignoreDifferences: args.ignoreDifferences });
  const liveBody = structuredClone(compared.desired);
  for (const difference of compared.differences) applyDifference(liveBody, difference, structuredClone(difference.live));
  const liveDocument = dropRemoved(liveBody) as PlainMap;
  // compared.desired shares nested values with the caller's object.
  const desiredDocument = structuredClone(compared.desired);
  if (compared.secret) {
    maskSecretData(desiredDocument);
    maskSecretData(liveDocument);
  }
  return { desired: withHeader(desired, desiredDocument), live: withHeader(desired, liveDocument) };
}
