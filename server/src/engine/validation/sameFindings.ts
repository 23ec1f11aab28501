import type { Finding, Range } from './Finding';

/** sameFindings: two finished lists say the same (file, range, severity, rule, message, fix), in the same order. */
export function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    const x = a[index];
    const y = b[index];
    if (x.file !== y.file || x.rule !== y.rule || x.severity !== y.severity || x.message !== y.message || !sameRange(x.range, y.range)) return false;
    if (x.fix === y.fix) continue;
    if (!x.fix || !y.fix || x.fix.title !== y.fix.title || x.fix.edits.length !== y.fix.edits.length) return false;
    if (x.fix.edits.some((edit, at) => edit.newText !== y.fix?.edits[at].newText || !sameRange(edit.range, y.fix.edits[at].range))) return false;
  }
  return true;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
