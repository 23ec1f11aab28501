import { StatusError, badRequest } from './errors';
import { deepEqual } from './managedFields';
import type { SchemaInfo } from './schemaInfo';

/** JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch for the built-in kinds. */

function isPlainObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointerParent(document: unknown, tokens: string[], op: string): { parent: any; key: string } {
  let current: any = document;
  for (const token of tokens.slice(0, -1)) {
    current = Array.isArray(current) ? current[Number(token)] : isPlainObject(current) ? current[token] : undefined;
    if (current === undefined) throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request`, { causes: [{ reason: 'FieldValueInvalid', message: `${op} operation does not apply: doc is missing path: /${tokens.join('/')}` }] });
  }
  return { parent: current, key: tokens[tokens.length - 1] };
}

function missingPath(op: string, path: string): StatusError {
  return new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request`, { causes: [{ reason: 'FieldValueInvalid', message: `${op} operation does not apply: doc is missing path: "${path}": missing value` }] });
}

export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let document = structuredClone(target);
  const get = (pointer: string) => {
    let current: any = document;
    for (const token of decodePointer(pointer)) {
      current = Array.isArray(current) ? current[Number(token)] : isPlainObject(current) ? current[token] : undefined;
      if (current === undefined) return undefined;
    }
    return current;
  };
  const add = (pointer: string, value: unknown) => {
    const tokens = decodePointer(pointer);
    if (tokens.length === 0) {
      document = structuredClone(value);
      return;
    }
    const { parent, key } = pointerParent(document, tokens, 'add');
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      if (!(index >= 0 && index <= parent.length)) throw missingPath('add', pointer);
      parent.splice(index, 0, structuredClone(value));
    } else if (isPlainObject(parent)) parent[key] = structuredClone(value);
    else throw missingPath('add', pointer);
  };
  const remove = (pointer: string, op = 'remove') => {
    const tokens = decodePointer(pointer);
    const { parent, key } = pointerParent(document, tokens, op);
    if (Array.isArray(parent)) {
      const index = Number(key);
      if (!(index >= 0 && index < parent.length)) throw missingPath(op, pointer);
      return parent.splice(index, 1)[0];
    }
    if (!isPlainObject(parent) || !(key in parent)) throw missingPath(op, pointer);
    const value = parent[key];
    delete parent[key];
    return value;
  };
  for (const operation of operations as any[]) {
    switch (operation?.op) {
      case 'add':
        add(operation.path, operation.value);
        break;
      case 'remove':
        remove(operation.path);
        break;
      case 'replace':
        remove(operation.path, 'replace');
        add(operation.path, operation.value);
        break;
      case 'move': {
        const value = remove(operation.from, 'move');
        add(operation.path, value);
        break;
      }
      case 'copy': {
        const value = get(operation.from);
        if (value === undefined) throw missingPath('copy', operation.from);
        add(operation.path, value);
        break;
      }
      case 'test':
        if (!deepEqual(get(operation.path), operation.value)) throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request`, { causes: [{ reason: 'FieldValueInvalid', message: `testing value ${operation.path} failed: test failed` }] });
        break;
      default:
        throw badRequest(`Unexpected kind: ${String(operation?.op)}`);
    }
  }
  return document;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (!key.startsWith('$')) out[key] = stripDirectives(child);
  return out;
}

/** strategicMergePatch applies a strategic merge patch, list merge keys taken from the kind's schema. */
export function strategicMergePatch(original: unknown, patch: unknown, schema: SchemaInfo): unknown {
  return mergeMap(isPlainObject(original) ? original : {}, patch, [], schema);
}

function mergeMap(original: Record<string, any>, patch: unknown, path: string[], schema: SchemaInfo): any {
  if (!isPlainObject(patch)) return stripDirectives(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const result = structuredClone(original);
  const orders = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.set(key.slice('$setElementOrder/'.length), value);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(result[field]) && Array.isArray(value)) result[field] = result[field].filter((item: unknown) => !value.some((gone) => deepEqual(gone, item)));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const childPath = [...path, key];
    if (Array.isArray(value)) result[key] = mergeList(Array.isArray(result[key]) ? result[key] : [], value, childPath, schema);
    else if (isPlainObject(value)) {
      const merged = mergeMap(isPlainObject(result[key]) ? result[key] : {}, value, childPath, schema);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  if (Array.isArray(patch.$retainKeys)) {
    for (const key of Object.keys(result)) if (!patch.$retainKeys.includes(key)) delete result[key];
  }
  for (const [field, order] of orders) {
    const info = schema.listInfo([...path, field]);
    if (!Array.isArray(result[field])) continue;
    const mergeKey = info.mergeKey;
    const keyOf = (item: unknown) => (mergeKey && isPlainObject(item) ? JSON.stringify(item[mergeKey]) : JSON.stringify(item));
    const rank = new Map(order.map((item, index) => [keyOf(item), index]));
    const list = result[field] as unknown[];
    const ranked = list.filter((item) => rank.has(keyOf(item))).sort((a, b) => rank.get(keyOf(a))! - rank.get(keyOf(b))!);
    const others = list.filter((item) => !rank.has(keyOf(item)));
    result[field] = [...ranked, ...others];
  }
  return result;
}

function mergeList(original: unknown[], patch: unknown[], path: string[], schema: SchemaInfo): unknown[] {
  const info = schema.listInfo(path);
  if (patch.some((item) => isPlainObject(item) && item.$patch === 'replace')) return patch.filter((item) => !(isPlainObject(item) && item.$patch === 'replace')).map(stripDirectives);
  if (info.type === 'set') {
    const result = structuredClone(original);
    for (const item of patch) if (!result.some((existing) => deepEqual(existing, item))) result.push(item);
    return result;
  }
  if (info.type !== 'map') return patch.map(stripDirectives);
  const mergeKey = info.mergeKey;
  const result = structuredClone(original) as any[];
  for (const item of patch) {
    if (!isPlainObject(item)) continue;
    const index = result.findIndex((existing) => isPlainObject(existing) && deepEqual(existing[mergeKey], item[mergeKey]));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = mergeMap(result[index], item, path, schema);
    else result.push(stripDirectives(item));
  }
  return result;
}
