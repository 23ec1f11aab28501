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

/** TreeObject is a parsed tree: entries in git's order and an index by name. */
export interface TreeObject {
  oid: string;
  entries: TreeEntry[];
  byName: Map<string, TreeEntry>;
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
    tree = { oid, entries: [], byName: new Map() };
  } else {
    const { type, content } = await readRawObject({ repo, oid });
    if (type !== 'tree') throw new TypeError(`${oid} is a ${type}, not a tree`);
    tree = parseTree(oid, content);
  }
  repo.memo.trees.set(oid, tree);
  return tree;
}

/** parseTree reads the binary tree format: `<mode> <name>\0<20-byte id>` repeated. */
export function parseTree(oid: string, buffer: Buffer): TreeObject {
  const entries: TreeEntry[] = [];
  const byName = new Map<string, TreeEntry>();
  let offset = 0;
  while (offset < buffer.length) {
    const space = buffer.indexOf(0x20, offset);
    const nul = buffer.indexOf(0, space);
    const mode = buffer.toString('latin1', offset, space);
    const name = buffer.toString('utf8', space + 1, nul);
    const entryOid = buffer.toString('hex', nul + 1, nul + 21);
    const type = mode === '40000' || mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    const entry: TreeEntry = { name, mode: mode === '040000' ? '40000' : mode, oid: entryOid, type };
    entries.push(entry);
    byName.set(name, entry);
    offset = nul + 21;
  }
  return { oid, entries, byName };
}
