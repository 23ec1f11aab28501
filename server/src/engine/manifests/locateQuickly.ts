import type { YamlPath } from '../validation/Finding';
import { resolvesToNonString } from './yaml12CoreSchema';

/** QuickLocation is where a node lies in a document text: its offsets, as the `yaml` package's range gives them. */
export interface QuickLocation {
  start: number;
  /** Where the node's value ends; for a block collection, where its first line ends. */
  end: number;
  scalar: boolean;
}

/**
 * locateQuickly finds the node at `path` in a block-style document text (the key of its map entry
 * when target is 'key') without the `yaml` package, whose parse costs ~20× js-yaml's per document.
 * It answers only for the layouts it reads unambiguously (block maps and sequences, single-line
 * plain, quoted and flow scalars and collections, comments, blank lines) and gives undefined for
 * anything else, such as block scalars, multi-line plain scalars, empty values, keys that are not
 * strings, tabs or CRs: the caller then asks the `yaml` package. Like locateInDocument, a path that
 * goes past what exists stops at its deepest existing node. Meant for documents the quick parser
 * read (parseQuickly), which have no anchors, aliases, tags, merge keys or multi-line flow nodes.
 */
export function locateQuickly(args: { text: string; path: YamlPath; target?: 'key' | 'value' }): QuickLocation | undefined {
  const { text } = args;
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const reader = new BlockReader(text);
  const first = reader.nextContent(-1);
  if (first === undefined) return undefined;
  let node = reader.nodeAt(first, reader.indentOf(first), -1, true);
  let keyNode: Placed | undefined;
  for (const segment of args.path) {
    let next: Placed | undefined;
    let nextKey: Placed | undefined;
    if (node.kind === 'map') {
      const entry = reader.entry(node, String(segment));
      if (entry === unknown) return undefined;
      if (entry) {
        next = entry.value;
        nextKey = entry.key;
        // An empty value is a null node whose place the `yaml` package decides.
        if (!next) return undefined;
      }
    } else if (node.kind === 'seq' && typeof segment === 'number') {
      const item = reader.item(node, segment);
      if (item === unknown) return undefined;
      next = item;
    } else if (node.kind === 'flow') {
      // Inside a flow collection: not read here.
      return undefined;
    }
    if (!next) break;
    node = next;
    keyNode = nextKey;
  }
  const chosen = args.target === 'key' && keyNode ? keyNode : node;
  if (chosen.kind === 'other') return undefined;
  if ('end' in chosen) return { start: chosen.start, end: chosen.end, scalar: chosen.kind === 'scalar' };
  // A block collection is underlined on its first line; one that has only that line ends where
  // the `yaml` package says, which this reader does not work out.
  if (!reader.continuesBelow(chosen)) return undefined;
  const lineEnd = text.indexOf('\n', chosen.start);
  return lineEnd === -1 ? undefined : { start: chosen.start, end: lineEnd, scalar: false };
}

/** Placed is a node found in the text: a block map or sequence (first key or dash at line/column), a scalar or a flow collection on one line, or something not read here. */
type Placed =
  | { kind: 'map' | 'seq'; line: number; column: number; start: number }
  | { kind: 'scalar' | 'flow'; start: number; end: number }
  | { kind: 'other' };

/** Returned when the text holds something this reader does not read: the caller falls back. */
const unknown = Symbol('unknown');

/** BlockReader reads the block structure of a document text line by line. */
class BlockReader {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  private lineEnd(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
  }

  /** indentOf is the offset of a line's first non-space character. */
  indentOf(line: number): number {
    let at = this.starts[line];
    while (this.text.charCodeAt(at) === 32) at++;
    return at;
  }

  private columnOf(line: number, offset: number): number {
    return offset - this.starts[line];
  }

  /** nextContent is the next line after `line` with something besides spaces and a comment. */
  nextContent(line: number): number | undefined {
    for (let next = line + 1; next < this.starts.length; next++) {
      const at = this.indentOf(next);
      if (at < this.lineEnd(next) && this.text.charCodeAt(at) !== 35) return next;
    }
    return undefined;
  }

  private isDash(offset: number, line: number): boolean {
    const after = offset + 1;
    return this.text.charCodeAt(offset) === 45 && (after === this.lineEnd(line) || this.text.charCodeAt(after) === 32);
  }

  /** Where a comment starts on a line from `offset` (a `#` after a space), or the line end. */
  private commentOrEnd(offset: number, line: number): number {
    const end = this.lineEnd(line);
    for (let at = offset; at < end; at++) if (this.text.charCodeAt(at) === 35 && this.text.charCodeAt(at - 1) === 32) return at;
    return end;
  }

  /** The end of a quoted scalar starting at `offset`, after its closing quote, on the same line. */
  private quotedEnd(offset: number, line: number): number | undefined {
    const quote = this.text.charCodeAt(offset);
    const end = this.lineEnd(line);
    for (let at = offset + 1; at < end; at++) {
      const code = this.text.charCodeAt(at);
      if (quote === 34 && code === 92) at++;
      else if (code === quote) {
        if (quote === 39 && this.text.charCodeAt(at + 1) === 39) at++;
        else return at + 1;
      }
    }
    return undefined;
  }

  /** The end of a flow collection starting at `offset`, after its closing bracket, on the same line. */
  private flowEnd(offset: number, line: number): number | undefined {
    const end = this.lineEnd(line);
    let depth = 0;
    for (let at = offset; at < end; at++) {
      const code = this.text.charCodeAt(at);
      if (code === 34 || code === 39) {
        const closed = this.quotedEnd(at, line);
        if (closed === undefined) return undefined;
        at = closed - 1;
      } else if (code === 91 || code === 123) depth++;
      else if (code === 93 || code === 125) {
        depth--;
        if (depth === 0) return at + 1;
      } else if (code === 35 && this.text.charCodeAt(at - 1) === 32) return undefined;
    }
    return undefined;
  }

  /** The key that starts at `offset`: its node, its text as a string and where its value starts; undefined when none starts there. */
  private keyAt(offset: number, line: number): { key: Placed; name: string; after: number } | typeof unknown | undefined {
    const end = this.lineEnd(line);
    const code = this.text.charCodeAt(offset);
    let keyEnd: number;
    let name: string;
    let colon: number;
    if (code === 34 || code === 39) {
      const closed = this.quotedEnd(offset, line);
      if (closed === undefined) return unknown;
      colon = closed;
      while (this.text.charCodeAt(colon) === 32) colon++;
      if (this.text.charCodeAt(colon) !== 58 || (colon + 1 < end && this.text.charCodeAt(colon + 1) !== 32)) return undefined;
      const inner = this.text.slice(offset + 1, closed - 1);
      // Escapes in double quotes are not decoded here.
      if (code === 34 && inner.includes('\\')) return unknown;
      keyEnd = closed;
      name = code === 39 ? inner.replace(/''/g, "'") : inner;
    } else {
      colon = -1;
      for (let at = offset; at < end; at++) {
        const current = this.text.charCodeAt(at);
        if (current === 35 && at > offset && this.text.charCodeAt(at - 1) === 32) return undefined;
        if (current === 58 && (at + 1 === end || this.text.charCodeAt(at + 1) === 32)) {
          colon = at;
          break;
        }
      }
      if (colon === -1) return undefined;
      keyEnd = colon;
      while (keyEnd > offset && this.text.charCodeAt(keyEnd - 1) === 32) keyEnd--;
      name = this.text.slice(offset, keyEnd);
      // A key that is not a string is compared by its resolved value (`1.0` is "1"): not worked out here.
      if (name === '' || resolvesToNonString(name) || /^[[{"'&*!|>%@`?,]/.test(name)) return unknown;
    }
    return { key: { kind: 'scalar', start: offset, end: keyEnd }, name, after: colon + 1 };
  }

  /**
   * nodeAt reads the node that starts at `offset` of `line`. `owner` is the column of the map entry
   * or sequence item it belongs to (-1 for the document); `inlineMap` allows a block map to start
   * here (a document or sequence item, not a map value).
   */
  nodeAt(line: number, offset: number, owner: number, inlineMap: boolean): Placed {
    const code = this.text.charCodeAt(offset);
    if (this.isDash(offset, line)) return { kind: 'seq', line, column: this.columnOf(line, offset), start: offset };
    if (code === 91 || code === 123) {
      const end = this.flowEnd(offset, line);
      return end === undefined || !this.restIsEmpty(end, line) ? { kind: 'other' } : { kind: 'flow', start: offset, end };
    }
    // Block scalars, anchors, aliases, tags, explicit keys and reserved indicators.
    if (code === 124 || code === 62 || code === 38 || code === 42 || code === 33 || code === 63 || code === 37 || code === 64 || code === 96) return { kind: 'other' };
    if (inlineMap) {
      const key = this.keyAt(offset, line);
      if (key === unknown) return { kind: 'other' };
      if (key) return { kind: 'map', line, column: this.columnOf(line, offset), start: offset };
    }
    let end: number;
    if (code === 34 || code === 39) {
      const closed = this.quotedEnd(offset, line);
      if (closed === undefined || !this.restIsEmpty(closed, line)) return { kind: 'other' };
      end = closed;
    } else {
      end = this.commentOrEnd(offset, line);
      while (end > offset && this.text.charCodeAt(end - 1) === 32) end--;
      // A map value with `: ` in it, or a sequence item after a map value, is not YAML js-yaml reads.
      if (!inlineMap && /: |:$/.test(this.text.slice(offset, end))) return { kind: 'other' };
    }
    // A plain scalar continues on more indented lines.
    const next = this.nextContent(line);
    if (next !== undefined && this.columnOf(next, this.indentOf(next)) > owner && code !== 34 && code !== 39) return { kind: 'other' };
    return { kind: 'scalar', start: offset, end };
  }

  /** restIsEmpty: only spaces and a comment follow `offset` on its line. */
  private restIsEmpty(offset: number, line: number): boolean {
    const end = this.lineEnd(line);
    let at = offset;
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    return at === end || (this.text.charCodeAt(at) === 35 && at > offset);
  }

  /** The value of a map entry at `column` whose key ends before `after`: undefined when it is empty. */
  private valueAfter(after: number, line: number, column: number): Placed | undefined {
    let at = after;
    const end = this.lineEnd(line);
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    if (at < end && !(this.text.charCodeAt(at) === 35 && this.text.charCodeAt(at - 1) === 32)) {
      // A sequence cannot start after `key: ` on the same line.
      return this.isDash(at, line) ? { kind: 'other' } : this.nodeAt(line, at, column, false);
    }
    const next = this.nextContent(line);
    if (next === undefined) return undefined;
    const start = this.indentOf(next);
    const nextColumn = this.columnOf(next, start);
    if (nextColumn > column) return this.nodeAt(next, start, column, true);
    // A sequence may sit at its key's own indentation.
    if (nextColumn === column && this.isDash(start, next)) return { kind: 'seq', line: next, column, start };
    return undefined;
  }

  /** entry finds the entry of a block map with key `name`: its key and value, undefined when absent. */
  entry(map: { line: number; column: number; start: number }, name: string): { key: Placed; value: Placed | undefined } | typeof unknown | undefined {
    for (let line: number | undefined = map.line; line !== undefined; line = this.nextContent(line)) {
      let offset: number;
      if (line === map.line) offset = map.start;
      else {
        offset = this.indentOf(line);
        const column = this.columnOf(line, offset);
        if (column < map.column) return undefined;
        if (column > map.column || this.isDash(offset, line)) continue;
      }
      const key = this.keyAt(offset, line);
      if (!key || key === unknown) return unknown;
      if (key.name === name) return { key: key.key, value: this.valueAfter(key.after, line, map.column) };
    }
    return undefined;
  }

  /** item finds the item of a block sequence at `index`, undefined when it has fewer. */
  item(seq: { line: number; column: number; start: number }, index: number): Placed | typeof unknown | undefined {
    let count = 0;
    for (let line: number | undefined = seq.line; line !== undefined; line = this.nextContent(line)) {
      const offset = line === seq.line ? seq.start : this.indentOf(line);
      const column = this.columnOf(line, offset);
      if (column < seq.column) return undefined;
      if (column > seq.column) continue;
      if (!this.isDash(offset, line)) return undefined;
      if (count++ < index) continue;
      let at = offset + 1;
      const end = this.lineEnd(line);
      while (at < end && this.text.charCodeAt(at) === 32) at++;
      // An item left empty or continued below: not read here.
      if (at === end || (this.text.charCodeAt(at) === 35 && this.text.charCodeAt(at - 1) === 32)) return unknown;
      return this.nodeAt(line, at, seq.column, true);
    }
    return undefined;
  }

  /** continuesBelow: a block collection has more lines than its first. */
  continuesBelow(collection: { kind: 'map' | 'seq'; line: number; column: number }): boolean {
    const next = this.nextContent(collection.line);
    if (next === undefined) return false;
    const start = this.indentOf(next);
    const column = this.columnOf(next, start);
    if (column > collection.column) return true;
    // At the collection's column: a map's next key or a sequence at its key's indentation; a sequence's next item.
    return column === collection.column && (collection.kind === 'map' || this.isDash(start, next));
  }
}
