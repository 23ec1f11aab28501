import { parse, stringify } from 'yaml';

/**
 * isPlainSafe says whether a string may be written unquoted: YAML 1.2 readers (kustomize) and YAML 1.1
 * readers (kubectl's sigs.k8s.io/yaml: `yes`, `on`, `0755`…) both read it back as the same string.
 */
export function isPlainSafe(value: string): boolean {
  if (value === '' || value !== value.trim() || value.includes('\n')) return false;
  try {
    return parse(value, { version: '1.2' }) === value && parse(value, { version: '1.1' }) === value;
  } catch {
    return false;
  }
}

/**
 * formatYamlFragment writes a value as YAML to splice into a file: `block` style indented by
 * `indent` spaces on every line (no trailing newline), or `flow` style on one line. Strings that a
 * YAML 1.1 or 1.2 reader would take for another type are quoted. `indentSequences` follows the file's
 * habit for lists under a key (`key:\n  - a` rather than `key:\n- a`).
 */
export function formatYamlFragment(args: { value: unknown; style: 'block' | 'flow'; indent?: number; indentSequences?: boolean }): string {
  const { value } = args;
  if (typeof value === 'string' && isPlainSafe(value)) return value;
  if (typeof value === 'string' && args.style === 'flow') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = stringify(value, {
    version: '1.1',
    lineWidth: 0,
    indent: 2,
    indentSeq: args.indentSequences ?? true,
    collectionStyle: args.style === 'flow' ? 'flow' : 'block',
    flowCollectionPadding: false,
  }).replace(/\n$/, '');
  if (args.style === 'flow') return text.replace(/\n\s*/g, ' ');
  const prefix = ' '.repeat(args.indent ?? 0);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

/**
 * sequencesIndentedIn tells the file's habit for block lists under a map key: true for `key:\n  - a`,
 * false for `key:\n- a` (the first such list decides; true when there is none).
 */
export function sequencesIndentedIn(text: string): boolean {
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const key = /^(\s*)(?:- +)?[^\s#-][^#]*:\s*(#.*)?\r?$/.exec(lines[i]);
    if (!key) continue;
    let next = i + 1;
    while (next < lines.length && /^\s*(#.*)?\r?$/.test(lines[next])) next++;
    const item = /^(\s*)- /.exec(lines[next] ?? '');
    if (!item) continue;
    const keyColumn = lines[i].length - lines[i].trimStart().length + (/^\s*- +/.exec(lines[i])?.[0].trimStart().length ?? 0);
    return item[1].length > keyColumn;
  }
  return true;
}
