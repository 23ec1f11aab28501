import type { GitRepository } from './openRepository';
import { readRawObject } from './readRawObject';

/** TreeEntry is one entry of a tree object. */
export interface TreeEntry {
  name: string;
  /** Octal mode as git writes it: 100644, 100755, 120000, 40000, 160000. */
  mode: string;
  oid: string;
  type: 'blob' | 'tree' | 'commit';
}

/**
 * TreeObject is a tree, parsed on demand: `get` finds one name by scanning the raw entries
 * without building the others (history walks look up one or two names in each of thousands of
 * trees, and building every entry made the garbage collector the biggest cost of a cold walk);
 * `entries` and `byName` parse everything, once.
 */
export class TreeObject {
  private parsed: TreeEntry[] | undefined;
  private index: Map<string, TreeEntry> | undefined;

  constructor(
    readonly oid: string,
    /** The tree object's bytes (entries: mode, space, name, NUL, 20-byte id). */
    readonly raw: Buffer,
  ) {}

  /** get returns the entry with this name, if any. */
  get(name: string): TreeEntry | undefined {
    if (this.index) return this.index.get(name);
    const wanted = encodedName(name);
    const length = wanted.length;
    const raw = this.raw;
    const end = raw.length;
    // Byte loops rather than Buffer#indexOf and #compare: their per-call argument checks cost
    // more than scanning an entry's few bytes, and a walk scans tens of thousands of entries.
    let offset = 0;
    while (offset < end) {
      let space = offset;
      while (space < end && raw[space] !== 0x20) space++;
      let nul = space + 1;
      while (nul < end && raw[nul] !== 0) nul++;
      if (nul >= end) break;
      if (nul - space - 1 === length) {
        let index = 0;
        while (index < length && raw[space + 1 + index] === wanted[index]) index++;
        if (index === length) return entryAt(raw, offset, space, nul);
      }
      offset = nul + 21;
    }
    return undefined;
  }

  /** entries in git's order. */
  get entries(): TreeEntry[] {
    if (!this.parsed) {
      const entries: TreeEntry[] = [];
      let offset = 0;
      while (offset < this.raw.length) {
        const space = this.raw.indexOf(0x20, offset);
        const nul = this.raw.indexOf(0, space);
        entries.push(entryAt(this.raw, offset, space, nul));
        offset = nul + 21;
      }
      this.parsed = entries;
    }
    return this.parsed;
  }

  get byName(): Map<string, TreeEntry> {
    return (this.index ??= new Map(this.entries.map((entry) => [entry.name, entry])));
  }
}

const encodedNames = new Map<string, Buffer>();

/**
 * encodedName returns a name's UTF-8 bytes, kept: a walk looks the same few names up in
 * thousands of trees. Bounded, as a language server lives long.
 */
function encodedName(name: string): Buffer {
  let bytes = encodedNames.get(name);
  if (!bytes) {
    if (encodedNames.size >= 4096) encodedNames.clear();
    bytes = Buffer.from(name, 'utf8');
    encodedNames.set(name, bytes);
  }
  return bytes;
}

function entryAt(raw: Buffer, offset: number, space: number, nul: number): TreeEntry {
  const written = raw.toString('latin1', offset, space);
  const mode = written === '040000' ? '40000' : written;
  const type = mode === '40000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
  return { name: raw.toString('utf8', space + 1, nul), mode, oid: raw.toString('hex', nul + 1, nul + 21), type };
}

/** emptyTreeOid is the id of the tree without entries (every git knows it without storing it). */
export const emptyTreeOid = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** readTreeObject reads and parses a tree, memoised per repository. */
export async function readTreeObject(args: { repo: GitRepository; oid: string }): Promise<TreeObject> {
  const known = peekTreeObject(args);
  if (known) return known;
  const { repo, oid } = args;
  const { type, content } = await readRawObject({ repo, oid });
  if (type !== 'tree') throw new TypeError(`${oid} is a ${type}, not a tree`);
  const tree = new TreeObject(oid, content);
  repo.memo.trees.set(oid, tree);
  return tree;
}

/**
 * peekTreeObject is readTreeObject without waiting: the tree from the memo or the fast object
 * reader, or undefined when only isomorphic-git could read it (then call readTreeObject). History
 * walks look up thousands of trees, and an await per lookup cost more than the lookup.
 */
export function peekTreeObject(args: { repo: GitRepository; oid: string }): TreeObject | undefined {
  const { repo, oid } = args;
  const known = repo.memo.trees.get(oid);
  if (known) return known;
  let tree: TreeObject;
  if (oid === emptyTreeOid) {
    tree = new TreeObject(oid, Buffer.alloc(0));
  } else {
    const raw = repo.objects().read(oid);
    if (!raw) return undefined;
    if (raw.type !== 'tree') throw new TypeError(`${oid} is a ${raw.type}, not a tree`);
    tree = new TreeObject(oid, raw.content);
  }
  repo.memo.trees.set(oid, tree);
  return tree;
}
