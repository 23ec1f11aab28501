import { createPathSignatureReader } from './createPathSignatureReader';
import { diffTreePaths, type ChangedPath } from './diffTreePaths';
import type { HistoryCache, HistoryEntry } from './HistoryCache';
import { BoundedMap, type GitRepository } from './openRepository';
import { listChangedFiles } from './listChangedFiles';
import { normalizeRepoPaths } from './normalizeRepoPaths';
import { peekCommitHeader, readCommitHeader } from './readCommitHeader';
import type { CommitHeader } from './readCommitGraph';
import { commitSubject, formatGitDate, readCommitObject } from './readCommitObject';
import { resolveRevision } from './resolveRevision';

/** HistoryCommit is one commit of an environment's history. */
export interface HistoryCommit {
  sha: string;
  subject: string;
  /** Author name. */
  author: string;
  authorEmail: string;
  /** Author date, ISO 8601 in the author's zone (git's `%aI`). */
  date: string;
  parents: string[];
  /** Files under the paths that differ from the first parent (from nothing for a root commit). */
  files: string[];
}

/** HistoryPage is one page of history, newest first. */
export interface HistoryPage {
  commits: HistoryCommit[];
  /** The `skip` of the next page, present when this page is full (there may be more). */
  nextSkip?: number;
}

/** ReadHistoryOptions choose the page and where the walk starts. */
export interface ReadHistoryOptions {
  limit: number;
  skip: number;
  /** Where the walk starts: a branch, tag, "HEAD" or a commit id. */
  ref: string;
}

export function defaultReadHistoryOptions(): ReadHistoryOptions {
  return { limit: 50, skip: 0, ref: 'HEAD' };
}

/** Memos of (path set, directory level) kept; a path set has a few levels. */
const maxSignatureSets = 1024;

/**
 * readHistory lists the commits that changed any of the paths (repository-relative files or
 * directories), newest first, exactly as `git log -- <paths>` does with its default history
 * simplification:
 * - a commit is compared with each of its parents, not with the previous commit by date
 *   (isomorphic-git's `log({ filepath })` does the latter and is wrong on merge histories);
 * - a commit TREESAME (same content at the paths) to a parent is not listed, and when it is a
 *   merge only that parent is followed, so side branches that brought nothing are pruned;
 * - commits come out by committer date, the order git's walk pops them.
 * Each commit's content at the paths is summarised by the ids of the path entries (a tree id
 * covers everything under it), so most commits cost a few tree lookups and no file diff; with a
 * commit-graph (git gc writes one) the walk reads no commit objects, only the shown commits.
 * Signatures are kept on the repository handle, and so is the walk itself per start commit and
 * paths: the next page continues it, the same page again (a view refreshing) is nearly free.
 * Across processes, the history cache (HistoryCache, under the git directory) keeps per commit
 * its parents, date, the paths it changed against each parent and, once listed, its
 * description: a fresh process whose walk the cache covers reads that one file and no object;
 * the commits it does not cover (HEAD moved, a deeper page) are examined by a tree diff per
 * parent and added to it.
 */
export async function readHistory(args: { repo: GitRepository; paths: readonly string[]; signal?: AbortSignal } & Partial<ReadHistoryOptions>): Promise<HistoryPage> {
  const options = { ...defaultReadHistoryOptions(), ...definedOnly({ limit: args.limit, skip: args.skip, ref: args.ref }) };
  const { repo } = args;
  const paths = normalizeRepoPaths(args.paths);
  if (paths.length === 0 || options.limit <= 0) return { commits: [] };
  repo.refresh();
  const cached = repo.historyCache();
  const head = await resolveRevision({ repo, revision: options.ref, allowMissingHead: true, knownCommit: (oid) => cached?.committerTime(oid) !== undefined });
  if (head === undefined) return { commits: [] };

  // Signatures come synchronously almost always: awaiting each one (and each parent's header)
  // cost more than computing it in a cold walk.
  const signatureOf = createPathSignatureReader({ repo, paths, memo: (level) => signatureMemo(repo, paths, level) });
  const absent = paths.map(() => '-').join(',');
  // The on-disk cache of parents, dates and changed paths (SHA-1 repositories only).
  const cache = head.length === 40 ? cached : undefined;
  const matcher = cache?.pathMatcher(paths);

  const headerOf = async (oid: string): Promise<CommitHeader> => peekCommitHeader({ repo, oid }) ?? (await readCommitHeader({ repo, oid }));
  const signatureOfCommit = async (oid: string): Promise<string> => {
    const pending = signatureOf((await headerOf(oid)).tree);
    return typeof pending === 'string' ? pending : await pending;
  };
  const timeOf = (oid: string): number | Promise<number> => {
    const known = cache?.committerTime(oid);
    if (known !== undefined) return known;
    const header = peekCommitHeader({ repo, oid });
    if (!header) return readCommitHeader({ repo, oid }).then(queued);
    return queued(header);
  };
  const queued = (header: CommitHeader): number => {
    // Queued commits are kept too, so that the next walk finds its frontier in the cache.
    cache?.add({ oid: header.oid, committerTime: header.committerTime, parents: header.parents });
    return header.committerTime;
  };

  /** entryOf returns a commit's cache entry with its changes, computing them (a tree diff per parent) when missing. */
  const entryOf = async (store: HistoryCache, oid: string): Promise<HistoryEntry> => {
    const header = await headerOf(oid);
    const changes: Array<ChangedPath[] | undefined> = [];
    for (const from of header.parents.length === 0 ? [undefined] : header.parents) {
      const diff = diffTreePaths({ repo, from: from === undefined ? undefined : (await headerOf(from)).tree, to: header.tree });
      changes.push(diff instanceof Promise ? await diff : diff);
    }
    return store.add({ oid, committerTime: header.committerTime, parents: header.parents, changes });
  };

  type Examined = { shown: boolean; follow: string[] };
  /** decide applies git's rules to a commit's parents and whether it changed the paths against each (undefined: compare the trees). */
  const decide = (oid: string, parents: string[], touched: ReadonlyArray<boolean | undefined>): Examined | Promise<Examined> => {
    if (parents.length === 0) {
      if (touched[0] !== undefined) return { shown: touched[0], follow: [] };
      return signatureOfCommit(oid).then((signature) => ({ shown: signature !== absent, follow: [] }));
    }
    for (let index = 0; index < parents.length; index++) {
      const changed = touched[index];
      if (changed === undefined) return decideSlowly(oid, parents, touched, index);
      // git follows only the first parent the commit is TREESAME to.
      if (!changed) return { shown: false, follow: [parents[index]] };
    }
    return { shown: true, follow: parents };
  };
  const decideSlowly = async (oid: string, parents: string[], touched: ReadonlyArray<boolean | undefined>, from: number): Promise<Examined> => {
    for (let index = from; index < parents.length; index++) {
      const changed = touched[index];
      const same = changed === undefined ? (await signatureOfCommit(oid)) === (await signatureOfCommit(parents[index])) : !changed;
      if (same) return { shown: false, follow: [parents[index]] };
    }
    return { shown: true, follow: parents };
  };

  /**
   * examine decides whether a commit is shown and which parents the walk follows. It answers
   * synchronously whenever it can (the cache has the commit, or the signatures are at hand): a
   * cold walk examines hundreds of commits, and an await each was a noticeable part of it.
   */
  const examine = (oid: string): Examined | Promise<Examined> => {
    if (cache) {
      const known = cache.touched(oid, matcher!);
      if (known) return decide(oid, known.parents, known.touched);
      return entryOf(cache, oid).then(() => {
        const computed = cache.touched(oid, matcher!)!;
        return decide(oid, computed.parents, computed.touched);
      });
    }
    const commit = peekCommitHeader({ repo, oid });
    const signature = commit ? signatureOf(commit.tree) : undefined;
    if (!commit || typeof signature !== 'string') return examineWithoutCache(oid);
    if (commit.parents.length === 0) return { shown: signature !== absent, follow: [] };
    for (const parentOid of commit.parents) {
      const parent = peekCommitHeader({ repo, oid: parentOid });
      const parentSignature = parent ? signatureOf(parent.tree) : undefined;
      if (typeof parentSignature !== 'string') return examineWithoutCache(oid);
      if (parentSignature === signature) return { shown: false, follow: [parentOid] };
    }
    return { shown: true, follow: commit.parents };
  };
  const examineWithoutCache = async (oid: string): Promise<Examined> => {
    const commit = peekCommitHeader({ repo, oid }) ?? (await readCommitHeader({ repo, oid }));
    const pending = signatureOf(commit.tree);
    const signature = typeof pending === 'string' ? pending : await pending;
    if (commit.parents.length === 0) return { shown: signature !== absent, follow: [] };
    for (const parentOid of commit.parents) {
      const parent = peekCommitHeader({ repo, oid: parentOid }) ?? (await readCommitHeader({ repo, oid: parentOid }));
      const parentPending = signatureOf(parent.tree);
      // git follows only the first parent the commit is TREESAME to.
      if ((typeof parentPending === 'string' ? parentPending : await parentPending) === signature) return { shown: false, follow: [parentOid] };
    }
    return { shown: true, follow: commit.parents };
  };

  /** describeCommit is a listed commit: from the cache (no object read) when it has it, else from the commit. */
  const describeCommit = async (oid: string): Promise<HistoryCommit> => {
    const entry = cache?.get(oid);
    // Files against the first parent: from the cache's change list when it has one.
    const firstChanges = entry?.changes?.[0];
    if (entry?.description && firstChanges) return { sha: oid, ...entry.description, parents: entry.parents, files: matcher!.files(firstChanges) };
    const commit = await readCommitObject({ repo, oid });
    let files: string[];
    if (firstChanges) {
      files = matcher!.files(firstChanges);
    } else {
      const firstParent = commit.parents.length > 0 ? await readCommitHeader({ repo, oid: commit.parents[0] }) : undefined;
      files = (await listChangedFiles({ repo, from: firstParent?.tree, to: commit.tree, paths })).map((change) => change.path);
    }
    const description = { subject: commitSubject(commit.message), author: commit.author.name, authorEmail: commit.author.email, date: formatGitDate(commit.author) };
    cache?.describe(oid, description);
    return { sha: commit.oid, ...description, parents: commit.parents, files };
  };

  // The walk so far is kept per (start commit, paths): the next page, or the same page asked
  // again when a view refreshes, continues it instead of starting over.
  const walks = walkMemo(repo);
  const key = `${head}\0${paths.join('\0')}`;
  let state = walks.get(key);
  if (!state) {
    state = { queue: new CommitQueue(), seen: new Set([head]), shown: [], described: new Map(), lock: Promise.resolve() };
    state.queue.push({ oid: head, committerTime: await timeOf(head) });
    walks.set(key, state);
  }
  const walk = state;
  const wanted = options.skip + options.limit;
  const extend = async (): Promise<void> => {
    let walked = 0;
    while (walk.shown.length < wanted) {
      if ((++walked & 255) === 0) args.signal?.throwIfAborted();
      const commit = walk.queue.peek();
      if (!commit) break;
      const examined = examine(commit.oid);
      const { shown, follow } = examined instanceof Promise ? await examined : examined;
      // Everything that can fail (reads) is done: now change the state, all at once.
      const parents: QueuedCommit[] = [];
      for (const parentOid of follow) {
        if (walk.seen.has(parentOid)) continue;
        const time = timeOf(parentOid);
        parents.push({ oid: parentOid, committerTime: typeof time === 'number' ? time : await time });
      }
      walk.queue.pop();
      for (const parent of parents) {
        if (walk.seen.has(parent.oid)) continue;
        walk.seen.add(parent.oid);
        walk.queue.push(parent);
      }
      if (shown) walk.shown.push(commit);
    }
  };
  // One walk at a time per state: calls may overlap (a refresh and a next page).
  const run = walk.lock.then(extend);
  walk.lock = run.catch(() => undefined);
  try {
    await run;
  } catch (error) {
    cache?.saveSoon();
    throw error;
  }
  const page = walk.shown.slice(options.skip, options.skip + options.limit);
  const commits: HistoryCommit[] = [];
  for (const header of page) {
    let described = walk.described.get(header.oid);
    if (!described) {
      described = await describeCommit(header.oid);
      walk.described.set(header.oid, described);
    }
    commits.push({ ...described, parents: [...described.parents], files: [...described.files] });
  }
  // What this call learnt, for the next process (nothing is written when nothing was added).
  cache?.saveSoon();
  return { commits, ...(page.length === options.limit ? { nextSkip: options.skip + options.limit } : {}) };
}

/** QueuedCommit is what the walk's queue orders commits by. */
interface QueuedCommit {
  oid: string;
  committerTime: number;
}

/** WalkState is a history walk that can go on: the queue, what was queued, what was listed. */
interface WalkState {
  queue: CommitQueue;
  seen: Set<string>;
  shown: QueuedCommit[];
  /** The listed commits, described once. */
  described: Map<string, HistoryCommit>;
  lock: Promise<unknown>;
}

const walkMemos = new WeakMap<GitRepository, BoundedMap<WalkState>>();

function walkMemo(repo: GitRepository): BoundedMap<WalkState> {
  let memo = walkMemos.get(repo);
  if (!memo) {
    memo = new BoundedMap<WalkState>(32);
    walkMemos.set(repo, memo);
  }
  return memo;
}

/**
 * signatureMemo returns the memo of path signatures for one set of paths and one directory level
 * of them, by tree id (see createPathSignatureReader), kept on the repository.
 */
function signatureMemo(repo: GitRepository, paths: readonly string[], level: string): BoundedMap<string> {
  const key = `${paths.join('\0')}\u0001${level}`;
  let memo = repo.memo.signatures.get(key);
  if (!memo) {
    if (repo.memo.signatures.size >= maxSignatureSets) repo.memo.signatures.clear();
    memo = new BoundedMap<string>(200_000);
    repo.memo.signatures.set(key, memo);
  }
  return memo;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/**
 * CommitQueue pops the commit with the latest committer date; ties go to the commit queued
 * first, as git's date-ordered commit list does.
 */
class CommitQueue {
  private heap: Array<{ commit: QueuedCommit; seq: number }> = [];
  private seq = 0;

  push(commit: QueuedCommit): void {
    this.heap.push({ commit, seq: this.seq++ });
    let index = this.heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) break;
      [this.heap[index], this.heap[parent]] = [this.heap[parent], this.heap[index]];
      index = parent;
    }
  }

  peek(): QueuedCommit | undefined {
    return this.heap[0]?.commit;
  }

  pop(): QueuedCommit | undefined {
    if (this.heap.length === 0) return undefined;
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let best = index;
        if (left < this.heap.length && this.before(left, best)) best = left;
        if (right < this.heap.length && this.before(right, best)) best = right;
        if (best === index) break;
        [this.heap[index], this.heap[best]] = [this.heap[best], this.heap[index]];
        index = best;
      }
    }
    return top.commit;
  }

  private before(a: number, b: number): boolean {
    const left = this.heap[a];
    const right = this.heap[b];
    const dateA = left.commit.committerTime;
    const dateB = right.commit.committerTime;
    return dateA !== dateB ? dateA > dateB : left.seq < right.seq;
  }
}
