import { positionIn } from '../manifests/positionIn';
import type { Range } from '../validation/Finding';

/**
 * minimalTextEdit is the one edit that turns `before` into `after`: the differing middle, with the
 * common start and end left alone (so an editor keeps the cursor, folding and undo history of the rest).
 * Undefined when the texts are equal.
 */
export function minimalTextEdit(args: { before: string; after: string }): { range: Range; newText: string } | undefined {
  const { before, after } = args;
  if (before === after) return undefined;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair or a CRLF.
  if (start > 0 && /[\uD800-\uDBFF\r]/.test(before[start - 1])) start--;
  let end = 0;
  while (end < shortest - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  if (end > 0 && /[\uDC00-\uDFFF\n]/.test(before[before.length - end]) && before.length - end - 1 >= start && /[\uD800-\uDBFF\r]/.test(before[before.length - end - 1])) end--;
  return {
    range: { start: positionIn(before, start), end: positionIn(before, before.length - end) },
    newText: after.slice(start, after.length - end),
  };
}
