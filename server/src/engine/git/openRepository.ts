import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { createObjectReader, type ObjectReader } from './createObjectReader';
import { HistoryCache } from './HistoryCache';
import { readCommitGraph, type CommitGraph, type CommitHeader } from './readCommitGraph';
import { NotAGitRepositoryError } from './errors/NotAGitRepositoryError';
import { UnsupportedRepositoryError } from './errors/UnsupportedRepositoryError';
import type { CommitObject } from './readCommitObject';
import type { TreeObject } from './readTreeObject';

/**
 * GitRepository is the handle every git operation takes: where the work tree and the git
 * directory are, the file system isomorphic-git uses, its cache, and a memo of parsed objects.
 */
export interface GitRepository {
  /** The work tree (absolute). */
  readonly dir: string;
  /** The git directory (absolute; usually `<dir>/.git`). */
  readonly gitdir: string;
  readonly fs: typeof nodeFs;
  /**
   * cache returns the isomorphic-git `cache` object for this repository. It is kept between
   * calls (isomorphic-git reads and indexes every packfile whole, so a fresh cache per call
   * costs the whole pack again).
   */
  cache(): object;
  /**
   * refresh replaces the cache by a fresh one when the packs changed since the last call (gc,
   * fetch, repack), because a cached pack index would point into a deleted file. Every
   * operation calls it once when it starts.
   */
  refresh(): void;
  /** objects returns the fast object reader (see createObjectReader), renewed with the cache. */
  objects(): ObjectReader;
  /** commitGraph returns git's commit-graph, when the repository has one (see readCommitGraph). */
  commitGraph(): CommitGraph | undefined;
  /**
   * historyCache returns the on-disk cache of history walks (see HistoryCache), loaded on first
   * use and kept: its entries never go stale. Undefined when turned off by the options.
   */
  historyCache(): HistoryCache | undefined;
  /** dispose writes the history cache's pending entries, closes the pack files and drops the caches; the handle stays usable. */
  dispose(): void;
  /** Parsed objects by id. Objects are immutable, so this survives pack changes; it is bounded. */
  readonly memo: ObjectMemo;
}

/** ObjectMemo holds parsed commits and trees, and per-path-set signatures of trees. */
export interface ObjectMemo {
  commits: BoundedMap<CommitObject>;
  /** Commit headers (tree, parents, date), from the commit-graph or the commits. */
  headers: BoundedMap<CommitHeader>;
  trees: BoundedMap<TreeObject>;
  /** `<paths key>\u0001<directory>` → tree id → signature of those paths there (see createPathSignatureReader). */
  signatures: Map<string, BoundedMap<string>>;
}

/** BoundedMap is a Map that forgets its oldest half when it grows past a limit. */
export class BoundedMap<V> {
  private map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (this.map.size >= this.limit) {
      // Dropping the older half in insertion order keeps the recent walk's objects, at O(1) amortised.
      let drop = this.map.size >> 1;
      for (const oldKey of this.map.keys()) {
        if (drop-- <= 0) break;
        this.map.delete(oldKey);
      }
    }
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }
}

/** OpenRepositoryOptions bound the memory a repository handle keeps between calls. */
export interface OpenRepositoryOptions {
  maxCommits: number;
  maxTrees: number;
  /** Read and write the history cache under the git directory (`gitops-workbench/history-cache`). */
  historyCache: boolean;
}

export function defaultOpenRepositoryOptions(): OpenRepositoryOptions {
  return { maxCommits: 200_000, maxTrees: 400_000, historyCache: true };
}

const handles = new Map<string, GitRepository>();

/**
 * openRepository returns the handle of the git work tree enclosing `dir`, the same handle for
 * the same repository on every call (so the cache is shared by all operations of a process).
 */
export function openRepository(args: { dir: string; options?: Partial<OpenRepositoryOptions> }): GitRepository {
  const { dir, gitdir } = locateRepository(args.dir);
  const existing = handles.get(gitdir);
  if (existing) return existing;
  const options = { ...defaultOpenRepositoryOptions(), ...args.options };
  let cache: object = {};
  let reader: ObjectReader | undefined;
  let graph: CommitGraph | undefined | null = null;
  let historyCache: HistoryCache | undefined;
  let packStamp = readPackStamp(gitdir);
  const repository: GitRepository = {
    dir,
    gitdir,
    fs: nodeFs,
    cache: () => cache,
    refresh() {
      const stamp = readPackStamp(gitdir);
      if (stamp !== packStamp) {
        packStamp = stamp;
        cache = {};
        reader?.close();
        reader = undefined;
        graph = null;
      }
    },
    objects: () => (reader ??= createObjectReader({ gitdir })),
    commitGraph: () => (graph === null ? (graph = readCommitGraph({ gitdir })) : graph),
    historyCache: () => (options.historyCache ? (historyCache ??= HistoryCache.open({ gitdir })) : undefined),
    dispose() {
      reader?.close();
      reader = undefined;
      graph = null;
      // Written now rather than by a pending timer.
      historyCache?.save();
      historyCache = undefined;
      cache = {};
    },
    memo: { commits: new BoundedMap(options.maxCommits), headers: new BoundedMap(options.maxCommits), trees: new BoundedMap(options.maxTrees), signatures: new Map() },
  };
  handles.set(gitdir, repository);
  return repository;
}

/** forgetRepositories drops every handle and its caches (tests, or a server freeing memory). */
export function forgetRepositories(): void {
  for (const handle of handles.values()) handle.dispose();
  handles.clear();
}

/**
 * readPackStamp summarises the pack directory and the commit-graph: adding or removing a pack
 * (fetch, gc, repack) changes the directory's mtime and the list of packs; gc rewrites the graph.
 */
function readPackStamp(gitdir: string): string {
  const packDir = path.join(gitdir, 'objects', 'pack');
  let stamp = 'none';
  try {
    const stat = nodeFs.statSync(packDir);
    const packs = nodeFs.readdirSync(packDir).filter((name) => name.endsWith('.pack')).sort();
    stamp = `${stat.mtimeMs}:${packs.join(',')}`;
  } catch {
    // No pack directory: a new repository.
  }
  try {
    const graph = nodeFs.statSync(path.join(gitdir, 'objects', 'info', 'commit-graph'));
    stamp += `:${graph.mtimeMs}:${graph.size}`;
  } catch {
    // No commit-graph.
  }
  return stamp;
}

/** locateRepository finds the work tree enclosing a directory and its git directory. */
function locateRepository(start: string): { dir: string; gitdir: string } {
  let directory = path.resolve(start);
  for (;;) {
    const dotGit = path.join(directory, '.git');
    let stat: nodeFs.Stats | undefined;
    try {
      stat = nodeFs.statSync(dotGit);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) return { dir: realpath(directory), gitdir: realpath(dotGit) };
    if (stat?.isFile()) {
      // A submodule or a linked worktree: .git names the real git directory.
      const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(nodeFs.readFileSync(dotGit, 'utf8'));
      if (!pointer) throw new UnsupportedRepositoryError(directory, '.git is a file without a "gitdir:" line');
      const gitdir = path.resolve(directory, pointer[1]);
      if (nodeFs.existsSync(path.join(gitdir, 'commondir'))) {
        // isomorphic-git reads HEAD, refs and objects from one directory and does not follow
        // `commondir` (isomorphic-git #735), so a linked worktree would see the wrong refs.
        throw new UnsupportedRepositoryError(directory, 'linked worktrees (git worktree add) are not supported; run this in the main work tree');
      }
      return { dir: realpath(directory), gitdir: realpath(gitdir) };
    }
    const parent = path.dirname(directory);
    if (parent === directory) throw new NotAGitRepositoryError(path.resolve(start));
    directory = parent;
  }
}

function realpath(file: string): string {
  try {
    return nodeFs.realpathSync(file);
  } catch {
    return file;
  }
}
