import { asMap } from '../../manifests/plainData';
import { parseJsonPointer } from './parseJsonPointer';

/**
 * removeJsonPointer removes, in place, the value an RFC 6901 pointer designates (`/spec/replicas`,
 * `/metadata/annotations/example.com~1note`, `/spec/template/spec/containers/0/image`), as a JSON Patch
 * `remove` does. A pointer to nothing changes nothing (Argo CD skips such a patch the same way); the
 * empty pointer (the whole object) is refused. Returns whether something was removed.
 */
export function removeJsonPointer(args: { object: Record<string, unknown>; pointer: string }): boolean {
  const tokens = parseJsonPointer(args.pointer);
  if (!tokens || tokens.length === 0) return false;
  let current: unknown = args.object;
  for (const token of tokens.slice(0, -1)) current = step(current, token);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(current)) {
    const index = arrayIndex(last);
    if (index === undefined || index >= current.length) return false;
    current.splice(index, 1);
    return true;
  }
  const map = asMap(current);
  if (!map || !Object.prototype.hasOwnProperty.call(map, last)) return false;
  delete map[last];
  return true;
}

function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

function step(value: unknown, token: string): unknown {
  if (Array.isArray(value)) {
    const index = arrayIndex(token);
    return index === undefined ? undefined : value[index];
  }
  const map = asMap(value);
  return map && Object.prototype.hasOwnProperty.call(map, token) ? map[token] : undefined;
}
