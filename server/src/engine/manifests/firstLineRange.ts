import type { Range } from '../validation/Finding';

/** firstLineRange covers the first non-blank line of a text, for problems about the whole document. */
export function firstLineRange(text: string): Range {
  const lines = text.split('\n');
  let line = lines.findIndex((candidate) => candidate.trim() !== '' && !candidate.trimStart().startsWith('#'));
  if (line === -1) line = 0;
  const content = lines[line].replace(/\r$/, '');
  return { start: { line, character: 0 }, end: { line, character: Math.min(content.length, 200) } };
}
