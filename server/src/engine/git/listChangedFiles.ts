import type { GitRepository } from './openRepository';
import { readTreeObject, type TreeEntry } from './readTreeObject';
import { resolvePathEntry } from './resolvePathEntry';

/** FileChange is one file that differs between two trees. */
export interface FileChange {
  path: string;
  status: 'added' | 'deleted' | 'modified';
  /** Entry before (absent when added). */
  before?: TreeEntry;
  /** Entry after (absent when deleted). */
  after?: TreeEntry;
}

/**
 * listChangedFiles lists the files that differ between two trees, limited to some paths
 * (normalised, see normalizeRepoPaths; [""] is everything), sorted by path. Subtrees with the
 * same id are skipped without being read, so the cost follows the size of the change, not of
 * the tree. A mode change counts as a modification; renames are an add and a delete.
 */
export async function listChangedFiles(args: { repo: GitRepository; from: string | undefined; to: string | undefined; paths: readonly string[] }): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const entryPath of args.paths) {
    const before = args.from === undefined ? undefined : await resolvePathEntry({ repo: args.repo, tree: args.from, path: entryPath });
    const after = args.to === undefined ? undefined : await resolvePathEntry({ repo: args.repo, tree: args.to, path: entryPath });
    await diffEntries(args.repo, entryPath, before, after, changes);
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function diffEntries(repo: GitRepository, entryPath: string, before: TreeEntry | undefined, after: TreeEntry | undefined, out: FileChange[]): Promise<void> {
  if (before && after && before.oid === after.oid && before.mode === after.mode) return;
  const beforeTree = before?.type === 'tree' ? before : undefined;
  const afterTree = after?.type === 'tree' ? after : undefined;
  const beforeFile = before && before.type !== 'tree' ? before : undefined;
  const afterFile = after && after.type !== 'tree' ? after : undefined;
  if (beforeFile || afterFile) {
    out.push({
      path: entryPath,
      status: beforeFile && afterFile ? 'modified' : beforeFile ? 'deleted' : 'added',
      ...(beforeFile ? { before: beforeFile } : {}),
      ...(afterFile ? { after: afterFile } : {}),
    });
  }
  if (beforeTree || afterTree) {
    const beforeEntries = beforeTree ? (await readTreeObject({ repo, oid: beforeTree.oid })).byName : new Map<string, TreeEntry>();
    const afterEntries = afterTree ? (await readTreeObject({ repo, oid: afterTree.oid })).byName : new Map<string, TreeEntry>();
    const names = new Set([...beforeEntries.keys(), ...afterEntries.keys()]);
    for (const name of names) {
      await diffEntries(repo, entryPath === '' ? name : `${entryPath}/${name}`, beforeEntries.get(name), afterEntries.get(name), out);
    }
  }
}
