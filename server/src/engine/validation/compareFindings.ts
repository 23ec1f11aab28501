import type { Finding } from './Finding';

/** compareFindings orders findings by file and position, then rule and message. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareText(a.rule, b.rule) || compareText(a.message, b.message);
}

// A plain code-unit comparison: stable across locales, and far cheaper than localeCompare.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
