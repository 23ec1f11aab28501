import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files of the git directory that are never refs, though their names are legal one-level ref names. */
const gitFiles = new Set(['config', 'description', 'index', 'shallow', 'commondir']);

/**
 * resolveRef resolves a ref (HEAD, a branch, a tag, a full ref name, or "ref: <name>" text) to
 * the object id it points at, or undefined when there is no such ref. It follows
 * isomorphic-git's resolveRef exactly (the same candidates in the same order: <ref>,
 * refs/<ref>, refs/tags/<ref>, refs/heads/<ref>, refs/remotes/<ref>, refs/remotes/<ref>/HEAD; a
 * loose ref before packed-refs; symbolic refs followed; tags not peeled; a 40-digit id is
 * itself), but synchronously and without loading isomorphic-git: a CLI history spent more on
 * that first isomorphic-git call than on reading HEAD. A symbolic ref loop or an unreadable
 * ref file throws.
 */
export function resolveRef(args: { gitdir: string; ref: string }): string | undefined {
  let packed: Map<string, string> | undefined;
  const visited = new Set<string>();
  let ref = args.ref;
  for (;;) {
    while (ref.startsWith('ref: ')) ref = ref.slice('ref: '.length);
    if (ref.length === 40 && /[0-9a-f]{40}/.test(ref)) return ref;
    packed ??= readPackedRefs(args.gitdir);
    let target: string | undefined;
    for (const candidate of [ref, `refs/${ref}`, `refs/tags/${ref}`, `refs/heads/${ref}`, `refs/remotes/${ref}`, `refs/remotes/${ref}/HEAD`]) {
      if (gitFiles.has(candidate)) continue;
      const value = readRefFile(path.join(args.gitdir, candidate)) || packed.get(candidate);
      if (value) {
        if (visited.has(candidate)) throw new Error(`Circular reference detected while resolving ref "${candidate}"`);
        visited.add(candidate);
        target = value.trim();
        break;
      }
    }
    if (target === undefined) return undefined;
    ref = target;
  }
}

/** readRefFile reads a loose ref; null when there is none (missing, a directory, or under a file). */
function readRefFile(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
}

/** readPackedRefs parses packed-refs as isomorphic-git does: "<id> <ref>" lines, "^<id>" peeled lines as "<ref>^{}". */
function readPackedRefs(gitdir: string): Map<string, string> {
  const refs = new Map<string, string>();
  const text = readRefFile(path.join(gitdir, 'packed-refs'));
  if (!text) return refs;
  let key: string | null = null;
  for (const line of text.trim().split('\n')) {
    if (/^\s*#/.test(line)) continue;
    if (line.startsWith('^')) {
      refs.set(`${key}^{}`, line.slice(1));
    } else {
      const space = line.indexOf(' ');
      key = line.slice(space + 1);
      refs.set(key, line.slice(0, space));
    }
  }
  return refs;
}
