import { asMap } from '../../manifests/plainData';
import type { JqCondition, JqOperand, JqPath, JqStep } from './JqPath';

type Location = (string | number)[];

interface Cursor {
  value: unknown;
  location: Location;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  const mapA = asMap(a);
  const mapB = asMap(b);
  if (!mapA || !mapB) return false;
  const keys = Object.keys(mapA);
  return keys.length === Object.keys(mapB).length && keys.every((key) => Object.prototype.hasOwnProperty.call(mapB, key) && deepEqual(mapA[key], mapB[key]));
}

/** valueOf follows field and index steps; jq gives null for missing fields and for indexing null. */
function valueOf(value: unknown, steps: readonly JqStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === undefined || current === null) return null;
    if (step.kind === 'field') current = asMap(current)?.[step.name];
    else if (step.kind === 'index') current = Array.isArray(current) ? current.at(step.index) : undefined;
    else return undefined;
  }
  return current === undefined ? null : current;
}

function operandValue(operand: JqOperand, value: unknown): unknown {
  return operand.kind === 'literal' ? operand.value : valueOf(value, operand.steps);
}

function holds(condition: JqCondition, value: unknown): boolean {
  switch (condition.kind) {
    case 'and':
      return holds(condition.left, value) && holds(condition.right, value);
    case 'or':
      return holds(condition.left, value) || holds(condition.right, value);
    case 'truthy': {
      const result = operandValue(condition.operand, value);
      return result !== null && result !== false && result !== undefined;
    }
    case 'compare': {
      const equal = deepEqual(operandValue(condition.left, value), operandValue(condition.right, value));
      return condition.operator === '==' ? equal : !equal;
    }
  }
}

/** locate returns where the path points in a document; steps that do not fit the shape select nothing. */
function locate(document: unknown, path: JqPath): Location[] {
  let cursors: Cursor[] = [{ value: document, location: [] }];
  for (const step of path.steps) {
    const next: Cursor[] = [];
    for (const cursor of cursors) {
      const map = asMap(cursor.value);
      if (step.kind === 'field') {
        if (map || cursor.value === undefined || cursor.value === null) next.push({ value: map?.[step.name], location: [...cursor.location, step.name] });
      } else if (step.kind === 'index') {
        if (Array.isArray(cursor.value)) {
          const index = step.index < 0 ? cursor.value.length + step.index : step.index;
          next.push({ value: cursor.value[index], location: [...cursor.location, index] });
        }
      } else if (step.kind === 'iterate') {
        if (Array.isArray(cursor.value)) cursor.value.forEach((item, index) => next.push({ value: item, location: [...cursor.location, index] }));
        else if (map) for (const [key, item] of Object.entries(map)) next.push({ value: item, location: [...cursor.location, key] });
      } else if (holds(step.condition, cursor.value)) next.push(cursor);
    }
    cursors = next;
  }
  const unique = new Map<string, Location>();
  for (const cursor of cursors) if (cursor.value !== undefined && cursor.location.length > 0) unique.set(JSON.stringify(cursor.location), cursor.location);
  return [...unique.values()];
}

function compareLocations(a: Location, b: Location): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * removeJqPath removes, in place, what a parsed jqPathExpression selects, as Argo CD's `del(<expression>)`
 * does. Later list items go first so earlier indexes stay valid. Returns how many values were removed.
 */
export function removeJqPath(args: { object: Record<string, unknown>; path: JqPath }): number {
  const locations = locate(args.object, args.path).sort((a, b) => compareLocations(b, a));
  let removed = 0;
  for (const location of locations) {
    let parent: unknown = args.object;
    for (const key of location.slice(0, -1)) parent = typeof key === 'number' ? (Array.isArray(parent) ? parent[key] : undefined) : asMap(parent)?.[key];
    const last = location[location.length - 1];
    if (typeof last === 'number' && Array.isArray(parent) && last < parent.length) {
      parent.splice(last, 1);
      removed++;
    } else if (typeof last === 'string') {
      const map = asMap(parent);
      if (map && Object.prototype.hasOwnProperty.call(map, last)) {
        delete map[last];
        removed++;
      }
    }
  }
  return removed;
}
