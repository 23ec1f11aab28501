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
    private readonly raw: Buffer,
  ) {}

  /** get returns the entry with this name, if any. */
  get(name: string): TreeEntry | undefined {
    if (this.index) return this.index.get(name);
    const wanted = Buffer.from(name, 'utf8');
    let offset = 0;
    const raw = this.raw;
    while (offset < raw.length) {
      const space = raw.indexOf(0x20, offset);
      const nul = raw.indexOf(0, space);
      if (nul - space - 1 === wanted.length && raw.compare(wanted, 0, wanted.length, space + 1, nul) === 0) return entryAt(raw, offset, space, nul);
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
  const { repo, oid } = args;
  const known = repo.memo.trees.get(oid);
  if (known) return known;
  let tree: TreeObject;
  if (oid === emptyTreeOid) {
    tree = new TreeObject(oid, Buffer.alloc(0));
  } else {
    const { type, content } = await readRawObject({ repo, oid });
    if (type !== 'tree') throw new TypeError(`${oid} is a ${type}, not a tree`);
    tree = new TreeObject(oid, content);
  }
  repo.memo.trees.set(oid, tree);
  return tree;
}
