const directive = 'gitops-workbench-disable-next-line';

/**
 * suppressionCount counts the suppression directives of a text, so that files without any are
 * never split into lines. Counts over whole lines add up: a directive holds no line break.
 */
export function suppressionCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf(directive); at !== -1; at = text.indexOf(directive, at + directive.length)) count++;
  return count;
}
