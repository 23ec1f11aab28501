import { CST, isCollection, isMap, isScalar, isSeq, Scalar, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FieldPath } from '../drift/FieldPath';
import { AdoptionRefusedError } from './errors/AdoptionRefusedError';
import { findYamlNode, type YamlStep } from './findYamlNode';
import { formatYamlFragment, isPlainSafe, sequencesIndentedIn } from './formatYamlFragment';
import { formatFieldPath } from '../drift/formatFieldPath';
import { nestedValue } from './nestedValue';
import type { ObjectKind } from './matchesListKey';

/** ValueChange is what to do at a path: set a value (inserting what is missing), or remove the entry. */
export type ValueChange = { kind: 'set'; value: unknown } | { kind: 'remove' };

type Item = { start: number; contentEnd: number };

/**
 * editYamlValue returns a file's text with one value of one of its documents set or removed, and
 * every other byte as it was: comments, quoting, indentation, key order and flow style stay. A scalar
 * keeps its quoting style where the new value allows it (a number in quotes stays a string only if it
 * is one). A missing entry is inserted at the end of the nearest declared map or list, in that
 * collection's style (block or flow) and indentation; a removed entry takes its line(s) with it; an
 * emptied collection becomes `{}` or `[]`. `document` must be a parse of `text` with source tokens
 * kept (parseYamlFile).
 */
export function editYamlValue(args: { text: string; document: Document; path: FieldPath; object: ObjectKind; change: ValueChange }): string {
  const { text, document, path, change } = args;
  const lookup = findYamlNode({ document, path, object: args.object });
  const editor = new TextEditor(text);
  if (lookup.found) {
    const steps = lookup.steps;
    if (change.kind === 'remove') editor.removeEntry(steps[steps.length - 1], steps[steps.length - 2]);
    else editor.replaceValue(steps[steps.length - 1], change.value);
    return editor.result();
  }
  if (change.kind === 'remove') return text;
  const remaining = path.slice(lookup.steps.length);
  const holder = lookup.node;
  const first = remaining[0];
  if (isMap(holder) && 'field' in first) {
    editor.appendEntry(holder, { [first.field]: nestedValue(remaining.slice(1), change.value) });
  } else if (isSeq(holder) && !('field' in first)) {
    if ('index' in first && first.index !== holder.items.length) throw new AdoptionRefusedError(`cannot insert item ${first.index} into a list of ${holder.items.length} in Git (${formatFieldPath(path)})`);
    const item = 'index' in first ? nestedValue(remaining.slice(1), change.value) : (nestedValue(remaining, change.value) as unknown[])[0];
    editor.appendEntry(holder, [item]);
  } else if ((holder === null || (isScalar(holder) && holder.value === null)) && lookup.steps.length > 0) {
    editor.replaceValue(lookup.steps[lookup.steps.length - 1], nestedValue(remaining, change.value));
  } else {
    throw new AdoptionRefusedError(`Git declares ${formatFieldPath(path.slice(0, lookup.steps.length)) || 'the object'} as something other than what ${formatFieldPath(path)} needs; edit it by hand`);
  }
  return editor.result();
}

/** TextEditor applies non-overlapping replacements to a text, computed against the original offsets. */
class TextEditor {
  private readonly replacements: { start: number; end: number; text: string }[] = [];
  private readonly indentSequences: boolean;
  private readonly crlf: boolean;

  constructor(private readonly text: string) {
    this.indentSequences = sequencesIndentedIn(text);
    this.crlf = text.includes('\r\n');
  }

  result(): string {
    let out = this.text;
    for (const { start, end, text } of [...this.replacements].sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
    return out;
  }

  private replace(start: number, end: number, text: string): void {
    // New lines take the file's line breaks.
    this.replacements.push({ start, end, text: this.crlf ? text.replace(/\r?\n/g, '\r\n') : text });
  }

  private column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  /** lineEnd is the end (before the line break) of the line holding the last content character before `offset`. */
  private lineEnd(offset: number): number {
    let end = offset;
    while (end > 0 && /[ \t\r\n]/.test(this.text[end - 1])) end--;
    const newline = this.text.indexOf('\n', end);
    const lineEnd = newline === -1 ? this.text.length : newline;
    return this.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  }

  /** contentEnd is the offset after a node's last content character (block collections end after a line break). */
  private contentEnd(node: Node | null | undefined, fallback: number): number {
    let end = node?.range?.[1] ?? fallback;
    while (end > fallback && /[ \t\r\n]/.test(this.text[end - 1])) end--;
    return Math.max(end, fallback);
  }

  /** itemsOf gives each entry's start (key, or `-` of a block list item) and content end. */
  private itemsOf(collection: YAMLMap | YAMLSeq): Item[] {
    const token = collection.srcToken;
    if (isMap(collection)) {
      return (collection.items as Pair<Node, Node | null>[]).map((pair) => {
        const start = pair.key?.range?.[0] ?? 0;
        return { start, contentEnd: this.contentEnd(pair.value, pair.key?.range?.[1] ?? start) };
      });
    }
    return (collection.items as (Node | null)[]).map((item, index) => {
      let start = item?.range?.[0] ?? 0;
      if (token?.type === 'block-seq') start = token.items[index]?.start.find((source) => source.type === 'seq-item-ind')?.offset ?? start;
      return { start, contentEnd: this.contentEnd(item, item?.range?.[0] ?? start) };
    });
  }

  private isFlow(collection: YAMLMap | YAMLSeq): boolean {
    return collection.srcToken?.type === 'flow-collection' || collection.flow === true;
  }

  /** removeEntry removes a map entry or list item and the lines it alone takes. */
  removeEntry(step: YamlStep, parentStep: YamlStep | undefined): void {
    const collection = step.parent;
    const position = isMap(collection) ? collection.items.indexOf(step.pair as never) : (step.index ?? -1);
    const items = this.itemsOf(collection);
    if (position === -1) return;
    const flow = this.isFlow(collection);
    if (items.length === 1) {
      this.emptyCollection(collection, parentStep);
      return;
    }
    const { start, contentEnd } = items[position];
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    if (!flow && this.text.slice(lineStart, start).trim() === '') {
      // The entry's own lines go, line breaks included; comments above the next entry stay.
      const end = this.lineEnd(contentEnd);
      this.replace(lineStart, this.text[end] === '\r' ? end + 2 : end + 1, '');
    } else if (position < items.length - 1) {
      // The first key of a list item (`- name: x`), or a flow entry: the next entry moves up.
      this.replace(start, items[position + 1].start, '');
    } else {
      this.replace(items[position - 1].contentEnd, contentEnd, '');
    }
  }

  /** emptyCollection writes `{}` or `[]` in place of a collection whose only entry goes. */
  private emptyCollection(collection: YAMLMap | YAMLSeq, parentStep: YamlStep | undefined): void {
    const empty = isMap(collection) ? '{}' : '[]';
    const range = collection.range;
    if (!range) return;
    if (this.isFlow(collection)) {
      this.replace(range[0], this.contentEnd(collection, range[0]), empty);
      return;
    }
    const end = this.lineEnd(this.contentEnd(collection, range[0]));
    const key = parentStep?.pair?.key;
    const colon = key?.range ? this.text.indexOf(':', key.range[1]) : -1;
    if (colon !== -1 && colon < range[0]) this.replace(colon + 1, end, ` ${empty}`);
    else this.replace(this.itemsOf(collection)[0]?.start ?? range[0], end, empty);
  }

  /** replaceValue sets the value of an existing entry (or list item). */
  replaceValue(step: YamlStep, value: unknown): void {
    const node = step.node;
    const isCollectionValue = value !== null && typeof value === 'object';
    if (!isCollectionValue && isScalar(node) && node.srcToken && this.replaceScalar(node, value, step.parent)) return;
    if (!isCollectionValue && isScalar(node) && node.srcToken === undefined && step.pair) {
      // An empty value (`key:`): write the value after the colon.
      const colon = this.text.indexOf(':', step.pair.key?.range?.[1] ?? 0);
      this.replace(colon + 1, colon + 1, ` ${formatYamlFragment({ value, style: 'flow' })}`);
      return;
    }
    const range = node?.range;
    if (range && (this.isFlow(step.parent) || (isCollection(node) && this.isFlow(node)))) {
      // Inside a flow collection, or a flow collection itself: stay on one line.
      this.replace(range[0], this.contentEnd(node, range[0]), formatYamlFragment({ value, style: 'flow' }));
      return;
    }
    if (step.pair && isMap(step.parent)) {
      // Block map entry: rewrite the value after the key's colon.
      const key = step.pair.key;
      const colon = this.text.indexOf(':', key?.range?.[1] ?? 0);
      const keyColumn = this.column(key?.range?.[0] ?? 0);
      const end = this.lineEnd(this.contentEnd(node, colon + 1));
      const empty = isCollectionValue && Object.keys(value as object).length === 0;
      if (!isCollectionValue || empty) this.replace(colon + 1, end, ` ${formatYamlFragment({ value, style: 'flow' })}`);
      else {
        const indent = keyColumn + (Array.isArray(value) && !this.indentSequences ? 0 : 2);
        this.replace(colon + 1, end, `\n${formatYamlFragment({ value, style: 'block', indent, indentSequences: this.indentSequences })}`);
      }
      return;
    }
    if (isSeq(step.parent) && step.index !== undefined) {
      const item = this.itemsOf(step.parent)[step.index];
      const dashColumn = this.column(item.start);
      const text = formatYamlFragment({ value: [value], style: 'block', indent: dashColumn, indentSequences: this.indentSequences });
      this.replace(item.start, this.lineEnd(item.contentEnd), text.slice(dashColumn));
      return;
    }
    throw new AdoptionRefusedError('this value cannot be rewritten in place');
  }

  /** replaceScalar rewrites a scalar through its source token, keeping its style when the value allows. */
  private replaceScalar(node: Scalar, value: unknown, parent: YAMLMap | YAMLSeq): boolean {
    const token = node.srcToken as CST.Token | undefined;
    if (!token || !('offset' in token) || (token.type !== 'scalar' && token.type !== 'double-quoted-scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'block-scalar')) return false;
    const before = CST.stringify(token);
    if (this.text.slice(token.offset, token.offset + before.length) !== before) return false;
    const inFlow = this.isFlow(parent);
    let type: Scalar.Type = node.type ?? Scalar.PLAIN;
    let source: string;
    if (typeof value === 'string') {
      source = value;
      if (type === Scalar.PLAIN) {
        if (value.includes('\n')) type = inFlow ? Scalar.QUOTE_DOUBLE : Scalar.BLOCK_LITERAL;
        else if (!isPlainSafe(value)) type = Scalar.QUOTE_DOUBLE;
      } else if ((type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) && inFlow) type = Scalar.QUOTE_DOUBLE;
    } else {
      source = value === null || value === undefined ? 'null' : String(value);
      type = Scalar.PLAIN;
    }
    const copy = structuredClone(token);
    CST.setScalarValue(copy, source, { afterKey: true, inFlow, type });
    this.replace(token.offset, token.offset + before.length, CST.stringify(copy));
    return true;
  }

  /** appendEntry adds entries (a map's or a list's) after the last entry of a collection, in its style. */
  appendEntry(collection: YAMLMap | YAMLSeq, addition: Record<string, unknown> | unknown[]): void {
    const items = this.itemsOf(collection);
    if (this.isFlow(collection) || items.length === 0) {
      const token = collection.srcToken;
      const close = token?.type === 'flow-collection' ? token.end.find((source) => source.type === 'flow-map-end' || source.type === 'flow-seq-end')?.offset : undefined;
      if (close === undefined) throw new AdoptionRefusedError('cannot add to this collection in place');
      const inner = formatYamlFragment({ value: addition, style: 'flow' }).slice(1, -1).trim();
      const lastEnd = items.length > 0 ? items[items.length - 1].contentEnd : close;
      this.replace(lastEnd, lastEnd, items.length > 0 ? `, ${inner}` : inner);
      return;
    }
    const last = items[items.length - 1];
    const column = this.column(items[0].start);
    const text = formatYamlFragment({ value: addition, style: 'block', indent: column, indentSequences: this.indentSequences });
    const at = this.lineEnd(last.contentEnd);
    this.replace(at, at, `\n${text}`);
  }
}
