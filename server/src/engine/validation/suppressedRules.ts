// The name must end there: `…-disable-next-line-foo` or `…-disable-next-lines` is no directive.
const directive = /#\s*gitops-workbench-disable-next-line(?![\w-])([^#\r\n]*)/;

/**
 * suppressedRules reads a `# gitops-workbench-disable-next-line [rule-id …] [-- reason]` comment
 * from a line: the rule ids it names, 'all' when it names none, or undefined when there is none.
 */
export function suppressedRules(line: string | undefined): ReadonlySet<string> | 'all' | undefined {
  if (line === undefined) return undefined;
  const match = directive.exec(line);
  if (!match) return undefined;
  const words = match[1].split(/[\s,]+/).filter((word) => word !== '');
  const stop = words.indexOf('--');
  const named = stop === -1 ? words : words.slice(0, stop);
  return named.length === 0 ? 'all' : new Set(named);
}
