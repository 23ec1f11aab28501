import type { ListInfo, SchemaInfo } from './schemaInfo';
import type { KubeObject } from './store';

/**
 * Field sets in the FieldsV1 trie format of structured-merge-diff: `f:<field>`, `k:<json keys>` for
 * an item of a list-map, `v:<json>` for a set item, `i:<n>` for an atomic-list index, and `.` for
 * the node itself when it also has children.
 */
export class FieldNode {
  member = false;
  children = new Map<string, FieldNode>();

  child(key: string): FieldNode {
    let node = this.children.get(key);
    if (!node) {
      node = new FieldNode();
      this.children.set(key, node);
    }
    return node;
  }

  get empty(): boolean {
    return !this.member && this.children.size === 0;
  }

  static fromJson(json: unknown): FieldNode {
    const node = new FieldNode();
    if (json && typeof json === 'object') {
      for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
        if (key === '.') node.member = true;
        else {
          const child = FieldNode.fromJson(value);
          if (value && typeof value === 'object' && Object.keys(value).length === 0) child.member = true;
          node.children.set(key, child);
        }
      }
    }
    return node;
  }

  toJson(): Record<string, unknown> {
    const json: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) json['.'] = {};
    for (const key of [...this.children.keys()].sort()) {
      const child = this.children.get(key)!;
      if (!child.empty) json[key] = child.toJson();
    }
    return json;
  }

  clone(): FieldNode {
    return FieldNode.fromJson(this.toJson());
  }

  /** members lists every member path (leaves and `.` nodes). */
  members(prefix: string[] = []): string[][] {
    const out: string[][] = [];
    if (this.member && prefix.length > 0) out.push(prefix);
    for (const [key, child] of this.children) out.push(...child.members([...prefix, key]));
    return out;
  }

  find(path: string[]): FieldNode | undefined {
    let node: FieldNode | undefined = this;
    for (const key of path) {
      node = node.children.get(key);
      if (!node) return undefined;
    }
    return node;
  }

  hasMember(path: string[]): boolean {
    return this.find(path)?.member ?? false;
  }

  insert(path: string[]): void {
    let node: FieldNode = this;
    for (const key of path) node = node.child(key);
    node.member = true;
  }

  /** remove drops the membership of path, and prunes emptied parents. */
  remove(path: string[]): void {
    const walk = (node: FieldNode, index: number): void => {
      if (index === path.length) {
        node.member = false;
        return;
      }
      const child = node.children.get(path[index]);
      if (!child) return;
      walk(child, index + 1);
      if (child.empty) node.children.delete(path[index]);
    };
    walk(this, 0);
  }

  /** removeSubtree drops path and everything under it. */
  removeSubtree(path: string[]): void {
    if (path.length === 0) return;
    const parent = this.find(path.slice(0, -1));
    parent?.children.delete(path[path.length - 1]);
    this.prune();
  }

  prune(): void {
    for (const [key, child] of this.children) {
      child.prune();
      if (child.empty) this.children.delete(key);
    }
  }
}

const ignoredMetadata = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'generateName']);

function isPlainObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** keyOf builds the `k:{…}` element of a list-map item: key fields sorted by name, defaults filled in. */
export function itemKey(item: unknown, info: Extract<ListInfo, { type: 'map' }>): string {
  const keys: Record<string, unknown> = {};
  for (const name of [...info.keys].sort()) {
    const value = isPlainObject(item) && item[name] !== undefined ? item[name] : info.keyDefaults?.[name];
    if (value !== undefined) keys[name] = value;
  }
  return `k:${JSON.stringify(keys)}`;
}

/** fieldSetOf is the set of fields an object specifies (what an Apply manager owns). */
export function fieldSetOf(object: KubeObject, schema: SchemaInfo, options: { skipStatus?: boolean; onlyStatus?: boolean } = {}): FieldNode {
  const root = new FieldNode();
  const walkValue = (value: unknown, path: string[], node: FieldNode): void => {
    if (Array.isArray(value)) {
      const info = schema.listInfo(path);
      if (info.type === 'atomic' || value.length === 0) {
        node.member = true;
        return;
      }
      for (const item of value) {
        if (info.type === 'set') node.child(`v:${JSON.stringify(item)}`).member = true;
        else {
          const itemNode = node.child(itemKey(item, info));
          itemNode.member = true;
          if (isPlainObject(item)) walkMap(item, path, itemNode);
        }
      }
      return;
    }
    if (isPlainObject(value) && !schema.isAtomicMap(path) && Object.keys(value).length > 0) {
      walkMap(value, path, node);
      return;
    }
    node.member = true;
  };
  const walkMap = (map: Record<string, unknown>, path: string[], node: FieldNode): void => {
    for (const [key, value] of Object.entries(map)) {
      if (path.length === 0 && (key === 'apiVersion' || key === 'kind')) continue;
      if (path.length === 0 && key === 'status' && options.skipStatus) continue;
      if (path.length === 0 && options.onlyStatus && key !== 'status') continue;
      if (path.length === 1 && path[0] === 'metadata' && ignoredMetadata.has(key)) continue;
      walkValue(value, [...path, key], node.child(`f:${key}`));
    }
  };
  walkMap(object, [], root);
  root.prune();
  return root;
}

/** valueAt reads the value at a field-set path (undefined when absent). */
export function valueAt(object: unknown, path: string[], schema: SchemaInfo): unknown {
  let current: unknown = object;
  const names: string[] = [];
  for (const element of path) {
    if (element === '.') continue;
    if (element.startsWith('f:')) {
      const name = element.slice(2);
      names.push(name);
      current = isPlainObject(current) ? current[name] : undefined;
    } else if (Array.isArray(current)) {
      current = findItem(current, element, schema.listInfo(names));
    } else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

export function findItem(list: unknown[], element: string, info: ListInfo): unknown {
  if (element.startsWith('k:') && info.type === 'map') return list.find((item) => itemKey(item, info) === element);
  if (element.startsWith('v:')) return list.find((item) => `v:${JSON.stringify(item)}` === element);
  if (element.startsWith('i:')) return list[Number(element.slice(2))];
  return undefined;
}

/** removeAt deletes the value at a field-set path; returns whether something was removed. */
export function removeAt(object: unknown, path: string[], schema: SchemaInfo): boolean {
  let current: unknown = object;
  const names: string[] = [];
  for (let index = 0; index < path.length; index++) {
    const element = path[index];
    const last = index === path.length - 1;
    if (element.startsWith('f:')) {
      const name = element.slice(2);
      if (!isPlainObject(current) || !(name in current)) return false;
      if (last) {
        delete current[name];
        return true;
      }
      names.push(name);
      current = current[name];
    } else if (Array.isArray(current)) {
      const info = schema.listInfo(names);
      const item = findItem(current, element, info);
      if (item === undefined) return false;
      if (last) {
        current.splice(current.indexOf(item), 1);
        return true;
      }
      current = item;
    } else return false;
  }
  return false;
}

/** pathToString renders a field-set path as structured-merge-diff prints it: `.spec.containers[name="app"].image`. */
export function pathToString(path: string[]): string {
  let out = '';
  for (const element of path) {
    if (element === '.') continue;
    if (element.startsWith('f:')) out += `.${element.slice(2)}`;
    else if (element.startsWith('k:')) {
      const keys = JSON.parse(element.slice(2)) as Record<string, unknown>;
      out += `[${Object.entries(keys).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(',')}]`;
    } else if (element.startsWith('v:')) out += `[=${element.slice(2)}]`;
    else if (element.startsWith('i:')) out += `[${element.slice(2)}]`;
  }
  return out;
}

/** changedFields is what an Update manager takes ownership of: every leaf added or changed from before to after. */
export function changedFields(before: KubeObject | undefined, after: KubeObject, schema: SchemaInfo, options: { skipStatus?: boolean; onlyStatus?: boolean } = {}): FieldNode {
  const afterSet = fieldSetOf(after, schema, options);
  const result = new FieldNode();
  const structs = new Set(['metadata', 'spec', 'status', 'template', 'strategy', 'updateStrategy']);
  for (const path of afterSet.members()) {
    const newValue = valueAt(after, path, schema);
    const oldValue = before === undefined ? undefined : valueAt(before, path, schema);
    if (!deepEqual(newValue, oldValue)) {
      result.insert(path);
      // A map that did not exist before is owned itself too (structured-merge-diff's "added" node).
      for (let length = 1; length < path.length; length++) {
        const prefix = path.slice(0, length);
        const element = prefix[prefix.length - 1];
        if (element.startsWith('k:')) continue;
        if (element.startsWith('f:') && structs.has(element.slice(2))) continue;
        const parentValue = valueAt(after, prefix, schema);
        if (isPlainObject(parentValue) && (before === undefined || valueAt(before, prefix, schema) === undefined)) result.insert(prefix);
      }
    }
  }
  return result;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((item, index) => deepEqual(item, bb[index]));
  }
  const ka = Object.keys(a as object).filter((key) => (a as any)[key] !== undefined);
  const kb = Object.keys(b as object).filter((key) => (b as any)[key] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((key) => deepEqual((a as any)[key], (b as any)[key]));
}

/** A managedFields entry, with its fields parsed. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: FieldNode;
}

export function readManagedFields(object: KubeObject): ManagerEntry[] {
  const entries = (object.metadata?.managedFields ?? []) as any[];
  return entries.map((entry) => ({
    manager: entry.manager ?? '',
    operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: entry.apiVersion ?? '',
    time: entry.time ?? '',
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
    fields: FieldNode.fromJson(entry.fieldsV1 ?? {}),
  }));
}

export function writeManagedFields(object: KubeObject, entries: ManagerEntry[]): void {
  const kept = entries.filter((entry) => !entry.fields.empty);
  kept.sort((a, b) => (a.operation !== b.operation ? (a.operation === 'Apply' ? -1 : 1) : 0));
  const json = kept.map((entry) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    time: entry.time,
    fieldsType: 'FieldsV1',
    fieldsV1: entry.fields.toJson(),
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));
  if (json.length > 0) object.metadata.managedFields = json;
  else delete object.metadata.managedFields;
}

/** sameManager: managers are told apart by name, operation, subresource, and (for Update) apiVersion. */
export function sameManager(a: Pick<ManagerEntry, 'manager' | 'operation' | 'subresource' | 'apiVersion'>, b: Pick<ManagerEntry, 'manager' | 'operation' | 'subresource' | 'apiVersion'>): boolean {
  return a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '') && (a.operation === 'Apply' || a.apiVersion === b.apiVersion);
}

/** describeManager prints a manager as the API server does in conflict messages. */
export function describeManager(entry: ManagerEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') text += ` using ${entry.apiVersion}`;
  return text;
}

export function nowTime(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** recordUpdate gives `manager` the fields an Update changed, taking them from everyone else. */
export function recordUpdate(args: { before: KubeObject | undefined; after: KubeObject; schema: SchemaInfo; manager: string; apiVersion: string; subresource?: string; statusSubresource: boolean }): void {
  const { before, after, schema } = args;
  const options = args.subresource === 'status' ? { onlyStatus: true } : args.statusSubresource ? { skipStatus: true } : {};
  const changed = changedFields(before, after, schema, options);
  const entries = before ? readManagedFields(before) : [];
  // Fields that no longer exist are owned by no one.
  for (const entry of entries) {
    for (const path of entry.fields.members()) if (valueAt(after, path, schema) === undefined) entry.fields.remove(path);
  }
  if (!changed.empty) {
    for (const entry of entries) for (const path of changed.members()) entry.fields.remove(path);
    const identity = { manager: args.manager, operation: 'Update' as const, apiVersion: args.apiVersion, subresource: args.subresource };
    let mine = entries.find((entry) => sameManager(entry, identity));
    if (!mine) {
      mine = { ...identity, time: nowTime(), fields: new FieldNode() };
      if (!args.subresource) delete mine.subresource;
      entries.push(mine);
    }
    for (const path of changed.members()) mine.fields.insert(path);
    mine.time = nowTime();
  }
  writeManagedFields(after, entries);
}
