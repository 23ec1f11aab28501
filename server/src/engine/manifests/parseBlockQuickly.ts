import { constructPlainScalar, resolvesToNonString } from './yaml12CoreSchema';

/** Thrown inside the reader when the text holds something it does not read; parseBlockQuickly then answers undefined. */
const notRead: unique symbol = Symbol('notRead');

/**
 * duplicateKey is parseBlockQuickly's answer for a block map that has a key twice: an error for
 * every parser, so the caller can go straight to the careful one, which says where, instead of
 * trying js-yaml first (a failed js-yaml load builds an error snippet; ~2 ms a document cold).
 */
export const duplicateKey: unique symbol = Symbol('duplicateKey');

/**
 * parseBlockQuickly reads the value of a block-style document text (what manifests mostly are)
 * without js-yaml, whose generic reader allocates a dictionary for every node it tries: this one
 * takes about half the time (docs/benchmarks.md, run D). It reads block maps and sequences,
 * single-line plain and quoted scalars without escapes, single-line flow sequences of scalars, `{}`,
 * literal block scalars (`|`, `|-`), comments and blank lines, and gives undefined for anything
 * else (folded scalars, multi-line plain or quoted scalars, escapes, keys that are not strings,
 * tabs, CRs…): the caller then asks js-yaml. A key read twice in one map answers duplicateKey.
 * Where it answers, the value is the `yaml` package's (the careful parser's) and js-yaml's with
 * yaml12CoreSchema: anchors, aliases, tags, merge keys, explicit and empty keys, tabs and CRs, which
 * parseQuickly's checks send to the careful parser, are all refused here.
 * test/unit/manifests/parseBlockQuickly.test.ts compares the three on fixtures and seeded documents.
 */
export function parseBlockQuickly(text: string): object | typeof duplicateKey | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const reader = new BlockValueReader(text);
  try {
    return reader.document();
  } catch (error) {
    if (error === notRead) return undefined;
    if (error === duplicateKey) return duplicateKey;
    throw error;
  }
}

/** Manifests nest maps and sequences a dozen levels deep; a thousand is far past them and far from the stack's end. */
const maxDepth = 1000;

const space = 32;
const hash = 35;
const dash = 45;
const colon = 58;
const doubleQuote = 34;
const singleQuote = 39;

/**
 * BlockValueReader walks the text line by line. The current line is the next one with content
 * (not blank, not only a comment): `lineStart`, `contentStart` (its first non-space) and
 * `lineEnd`; `lineStart` is -1 at the end of the text.
 */
class BlockValueReader {
  private lineStart = 0;
  private contentStart = 0;
  private lineEnd = 0;

  constructor(private readonly text: string) {}

  document(): object {
    this.seekContent(0);
    if (this.lineStart === -1) throw notRead;
    const column = this.contentStart - this.lineStart;
    const value = this.isDash(this.contentStart) ? this.sequence(column) : this.mapAt(this.key(this.contentStart), column);
    // Less-indented lines after the root node are an error js-yaml reports.
    if (this.lineStart !== -1) throw notRead;
    return value;
  }

  /** seekContent makes the first line with content at or after `offset` (a line start) current. */
  private seekContent(offset: number): void {
    const text = this.text;
    const length = text.length;
    let start = offset;
    while (start < length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = length;
      let at = start;
      while (at < end && text.charCodeAt(at) === space) at++;
      if (at < end && text.charCodeAt(at) !== hash) {
        // A document marker inside a chunk is not this reader's to interpret.
        if (at === start && (text.startsWith('---', at) || text.startsWith('...', at))) throw notRead;
        this.lineStart = start;
        this.contentStart = at;
        this.lineEnd = end;
        return;
      }
      start = end + 1;
    }
    this.lineStart = -1;
  }

  /** nextLine makes the next line with content after the current one current. */
  private nextLine(): void {
    this.seekContent(this.lineEnd + 1);
  }

  private isDash(offset: number): boolean {
    return this.text.charCodeAt(offset) === dash && (offset + 1 === this.lineEnd || this.text.charCodeAt(offset + 1) === space);
  }

  /** restIsEmpty: only spaces, then nothing or a comment, from `offset` to the line's end. */
  private restIsEmpty(offset: number): boolean {
    let at = offset;
    while (at < this.lineEnd && this.text.charCodeAt(at) === space) at++;
    return at === this.lineEnd || (at > offset && this.text.charCodeAt(at) === hash);
  }

  /** How many maps and sequences are open: deep nesting is left to the parsers that limit it. */
  private depth = 0;

  /**
   * A block map at `column` whose first key, on the current line, key() has just read: `firstAfter`
   * is what it returned (the key is read once, by whoever has to tell a map from a scalar).
   */
  private mapAt(firstAfter: number, column: number): Record<string, unknown> {
    if (++this.depth > maxDepth) throw notRead;
    const map: Record<string, unknown> = {};
    let after = firstAfter;
    for (;;) {
      const name = this.keyName;
      // `<<` merges maps and an empty key is one the parsers name differently: both left to them.
      if (after < 0 || name === '__proto__' || name === '<<' || name === '') throw notRead;
      // A key already set is a duplicate; one of Object.prototype's names only costs the fallback.
      if (map[name] !== undefined) throw Object.hasOwn(map, name) ? duplicateKey : notRead;
      map[name] = this.valueAfter(after, column, true);
      const next = this.lineStart === -1 ? -1 : this.contentStart - this.lineStart;
      if (next < column) {
        this.depth--;
        return map;
      }
      if (next > column || this.isDash(this.contentStart)) throw notRead;
      after = this.key(this.contentStart);
    }
  }

  /** The name of the key key() read last. */
  private keyName = '';

  /**
   * key reads the map key that starts at `offset` of the current line (keyName) and returns where
   * its value starts, after the colon; -1 when no key starts there.
   */
  private key(offset: number): number {
    const text = this.text;
    const code = text.charCodeAt(offset);
    if (code === doubleQuote || code === singleQuote) {
      const closed = this.quotedEnd(offset);
      let at = closed;
      while (at < this.lineEnd && text.charCodeAt(at) === space) at++;
      if (text.charCodeAt(at) !== colon || (at + 1 < this.lineEnd && text.charCodeAt(at + 1) !== space)) return -1;
      this.keyName = quotedValueOf(text, offset, closed);
      return at + 1;
    }
    if (!startsPlain(code, text.charCodeAt(offset + 1))) throw notRead;
    let sum = 0;
    for (let at = offset; at < this.lineEnd; at++) {
      const current = text.charCodeAt(at);
      if (current === hash && text.charCodeAt(at - 1) === space) return -1;
      if (current === colon && (at + 1 === this.lineEnd || text.charCodeAt(at + 1) === space)) {
        let end = at;
        while (text.charCodeAt(end - 1) === space) end--;
        // Keys spaced before their colon are not looked up: the hash covers the spaces.
        const slot = end === at ? sum & (slotCount - 1) : -1;
        const known = slot === -1 ? undefined : knownKeys[slot];
        if (known !== undefined && known.length === end - offset && text.startsWith(known, offset)) {
          this.keyName = known;
          return at + 1;
        }
        const name = text.slice(offset, end);
        // A key the core schema reads as null, a boolean or a number is not a string key; YAML
        // limits implicit keys to 1024 characters.
        if (end - offset > 1024 || resolvesToNonString(name)) throw notRead;
        this.keyName = name;
        if (slot !== -1 && name.length <= keptKeyLength) knownKeys[slot] = internalized(name);
        return at + 1;
      }
      sum = addToHash(sum, current);
    }
    return -1;
  }

  /**
   * valueAfter reads the value of a map entry or sequence item whose text starts at `offset` of the
   * current line (after `key:` or `- `), owned by the node at `column`, and leaves the line after it
   * current. `ofMap`: a sequence may then start at the owner's own column on the next line.
   */
  private valueAfter(offset: number, column: number, ofMap: boolean): unknown {
    const text = this.text;
    let at = offset;
    while (at < this.lineEnd && text.charCodeAt(at) === space) at++;
    if (at === this.lineEnd || (text.charCodeAt(at) === hash && at > offset)) {
      this.nextLine();
      if (this.lineStart === -1) {
        if (!ofMap) throw notRead;
        return null;
      }
      const next = this.contentStart - this.lineStart;
      if (next > column) {
        if (this.isDash(this.contentStart)) return this.sequence(next);
        return this.mapAt(this.key(this.contentStart), next);
      }
      if (ofMap && next === column && this.isDash(this.contentStart)) return this.sequence(next);
      if (!ofMap) throw notRead;
      return null;
    }
    // A line indented under a scalar (a plain scalar continued) is refused by the map or sequence.
    return this.inlineValue(at, column);
  }

  /** inlineValue reads a scalar, flow sequence or block scalar starting at `at`, then moves past it. */
  private inlineValue(at: number, column: number): unknown {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === doubleQuote || code === singleQuote) {
      const closed = this.quotedEnd(at);
      if (!this.restIsEmpty(closed)) throw notRead;
      const value = quotedValueAt(text, at, closed);
      this.nextLine();
      return value;
    }
    if (code === 124) return this.literal(at, column);
    if (code === 91) {
      const value = this.flowSequence(at);
      this.nextLine();
      return value;
    }
    if (code === 123) {
      if (text.charCodeAt(at + 1) !== 125 || !this.restIsEmpty(at + 2)) throw notRead;
      this.nextLine();
      return {};
    }
    if (!startsPlain(code, text.charCodeAt(at + 1))) throw notRead;
    let end = this.lineEnd;
    for (let current = at + 1; current < this.lineEnd; current++) {
      const character = text.charCodeAt(current);
      if (character === hash && text.charCodeAt(current - 1) === space) {
        end = current;
        break;
      }
      // `a: b: c` is an error; `- a: b` never reaches here (its key was read first).
      if (character === colon && (current + 1 === this.lineEnd || text.charCodeAt(current + 1) === space)) throw notRead;
    }
    while (text.charCodeAt(end - 1) === space) end--;
    const value = plainValueAt(text, at, end);
    this.nextLine();
    return value;
  }

  /** A block sequence whose first dash is the current line's content, at `column`. */
  private sequence(column: number): unknown[] {
    if (++this.depth > maxDepth) throw notRead;
    const list: unknown[] = [];
    for (;;) {
      const text = this.text;
      let at = this.contentStart + 1;
      while (at < this.lineEnd && text.charCodeAt(at) === space) at++;
      // An empty item, a comment after the dash or a sequence in a sequence: not read here.
      if (at === this.lineEnd || text.charCodeAt(at) === hash || this.isDash(at)) throw notRead;
      const itemColumn = at - this.lineStart;
      const code = text.charCodeAt(at);
      const after = code === 124 || code === 91 || code === 123 ? -1 : this.key(at);
      list.push(after >= 0 ? this.mapAt(after, itemColumn) : this.valueAfter(at, column, false));
      const next = this.lineStart === -1 ? -1 : this.contentStart - this.lineStart;
      if (next < column || (next === column && !this.isDash(this.contentStart))) {
        this.depth--;
        return list.slice();
      }
      if (next > column) throw notRead;
    }
  }

  /** quotedEnd is the offset after the closing quote of the scalar at `offset`, on the same line. */
  private quotedEnd(offset: number): number {
    const text = this.text;
    const quote = text.charCodeAt(offset);
    for (let at = offset + 1; at < this.lineEnd; at++) {
      const code = text.charCodeAt(at);
      // Escapes are js-yaml's to decode.
      if (code === 92 && quote === doubleQuote) throw notRead;
      if (code === quote) {
        if (quote === singleQuote && text.charCodeAt(at + 1) === singleQuote) at++;
        else return at + 1;
      }
    }
    throw notRead;
  }

  /** flowSequence reads a one-line `[a, "b", 'c']` of scalars ending the line; anything else is not read here. */
  private flowSequence(offset: number): unknown[] {
    const text = this.text;
    const list: unknown[] = [];
    let at = offset + 1;
    while (text.charCodeAt(at) === space) at++;
    if (text.charCodeAt(at) === 93) {
      if (!this.restIsEmpty(at + 1)) throw notRead;
      return list;
    }
    for (;;) {
      const code = text.charCodeAt(at);
      let end: number;
      if (code === doubleQuote || code === singleQuote) {
        end = this.quotedEnd(at);
        list.push(quotedValueAt(text, at, end));
      } else {
        if (!startsPlain(code, text.charCodeAt(at + 1)) || code === 93 || code === 44) throw notRead;
        end = at + 1;
        for (;;) {
          const character = text.charCodeAt(end);
          if (end >= this.lineEnd || character === 44 || character === 93) break;
          // Keys, nested collections and comments inside a flow sequence are js-yaml's to read.
          if (character === colon || character === 91 || character === 123 || character === 125 || character === hash) throw notRead;
          end++;
        }
        let last = end;
        while (text.charCodeAt(last - 1) === space) last--;
        list.push(plainValueAt(text, at, last));
      }
      at = end;
      while (at < this.lineEnd && text.charCodeAt(at) === space) at++;
      const separator = text.charCodeAt(at);
      if (separator === 93) {
        if (!this.restIsEmpty(at + 1)) throw notRead;
        return list.slice();
      }
      if (separator !== 44 || at >= this.lineEnd) throw notRead;
      at++;
      while (at < this.lineEnd && text.charCodeAt(at) === space) at++;
      // A trailing comma or an empty entry.
      if (text.charCodeAt(at) === 93 || text.charCodeAt(at) === 44 || at >= this.lineEnd) throw notRead;
    }
  }

  /**
   * literal reads a `|` or `|-` block scalar whose header is at `offset`, under a node at `column`:
   * its lines keep their text past the indentation of the first one. Leading blank lines, lines of
   * spaces longer than the indentation, indentation indicators and `|+` are js-yaml's to read.
   */
  private literal(offset: number, column: number): string {
    const text = this.text;
    let at = offset + 1;
    const strip = text.charCodeAt(at) === dash;
    if (strip) at++;
    if (!this.restIsEmpty(at)) throw notRead;
    let lineStart = this.lineEnd + 1;
    const length = text.length;
    let indent = -1;
    // The lines are joined once: a string built up line by line is a tree of pieces that every
    // later reader flattens, and that the collector walks meanwhile.
    const lines: string[] = [];
    let pendingBreaks = 0;
    while (lineStart < length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = length;
      let first = lineStart;
      while (first < lineEnd && text.charCodeAt(first) === space) first++;
      const spaces = first - lineStart;
      if (first === lineEnd) {
        if (indent === -1 || spaces > indent) throw notRead;
        pendingBreaks++;
      } else {
        if (indent === -1) {
          if (spaces <= column) throw notRead;
          indent = spaces;
        }
        if (spaces < indent) break;
        for (; pendingBreaks > 0; pendingBreaks--) lines.push('');
        lines.push(text.slice(lineStart + indent, lineEnd));
      }
      lineStart = lineEnd + 1;
    }
    if (lines.length === 0) throw notRead;
    this.seekContent(Math.min(lineStart, length));
    if (!strip) lines.push('');
    return lines.join('\n');
  }
}

/**
 * Scalars this short are looked up in the tables below. V8 copies strings under 13 characters out
 * of the text; longer ones are slices of it, and keeping one would keep its whole file's text.
 */
const shortLength = 13;

/*
 * The keys, short plain scalars and short quoted scalars read last, in three direct-mapped tables:
 * a hash of the characters (addToHash) picks the slot, and the slot's string is taken when the
 * text holds exactly its characters there (startsWith makes no string). Manifests repeat a few
 * hundred keys and values thousands of times; slicing a string for each, and V8 then hashing
 * every key again to find its property name, cost more than the hash made while scanning.
 * Reading every lean benchmark document took 250–310 ms this way against 325–375 ms, and the CLI
 * 5% less time on both corpora (docs/benchmarks.md, "Strings the reader no longer makes"). A slot
 * holds the last string that hashed to it: the tables stay 4 × 4,096 entries for the process's life.
 * They also keep one copy of each repeated value (`TCP`, `http`, `v1`: 8.6 MB of the realistic
 * corpus's values were such repeats).
 */
const slotCount = 4096;
/** Longer keys are rare and not kept: each kept key is a copy (a slice would keep its file's text). */
const keptKeyLength = 64;
const knownKeys: Array<string | undefined> = new Array(slotCount).fill(undefined);
const knownPlainTexts: Array<string | undefined> = new Array(slotCount).fill(undefined);
const knownPlainValues: unknown[] = new Array(slotCount).fill(undefined);
/** Quoted scalars are strings whatever their characters: `"8080"` is not the plain `8080`. */
const knownQuotedTexts: Array<string | undefined> = new Array(slotCount).fill(undefined);

/** addToHash adds a character to a hash of a text's characters (the table's slot is hash & (slotCount - 1)). */
function addToHash(hash: number, code: number): number {
  return (Math.imul(hash, 31) + code) | 0;
}

/** slotOf is the table slot of the characters text.slice(start, end). */
function slotOf(text: string, start: number, end: number): number {
  let hash = 0;
  for (let at = start; at < end; at++) hash = addToHash(hash, text.charCodeAt(at));
  return hash & (slotCount - 1);
}

/** internalized is V8's property-name copy of a string: no slice of a file's text. */
function internalized(name: string): string {
  return Object.keys({ [name]: 0 })[0];
}

/**
 * plainValueAt is the value of the plain scalar text.slice(start, end) (constructPlainScalar): a
 * short one is looked up in the plain scalars' table before any string is made.
 */
function plainValueAt(text: string, start: number, end: number): unknown {
  const length = end - start;
  if (length >= shortLength) return constructPlainScalar(text.slice(start, end));
  const slot = slotOf(text, start, end);
  const known = knownPlainTexts[slot];
  if (known !== undefined && known.length === length && text.startsWith(known, start)) return knownPlainValues[slot];
  const plain = text.slice(start, end);
  const value = constructPlainScalar(plain);
  knownPlainTexts[slot] = plain;
  knownPlainValues[slot] = value;
  return value;
}

/** quotedValueOf is the value of the quoted scalar from `offset` (its opening quote) to `closed` (after its closing one). */
function quotedValueOf(text: string, offset: number, closed: number): string {
  const inner = text.slice(offset + 1, closed - 1);
  return text.charCodeAt(offset) === singleQuote && inner.includes("''") ? inner.replace(/''/g, "'") : inner;
}

/**
 * quotedValueAt is quotedValueOf's value: a short one is looked up in the quoted scalars' table
 * before any string is made. Only values that are their characters (no `''`) are kept there.
 */
function quotedValueAt(text: string, offset: number, closed: number): string {
  const start = offset + 1;
  const end = closed - 1;
  const length = end - start;
  if (length >= shortLength) return quotedValueOf(text, offset, closed);
  const slot = slotOf(text, start, end);
  const known = knownQuotedTexts[slot];
  if (known !== undefined && known.length === length && text.startsWith(known, start)) return known;
  const value = quotedValueOf(text, offset, closed);
  if (value.length === length) knownQuotedTexts[slot] = value;
  return value;
}

/**
 * startsPlain: a plain scalar may start with this character (and the next): not an indicator, and
 * `-`, `?` or `:` only before a non-space. `?` and `:` starts are left to js-yaml.
 */
function startsPlain(code: number, next: number): boolean {
  switch (code) {
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case hash:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case singleQuote:
    case doubleQuote:
    case 37: // %
    case 64: // @
    case 96: // `
    case 63: // ?
    case colon:
    case space:
      return false;
    case dash:
      return next !== space && next !== 10 && !Number.isNaN(next);
    default:
      return !Number.isNaN(code);
  }
}
