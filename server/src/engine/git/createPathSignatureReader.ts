import type { BoundedMap, GitRepository } from './openRepository';
import { peekTreeObject, readTreeObject, type TreeObject } from './readTreeObject';

/**
 * PathSignatureReader gives the signature of a root tree for a set of paths: a string equal for
 * two trees exactly when every path has the same entry (mode and id) or is absent in both. It
 * answers synchronously whenever the trees it needs can be read without isomorphic-git, and with
 * a promise otherwise.
 */
export type PathSignatureReader = (tree: string) => string | Promise<string>;

/** PathNode is one directory level of the paths: its children by name, in path order. */
interface PathNode {
  /** The directory's repository path ("" for the root). */
  key: string;
  children: PathChild[];
  /** Signatures of this level by tree id. */
  memo: BoundedMap<string>;
}

interface PathChild {
  name: string;
  /** Set for a directory level that leads to deeper paths; absent for a path itself. */
  node?: PathNode;
  /** The signature when this child is absent or not a tree: "-" for each path below it. */
  absent: string;
}

/** NeedsTree says which tree the synchronous pass could not read. */
class NeedsTree {
  constructor(readonly oid: string) {}
}

/**
 * createPathSignatureReader makes the signature reader readHistory compares commits with, for
 * normalised paths (see normalizeRepoPaths; [""] is the whole tree). The signature is the list
 * of `<mode>:<id>` (or `-`) of the paths in order, joined with commas, but computed per directory
 * level and memoised per level by tree id (`memo` gives a level's memo, by the level's path): a
 * commit usually changes one directory, so its signature reuses its parent's for every other
 * directory without looking anything up.
 */
export function createPathSignatureReader(args: { repo: GitRepository; paths: readonly string[]; memo: (level: string) => BoundedMap<string> }): PathSignatureReader {
  const { repo } = args;
  if (args.paths.length === 1 && args.paths[0] === '') return (tree) => `40000:${tree}`;
  const root = buildPathTree(args.paths, args.memo);

  /** signature computes a level's signature; NeedsTree when a tree must be read asynchronously first. */
  const signature = (node: PathNode, treeOid: string, loaded: Map<string, TreeObject> | undefined): string | NeedsTree => {
    // Keyed by the tree id alone: a string the walk already has, whose hash V8 keeps.
    const known = node.memo.get(treeOid);
    if (known !== undefined) return known;
    const tree = loaded?.get(treeOid) ?? peekTreeObject({ repo, oid: treeOid });
    if (!tree) return new NeedsTree(treeOid);
    const parts: string[] = [];
    for (const child of node.children) {
      const entry = tree.get(child.name);
      if (!child.node) {
        parts.push(entry ? `${entry.mode}:${entry.oid}` : '-');
      } else if (!entry || entry.type !== 'tree') {
        parts.push(child.absent);
      } else {
        const below = signature(child.node, entry.oid, loaded);
        if (below instanceof NeedsTree) return below;
        parts.push(below);
      }
    }
    const result = parts.join(',');
    node.memo.set(treeOid, result);
    return result;
  };

  const slow = async (tree: string, first: NeedsTree): Promise<string> => {
    // Trees only isomorphic-git can read (an odd pack, alternates): read each missing one, then
    // try again. Kept aside, so that the memo's bound cannot drop them between two passes.
    const loaded = new Map<string, TreeObject>();
    let result: string | NeedsTree = first;
    while (result instanceof NeedsTree) {
      loaded.set(result.oid, await readTreeObject({ repo, oid: result.oid }));
      result = signature(root, tree, loaded);
    }
    return result;
  };

  return (tree) => {
    const result = signature(root, tree, undefined);
    return result instanceof NeedsTree ? slow(tree, result) : result;
  };
}

/** buildPathTree groups sorted paths by directory; children keep path order, so signatures list paths in order. */
function buildPathTree(paths: readonly string[], memo: (level: string) => BoundedMap<string>): PathNode {
  const root: PathNode = { key: '', children: [], memo: memo('') };
  for (const entryPath of paths) {
    const parts = entryPath.split('/');
    let node = root;
    for (let index = 0; index < parts.length; index++) {
      const name = parts[index];
      if (index === parts.length - 1) {
        node.children.push({ name, absent: '-' });
        break;
      }
      let child = node.children.find((candidate) => candidate.name === name && candidate.node);
      if (!child) {
        const key = parts.slice(0, index + 1).join('/');
        child = { name, node: { key, children: [], memo: memo(key) }, absent: '' };
        node.children.push(child);
      }
      node = child.node!;
    }
  }
  const fillAbsent = (node: PathNode): number => {
    let count = 0;
    for (const child of node.children) {
      const leaves = child.node ? fillAbsent(child.node) : 1;
      if (child.node) child.absent = Array.from({ length: leaves }, () => '-').join(',');
      count += leaves;
    }
    return count;
  };
  fillAbsent(root);
  return root;
}
