import type { GitRepository } from './openRepository';
import { readTreeObject, type TreeEntry } from './readTreeObject';

/**
 * resolvePathEntry returns the tree entry at a repository-relative path of a tree ("" is the tree
 * itself), or undefined when the path does not exist there.
 */
export async function resolvePathEntry(args: { repo: GitRepository; tree: string; path: string }): Promise<TreeEntry | undefined> {
  if (args.path === '') return { name: '', mode: '40000', oid: args.tree, type: 'tree' };
  let current = args.tree;
  const parts = args.path.split('/');
  for (let index = 0; index < parts.length; index++) {
    const tree = await readTreeObject({ repo: args.repo, oid: current });
    const entry = tree.get(parts[index]);
    if (!entry) return undefined;
    if (index === parts.length - 1) return entry;
    if (entry.type !== 'tree') return undefined;
    current = entry.oid;
  }
  return undefined;
}
