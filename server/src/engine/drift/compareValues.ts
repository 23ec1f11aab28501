import { asMap, type PlainMap } from '../manifests/plainData';
import type { FieldPath, PathSegment } from './FieldPath';
import { isQuantityField } from './isQuantityField';
import { listSemantics, type ListSemantics } from './listSemantics';
import { quantityNanos } from './quantityNanos';
import { isZeroScalar, zeroValueMatches } from './zeroValueMatches';

/** RawDifference is one differing field before paths are written out and Secret values masked. */
export interface RawDifference {
  path: FieldPath;
  /** Absent when Git does not declare the field (a live-only list item). */
  desired?: unknown;
  /** Absent when the field is not set live. */
  live?: unknown;
}

interface Walk {
  builtIn: boolean;
  kind: string;
  out: RawDifference[];
}

function declared(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** emit records a difference at `path` (copied: callers pass their working stack). */
function emit(walk: Walk, path: FieldPath, desired: unknown, live: unknown): void {
  const difference: RawDifference = { path: path.slice() };
  if (declared(desired)) difference.desired = desired;
  if (declared(live)) difference.live = live;
  walk.out.push(difference);
}

/** Maps whose entries are replaced whole on apply (structType/mapType atomic): live-only entries are drift. */
function isAtomicMap(walk: Walk, schemaPath: readonly string[]): boolean {
  if (!walk.builtIn) return false;
  const last = schemaPath[schemaPath.length - 1];
  if (last === 'nodeSelector' || last === 'matchLabels') return true;
  return (walk.kind === 'Service' || walk.kind === 'ReplicationController') && schemaPath.join('.') === 'spec.selector';
}

/** isEffectivelyEmpty: Git declares nothing that could be set live (null, {}, [], or zeros the API server drops). */
function isEffectivelyEmpty(walk: Walk, value: unknown, schemaPath: readonly string[], parent: PlainMap | undefined): boolean {
  if (!declared(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  const map = asMap(value);
  if (map) return Object.entries(map).every(([key, child]) => isEffectivelyEmpty(walk, child, [...schemaPath, key], map));
  return walk.builtIn && isZeroScalar(value) && zeroValueMatches({ kind: walk.kind, schemaPath, desiredParent: parent ?? {}, live: undefined }) === true;
}

function scalarMatches(walk: Walk, desired: unknown, live: unknown, schemaPath: readonly string[], parent: PlainMap | undefined): boolean {
  if (desired === live) return true;
  if (walk.builtIn && isZeroScalar(desired) && zeroValueMatches({ kind: walk.kind, schemaPath, desiredParent: parent ?? {}, live }) === true) return true;
  if (declared(live) && isQuantityField({ builtIn: walk.builtIn, kind: walk.kind, schemaPath })) {
    const a = quantityNanos(desired);
    const b = quantityNanos(live);
    return a !== undefined && a === b;
  }
  return false;
}

/**
 * compareNode compares one declared value. `path` and `schemaPath` are working stacks, pushed before
 * and popped after each step down (building new arrays at every step was most of the walk's garbage);
 * whoever keeps a path copies it (emit does).
 */
function compareNode(walk: Walk, desired: unknown, live: unknown, path: PathSegment[], schemaPath: string[], parent: PlainMap | undefined): void {
  if (!declared(desired)) return;
  const desiredMap = asMap(desired);
  if (desiredMap) {
    const liveMap = asMap(live);
    if (!liveMap) {
      if (!isEffectivelyEmpty(walk, desiredMap, schemaPath, parent)) emit(walk, path, desiredMap, live);
      return;
    }
    for (const key of Object.keys(desiredMap)) {
      const child = desiredMap[key];
      const liveChild = liveMap[key];
      // Equal scalars, the common case, need no paths built (compareNode would find them equal).
      if (child === liveChild && (child === null || typeof child !== 'object')) continue;
      path.push({ field: key });
      schemaPath.push(key);
      compareNode(walk, child, liveChild, path, schemaPath, desiredMap);
      path.pop();
      schemaPath.pop();
    }
    if (isAtomicMap(walk, schemaPath)) {
      for (const [key, child] of Object.entries(liveMap)) if (!declared(desiredMap[key]) && declared(child)) emit(walk, [...path, { field: key }], undefined, child);
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) {
      if (desired.length > 0) emit(walk, path, desired, live);
      return;
    }
    compareList(walk, desired, live, path, schemaPath);
    return;
  }
  if (asMap(live) || Array.isArray(live)) {
    emit(walk, path, desired, live);
    return;
  }
  if (!scalarMatches(walk, desired, live, schemaPath, parent)) emit(walk, path, desired, live);
}

function valueAtDotted(item: PlainMap, dotted: string): unknown {
  if (!dotted.includes('.')) return item[dotted];
  let current: unknown = item;
  for (const name of dotted.split('.')) current = asMap(current)?.[name];
  return current;
}

/** keyItems indexes list items by their merge keys; undefined when an item has no key or two items share one. */
function keyItems(items: readonly unknown[], semantics: Extract<ListSemantics, { type: 'map' }>): Map<string, { key: Record<string, unknown>; item: PlainMap }> | undefined {
  const keyed = new Map<string, { key: Record<string, unknown>; item: PlainMap }>();
  for (const raw of items) {
    const item = asMap(raw);
    if (!item) return undefined;
    const key: Record<string, unknown> = {};
    // The item's identity as text: `field=value` pairs, strings JSON-quoted so they cannot pass for numbers.
    let text = '';
    for (const field of semantics.keys) {
      const found = valueAtDotted(item, field);
      // A zero key field (protocol: "") is the API server's default, like a missing one.
      const value = (found === undefined || found === null || found === '') && semantics.keyDefaults && field in semantics.keyDefaults ? semantics.keyDefaults[field] : found;
      if (value === undefined || value === null) {
        if (semantics.partialKeys) continue;
        return undefined;
      }
      if (typeof value === 'object') return undefined;
      key[field] = value;
      text += `${text === '' ? '' : ','}${field}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
    }
    if (text === '') return undefined;
    if (keyed.has(text)) return undefined;
    keyed.set(text, { key, item });
  }
  return keyed;
}

function namedSemantics(desired: readonly unknown[], live: readonly unknown[]): Extract<ListSemantics, { type: 'map' }> | undefined {
  if (desired.length === 0) return undefined;
  const named = (item: unknown) => typeof asMap(item)?.name === 'string';
  return desired.every(named) && live.every(named) ? { type: 'map', keys: ['name'], extrasAreDrift: true } : undefined;
}

function compareList(walk: Walk, desired: readonly unknown[], live: readonly unknown[], path: PathSegment[], schemaPath: string[]): void {
  let semantics = listSemantics({ builtIn: walk.builtIn, kind: walk.kind, schemaPath });
  if (semantics.type === 'set') {
    if (desired.every((item) => !asMap(item) && !Array.isArray(item))) {
      for (const value of desired) {
        if (declared(value) && !live.some((item) => item === value)) emit(walk, [...path, { value }], value, undefined);
      }
      return;
    }
    semantics = { type: 'atomic' };
  }
  if (semantics.type === 'unknown') semantics = namedSemantics(desired, live) ?? { type: 'atomic' };
  if (semantics.type === 'map') {
    const desiredItems = keyItems(desired, semantics);
    const liveItems = desiredItems && keyItems(live, semantics);
    if (desiredItems && liveItems) {
      for (const [text, { key, item }] of desiredItems) {
        const segment: PathSegment = { key };
        const match = liveItems.get(text);
        if (match) {
          path.push(segment);
          compareNode(walk, item, match.item, path, schemaPath, undefined);
          path.pop();
        } else emit(walk, [...path, segment], item, undefined);
      }
      if (semantics.extrasAreDrift) {
        for (const [text, { key, item }] of liveItems) if (!desiredItems.has(text)) emit(walk, [...path, { key }], undefined, item);
      }
      return;
    }
  }
  // Atomic: index by index; live-only items are drift because apply replaces the whole list.
  for (let index = 0; index < Math.max(desired.length, live.length); index++) {
    const item = desired[index];
    if (index >= desired.length) emit(walk, [...path, { index }], undefined, live[index]);
    else if (index >= live.length) {
      if (declared(item)) emit(walk, [...path, { index }], item, undefined);
    } else if (item !== live[index] || (item !== null && typeof item === 'object')) {
      path.push({ index });
      compareNode(walk, item, live[index], path, schemaPath, undefined);
      path.pop();
    }
  }
}

/**
 * compareValues walks what Git declares and collects every field whose live value differs. Fields Git
 * does not declare are not looked at (defaults, controller-written fields, annotations others add);
 * lists are matched by merge keys (see listSemantics), quantities by value, declared zeros of built-in
 * kinds the way the API server stores them (see zeroValueMatches). Both objects must already be
 * normalised (metadata noise and status removed, Secret stringData folded into data).
 */
export function compareValues(args: { desired: PlainMap; live: PlainMap; builtIn: boolean; kind: string }): RawDifference[] {
  const walk: Walk = { builtIn: args.builtIn, kind: args.kind, out: [] };
  compareNode(walk, args.desired, args.live, [], [], undefined);
  return walk.out;
}
