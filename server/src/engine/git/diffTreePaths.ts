import type { GitRepository } from './openRepository';
import { peekTreeObject, readTreeObject, type TreeObject } from './readTreeObject';

/** ChangedPath is a path whose entry (mode and id, or absence) differs between two trees. */
export interface ChangedPath {
  path: string;
  /** True when the entry is not a tree on at least one side: a file (or link, submodule) changed there. */
  leaf: boolean;
}

/** DiffTreePathsOptions bound the work: past `limit` changed paths the answer is "too many". */
export interface DiffTreePathsOptions {
  limit: number;
}

export function defaultDiffTreePathsOptions(): DiffTreePathsOptions {
  // git's changed-path Bloom filters give up at 512 paths too.
  return { limit: 512 };
}

/** NeedsTree says which tree the synchronous pass could not read. */
class NeedsTree {
  constructor(readonly oid: string) {}
}

const tooMany = Symbol('tooMany');

/**
 * diffTreePaths lists every path, at every depth, whose entry differs between two root trees
 * (`from` undefined: the empty tree, for a root commit): changed, added and deleted files, and
 * every directory on the way to them (a directory's id changes with anything below it), so the
 * set is closed upwards. A path set is TREESAME between the two trees exactly when none of its
 * paths is in this set, which is what a history walk asks of each commit and parent (see
 * HistoryCache). Returns undefined past `limit` paths. Answers synchronously when the fast
 * reader has every tree, with a promise otherwise.
 */
export function diffTreePaths(args: { repo: GitRepository; from: string | undefined; to: string; options?: Partial<DiffTreePathsOptions> }): ChangedPath[] | undefined | Promise<ChangedPath[] | undefined> {
  const { repo } = args;
  const { limit } = { ...defaultDiffTreePathsOptions(), ...args.options };
  if (args.from === args.to) return [];

  const run = (loaded: Map<string, TreeObject> | undefined): ChangedPath[] | undefined | NeedsTree => {
    const out: ChangedPath[] = [];
    const tree = (oid: string): TreeObject => {
      const found = loaded?.get(oid) ?? peekTreeObject({ repo, oid });
      if (!found) throw new NeedsTree(oid);
      return found;
    };
    try {
      diffLevel('', args.from === undefined ? undefined : tree(args.from), tree(args.to), tree, out, limit);
      return out;
    } catch (error) {
      if (error === tooMany) return undefined;
      if (error instanceof NeedsTree) return error;
      throw error;
    }
  };

  const first = run(undefined);
  if (!(first instanceof NeedsTree)) return first;
  return (async () => {
    // Trees only isomorphic-git can read: read each missing one, then try again.
    const loaded = new Map<string, TreeObject>();
    let result: ChangedPath[] | undefined | NeedsTree = first;
    while (result instanceof NeedsTree) {
      loaded.set(result.oid, await readTreeObject({ repo, oid: result.oid }));
      result = run(loaded);
    }
    return result;
  })();
}

/**
 * diffLevel walks two trees' raw entries side by side in git's order (a tree's name sorts as if
 * it ended in "/"), without parsing the entries that are byte-for-byte equal.
 */
function diffLevel(prefix: string, before: TreeObject | undefined, after: TreeObject | undefined, tree: (oid: string) => TreeObject, out: ChangedPath[], limit: number): void {
  const a = before?.raw;
  const b = after?.raw;
  const aEnd = a?.length ?? 0;
  const bEnd = b?.length ?? 0;
  let aAt = 0;
  let bAt = 0;
  const emit = (path: string, leaf: boolean): void => {
    out.push({ path, leaf });
    if (out.length > limit) throw tooMany;
  };
  while (aAt < aEnd || bAt < bEnd) {
    // Entry layout: <mode> SP <name> NUL <20-byte id>.
    let aSpace = -1;
    let aNul = -1;
    let bSpace = -1;
    let bNul = -1;
    if (a && aAt < aEnd) {
      aSpace = aAt;
      while (a[aSpace] !== 0x20) aSpace++;
      aNul = aSpace + 1;
      while (a[aNul] !== 0) aNul++;
    }
    if (b && bAt < bEnd) {
      bSpace = bAt;
      while (b[bSpace] !== 0x20) bSpace++;
      bNul = bSpace + 1;
      while (b[bNul] !== 0) bNul++;
    }
    const aTree = aSpace >= 0 && isTreeMode(a!, aAt);
    const bTree = bSpace >= 0 && isTreeMode(b!, bAt);
    let order: number;
    if (aSpace < 0) order = 1;
    else if (bSpace < 0) order = -1;
    else order = compareNames(a!, aSpace + 1, aNul, aTree, b!, bSpace + 1, bNul, bTree);
    if (order === 0) {
      // The same name and kind on both sides: equal when the mode and the id are.
      const same = (aTree || sameBytes(a!, aAt, aSpace, b!, bAt, bSpace)) && sameBytes(a!, aNul + 1, aNul + 21, b!, bNul + 1, bNul + 21);
      if (!same) {
        const path = prefix + a!.toString('utf8', aSpace + 1, aNul);
        emit(path, !aTree);
        if (aTree) diffLevel(`${path}/`, tree(a!.toString('hex', aNul + 1, aNul + 21)), tree(b!.toString('hex', bNul + 1, bNul + 21)), tree, out, limit);
      }
      aAt = aNul + 21;
      bAt = bNul + 21;
    } else if (order < 0) {
      // Only before: deleted, with everything below it.
      const path = prefix + a!.toString('utf8', aSpace + 1, aNul);
      emit(path, !aTree);
      if (aTree) diffLevel(`${path}/`, tree(a!.toString('hex', aNul + 1, aNul + 21)), undefined, tree, out, limit);
      aAt = aNul + 21;
    } else {
      const path = prefix + b!.toString('utf8', bSpace + 1, bNul);
      emit(path, !bTree);
      if (bTree) diffLevel(`${path}/`, undefined, tree(b!.toString('hex', bNul + 1, bNul + 21)), tree, out, limit);
      bAt = bNul + 21;
    }
  }
}

/** isTreeMode says whether the mode at `at` is a directory's (40000, or 040000 as some tools write it). */
function isTreeMode(raw: Buffer, at: number): boolean {
  return raw[at] === 0x34 || (raw[at] === 0x30 && raw[at + 1] === 0x34);
}

/** compareNames orders two entries as git does: byte order, a tree's name followed by "/". */
function compareNames(a: Buffer, aStart: number, aEnd: number, aTree: boolean, b: Buffer, bStart: number, bEnd: number, bTree: boolean): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const length = aLength < bLength ? aLength : bLength;
  for (let index = 0; index < length; index++) {
    const difference = a[aStart + index] - b[bStart + index];
    if (difference !== 0) return difference;
  }
  const aNext = aLength > length ? a[aStart + length] : aTree ? 0x2f : 0;
  const bNext = bLength > length ? b[bStart + length] : bTree ? 0x2f : 0;
  return aNext - bNext;
}

function sameBytes(a: Buffer, aStart: number, aEnd: number, b: Buffer, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let index = 0; index < aEnd - aStart; index++) if (a[aStart + index] !== b[bStart + index]) return false;
  return true;
}
