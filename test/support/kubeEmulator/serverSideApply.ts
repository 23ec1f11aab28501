import { StatusError, badRequest } from './errors';
import {
  FieldNode, deepEqual, describeManager, fieldSetOf, nowTime, pathToString, readManagedFields, removeAt, sameManager, valueAt, writeManagedFields, itemKey, type ManagerEntry,
} from './managedFields';
import type { SchemaInfo } from './schemaInfo';
import type { KubeObject } from './store';

/**
 * Server-side apply with structured-merge-diff semantics: the applied configuration is merged into
 * the live object (maps by field, list-maps by key, atomic lists and scalars replaced); the applier
 * owns exactly the fields it sent; a field it sets to a different value than the live one conflicts
 * with every other manager owning it (409 with FieldManagerConflict causes) unless `force`, which
 * takes the field over; fields it owned before and no longer sends are removed when nobody else owns
 * them.
 */

function isPlainObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function mergeApplied(live: unknown, applied: unknown, path: string[], schema: SchemaInfo): unknown {
  if (Array.isArray(applied)) {
    const info = schema.listInfo(path);
    if (info.type === 'atomic' || !Array.isArray(live)) return structuredClone(applied);
    const result = structuredClone(live) as unknown[];
    if (info.type === 'set') {
      for (const item of applied) if (!result.some((existing) => deepEqual(existing, item))) result.push(structuredClone(item));
      return result;
    }
    for (const item of applied) {
      const key = itemKey(item, info);
      const index = result.findIndex((existing) => itemKey(existing, info) === key);
      if (index >= 0) result[index] = mergeApplied(result[index], item, path, schema);
      else result.push(structuredClone(item));
    }
    return result;
  }
  if (isPlainObject(applied)) {
    if (!isPlainObject(live) || schema.isAtomicMap(path)) return structuredClone(applied);
    const result = structuredClone(live);
    for (const [key, value] of Object.entries(applied)) {
      if (value === null) delete result[key];
      else result[key] = mergeApplied(live[key], value, [...path, key], schema);
    }
    return result;
  }
  return applied;
}

export interface ApplyArgs {
  live: KubeObject | undefined;
  applied: KubeObject;
  schema: SchemaInfo;
  manager: string;
  force: boolean;
  subresource?: string;
  /** The kind has a status subresource: the main resource ignores `status`, `/status` only takes it. */
  statusSubresource: boolean;
}

function parentPaths(path: string[]): string[][] {
  const out: string[][] = [];
  for (let length = path.length - 1; length > 0; length--) out.push(path.slice(0, length));
  return out;
}

/** serverSideApply returns the merged object (not defaulted) with its managedFields, or throws a 409. */
export function serverSideApply(args: ApplyArgs): KubeObject {
  const { live, schema } = args;
  const applied = structuredClone(args.applied);
  if (applied.metadata?.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  const restrict = args.subresource === 'status' ? { onlyStatus: true } : args.statusSubresource ? { skipStatus: true } : {};
  if (restrict.skipStatus) delete applied.status;
  if (restrict.onlyStatus) for (const key of Object.keys(applied)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(key)) delete applied[key];
  const appliedSet = fieldSetOf(applied, schema, restrict);
  const entries: ManagerEntry[] = live ? readManagedFields(live) : [];
  const identity = { manager: args.manager, operation: 'Apply' as const, apiVersion: String(applied.apiVersion ?? ''), subresource: args.subresource };
  const mine = entries.find((entry) => sameManager(entry, identity));
  const others = entries.filter((entry) => entry !== mine);

  const conflicts: { entry: ManagerEntry; path: string[] }[] = [];
  for (const path of appliedSet.members()) {
    const last = path[path.length - 1];
    if (last.startsWith('k:') || last.startsWith('v:')) continue;
    const appliedValue = valueAt(applied, path, schema);
    const liveValue = live ? valueAt(live, path, schema) : undefined;
    if (deepEqual(appliedValue, liveValue)) continue;
    for (const entry of others) if (entry.fields.hasMember(path)) conflicts.push({ entry, path });
  }
  if (conflicts.length > 0) {
    if (!args.force) throw applyConflict(conflicts);
    for (const { entry, path } of conflicts) entry.fields.remove(path);
  }

  const base: KubeObject = live ? structuredClone(live) : { apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} };
  const appliedMetadata = { ...(applied.metadata ?? {}) };
  for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp']) delete appliedMetadata[key];
  const merged = mergeApplied(base, { ...applied, metadata: appliedMetadata }, [], schema) as KubeObject;
  merged.apiVersion = applied.apiVersion;
  merged.kind = applied.kind;

  // Fields this manager applied before and no longer sends go, unless someone else owns them.
  if (mine) {
    const stillOwned = (path: string[]) => appliedSet.find(path) !== undefined || others.some((entry) => entry.fields.find(path) !== undefined);
    const dropped = mine.fields.members().filter((path) => !stillOwned(path)).sort((a, b) => b.length - a.length);
    for (const path of dropped) {
      if (!removeAt(merged, path, schema)) continue;
      for (const parent of parentPaths(path)) {
        const value = valueAt(merged, parent, schema);
        const wasThere = live ? valueAt(live, parent, schema) : undefined;
        if (isPlainObject(value) && Object.keys(value).length === 0 && !stillOwned(parent) && parent[parent.length - 1].startsWith('f:') && !(parent.length === 1)) {
          if (isPlainObject(wasThere) && Object.keys(wasThere).length === 0) break;
          removeAt(merged, parent, schema);
        } else break;
      }
    }
  }

  const entry: ManagerEntry = mine ?? { manager: args.manager, operation: 'Apply', apiVersion: identity.apiVersion, time: '', fields: new FieldNode() };
  const previousFields = JSON.stringify(entry.fields.toJson());
  entry.fields = appliedSet;
  entry.apiVersion = identity.apiVersion;
  if (args.subresource) entry.subresource = args.subresource;
  if (!mine || previousFields !== JSON.stringify(appliedSet.toJson()) || !deepEqual(stripMeta(merged), stripMeta(live))) entry.time = nowTime();
  const all = mine ? entries : [...entries, entry];
  // Fields that no longer exist are owned by no one.
  for (const other of all) {
    if (other === entry) continue;
    for (const path of other.fields.members()) if (valueAt(merged, path, schema) === undefined) other.fields.remove(path);
  }
  writeManagedFields(merged, all);
  return merged;
}

function stripMeta(object: KubeObject | undefined): unknown {
  if (!object) return undefined;
  const copy = structuredClone(object);
  delete copy.metadata?.managedFields;
  delete copy.metadata?.resourceVersion;
  return copy;
}

export function applyConflict(conflicts: { entry: ManagerEntry; path: string[] }[]): StatusError {
  const causes = conflicts.map(({ entry, path }) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(entry)}`, field: pathToString(path) }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(conflicts[0].entry)}: ${pathToString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const { entry, path } of conflicts) {
      const name = describeManager(entry);
      byManager.set(name, [...(byManager.get(name) ?? []), pathToString(path)]);
    }
    const lines: string[] = [];
    for (const name of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${name}:`);
      for (const path of byManager.get(name)!) lines.push(`- ${path}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}
