import * as git from 'isomorphic-git';
import type { GitRepository } from './openRepository';
import { emptyTreeOid, readTreeObject, type TreeEntry } from './readTreeObject';

/** TreeUpdate sets a repository-relative file path to an entry (blob, symlink, gitlink) or removes it. */
export interface TreeUpdate {
  path: string;
  entry: Pick<TreeEntry, 'mode' | 'oid' | 'type'> | undefined;
}

/**
 * writeTreeWithUpdates writes the tree that is `base` with some files set or removed and returns
 * its id. Only the trees along the updated paths are rewritten; directories left empty are
 * dropped, as git does. The blobs must already be in the object store.
 */
export async function writeTreeWithUpdates(args: { repo: GitRepository; base: string; updates: readonly TreeUpdate[] }): Promise<string> {
  const root = await rewrite(args.repo, args.base, args.updates.map((update) => ({ parts: update.path.split('/'), entry: update.entry })));
  return root ?? (await git.writeTree({ fs: args.repo.fs, gitdir: args.repo.gitdir, tree: [] }));
}

interface PendingUpdate {
  parts: string[];
  entry: TreeUpdate['entry'];
}

async function rewrite(repo: GitRepository, treeOid: string | undefined, updates: PendingUpdate[]): Promise<string | undefined> {
  const entries = new Map<string, Pick<TreeEntry, 'mode' | 'oid' | 'type'>>();
  if (treeOid !== undefined && treeOid !== emptyTreeOid) {
    for (const entry of (await readTreeObject({ repo, oid: treeOid })).entries) entries.set(entry.name, entry);
  }
  const direct = new Map<string, PendingUpdate>();
  const nested = new Map<string, PendingUpdate[]>();
  for (const update of updates) {
    const [name, ...rest] = update.parts;
    if (rest.length === 0) direct.set(name, update);
    else nested.set(name, [...(nested.get(name) ?? []), { parts: rest, entry: update.entry }]);
  }
  for (const [name, update] of direct) {
    if (update.entry) entries.set(name, update.entry);
    else entries.delete(name);
  }
  for (const [name, childUpdates] of nested) {
    const existing = entries.get(name);
    // A file where a directory is now needed was removed by a direct update (see the callers).
    const child = await rewrite(repo, existing?.type === 'tree' ? existing.oid : undefined, childUpdates);
    if (child === undefined) entries.delete(name);
    else entries.set(name, { mode: '40000', oid: child, type: 'tree' });
  }
  if (entries.size === 0) return undefined;
  const tree = [...entries].map(([name, entry]) => ({ path: name, mode: entry.mode === '40000' ? '040000' : entry.mode, oid: entry.oid, type: entry.type }));
  return git.writeTree({ fs: repo.fs, gitdir: repo.gitdir, tree });
}
