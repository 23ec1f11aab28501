import { listChangedFiles } from './listChangedFiles';
import { normalizeRepoPaths } from './normalizeRepoPaths';
import type { GitRepository } from './openRepository';
import type { CommitHeader } from './readCommitGraph';
import { readCommitHeader } from './readCommitHeader';
import { commitSubject, formatGitDate, readCommitObject } from './readCommitObject';
import type { HistoryCommit } from './readHistory';
import { resolvePathEntry } from './resolvePathEntry';
import { resolveRevision } from './resolveRevision';

/** PendingCommits says how far a branch head is ahead of a reconciled commit, for some paths. */
export interface PendingCommits {
  /**
   * How many commits of `<revision>..<head>` change the paths (as `git log <revision>..<head> --
   * <paths>` lists them); undefined when it cannot be told (the revision is not in the local
   * repository, the branch does not exist…): unknown, not zero.
   */
  behind: number | undefined;
  /** Those commits, newest first, at most `limit` of them. */
  pending: HistoryCommit[];
  /** All commits of `<revision>..<head>`, whatever they change (`git rev-list --count`). */
  totalBehind?: number;
  /** The commit the branch head resolved to. */
  head?: string;
  /** The ref that was compared with (the `ref` argument). */
  ref: string;
  /**
   * False when the revision is in the repository but not in the branch's history: the cluster
   * runs a commit of another branch, a rewritten history, or one newer than the local branch.
   */
  onBranch?: boolean;
  /** True when there are more pending commits than `pending` holds. */
  truncated?: boolean;
  /** Why `behind` is unknown, or what else the user should know. */
  message?: string;
}

/** ListPendingCommitsOptions choose where the branch head is and how many commits are described. */
export interface ListPendingCommitsOptions {
  /** A branch, "HEAD", a remote-tracking branch or a commit id. */
  ref: string;
  /** How many pending commits are described (counting goes on past it); 0 only counts. */
  limit: number;
  /**
   * Committer clock skew tolerated, in seconds: the walk from the reconciled commit goes this
   * far past the oldest pending commit before it concludes nothing else is its ancestor.
   */
  clockSkewSeconds: number;
}

export function defaultListPendingCommitsOptions(): ListPendingCommitsOptions {
  return { ref: 'HEAD', limit: 100, clockSkewSeconds: 86_400 };
}

/**
 * listPendingCommits lists the commits a branch head is ahead of a reconciled commit that change
 * some paths (repository-relative files or directories, normally an environment's paths and
 * inputs): `git log <revision>..<ref> -- <paths>`, newest first, with git's default history
 * simplification, so a merge that only brought a side branch's changes is not listed but the
 * side branch's commits are, and a side branch that changed nothing of the paths is pruned.
 *
 * The range is computed as git does: one walk by committer date from both ends, marking every
 * ancestor of the reconciled commit; it stops once only those remain and they are older than the
 * oldest pending commit (by more than `clockSkewSeconds`), so its cost follows the distance
 * between the two commits, not the repository's size. A revision that is not a full commit id of
 * this repository gives `behind: undefined` and a message, never zero. With no paths, only
 * `totalBehind` counts (`behind` is 0): that orders commits in git terms.
 */
export async function listPendingCommits(args: { repo: GitRepository; revision: string; paths: readonly string[]; signal?: AbortSignal } & Partial<ListPendingCommitsOptions>): Promise<PendingCommits> {
  const options = { ...defaultListPendingCommitsOptions(), ...definedOnly({ ref: args.ref, limit: args.limit, clockSkewSeconds: args.clockSkewSeconds }) };
  const { repo, signal } = args;
  const paths = normalizeRepoPaths(args.paths);
  const ref = options.ref;
  const revision = args.revision.trim().toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(revision)) {
    const why = /^[0-9a-f]{64}$/.test(revision) ? 'a SHA-256 commit id (SHA-256 repositories are not supported)' : 'not a full commit id';
    return { behind: undefined, pending: [], ref, message: `"${args.revision}" is ${why}: cannot count the commits since it` };
  }
  repo.refresh();
  let head: string | undefined;
  try {
    head = await resolveRevision({ repo, revision: ref, allowMissingHead: true });
  } catch (error) {
    return { behind: undefined, pending: [], ref, message: `${ref} is not a branch or commit of the local repository (${errorText(error)})` };
  }
  if (head === undefined) return { behind: undefined, pending: [], ref, message: `${ref} has no commits yet` };
  try {
    await readCommitHeader({ repo, oid: revision });
  } catch {
    return { behind: undefined, pending: [], ref, head, message: `commit ${revision.slice(0, 12)} is not in the local repository: fetch, or the cluster runs a commit of another repository` };
  }

  let range: CommitRange;
  try {
    range = await walkRange({ repo, head, bottom: revision, skew: options.clockSkewSeconds, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { behind: undefined, pending: [], ref, head, message: `the history between ${revision.slice(0, 12)} and ${ref} cannot be read: ${errorText(error)} (a shallow clone?)` };
  }
  const shown = paths.length === 0 ? [] : await simplifiedWalk({ repo, head, bottom: revision, range, paths, signal });
  const pending: HistoryCommit[] = [];
  for (const header of shown.slice(0, Math.max(0, options.limit))) pending.push(await describeCommit(repo, header, paths));
  return {
    behind: shown.length,
    pending,
    totalBehind: range.pending.size,
    head,
    ref,
    onBranch: range.onBranch,
    ...(shown.length > pending.length ? { truncated: true } : {}),
    ...(range.onBranch ? {} : { message: `commit ${revision.slice(0, 12)} is not in the history of ${ref}: the cluster runs a commit of another branch or of a rewritten history, or one newer than the local branch` }),
  };
}

/** CommitRange is `<bottom>..<head>`: the ancestors of head that are not ancestors of bottom. */
interface CommitRange {
  pending: Map<string, CommitHeader>;
  /** Whether bottom is head or one of its ancestors. */
  onBranch: boolean;
}

interface WalkNode {
  header: CommitHeader;
  uninteresting: boolean;
  queued: boolean;
}

/**
 * walkRange walks from head (interesting) and bottom (uninteresting) by committer date, the way
 * git's revision walk limits a range: uninteresting marks go to every parent, and to commits
 * already seen when a later path reaches them.
 */
async function walkRange(args: { repo: GitRepository; head: string; bottom: string; skew: number; signal?: AbortSignal }): Promise<CommitRange> {
  const { repo, bottom } = args;
  const nodes = new Map<string, WalkNode>();
  const queue = new DateQueue<WalkNode>((node) => node.header.committerTime);
  let interestingQueued = 0;
  let onBranch = args.head === bottom;

  const markUninteresting = (start: WalkNode): void => {
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.uninteresting) continue;
      node.uninteresting = true;
      if (node.queued) interestingQueued--;
      for (const parent of node.header.parents) {
        const known = nodes.get(parent);
        if (known && !known.uninteresting) stack.push(known);
      }
    }
  };
  const add = async (oid: string, uninteresting: boolean): Promise<void> => {
    const known = nodes.get(oid);
    if (known) {
      if (uninteresting) markUninteresting(known);
      return;
    }
    const node: WalkNode = { header: await readCommitHeader({ repo, oid }), uninteresting, queued: true };
    nodes.set(oid, node);
    queue.push(node);
    if (!uninteresting) interestingQueued++;
  };

  await add(bottom, true);
  await add(args.head, false);
  let oldestInteresting = Number.POSITIVE_INFINITY;
  let steps = 0;
  for (;;) {
    if ((++steps & 255) === 0) args.signal?.throwIfAborted();
    const next = queue.peek();
    if (!next) break;
    // Only ancestors of bottom are left: they can still reach a commit seen as pending only if
    // it is older than they are (give or take clock skew).
    if (interestingQueued === 0 && next.header.committerTime < oldestInteresting - args.skew) break;
    queue.pop();
    next.queued = false;
    if (!next.uninteresting) {
      interestingQueued--;
      oldestInteresting = Math.min(oldestInteresting, next.header.committerTime);
      if (next.header.parents.includes(bottom)) onBranch = true;
    }
    for (const parent of next.header.parents) await add(parent, next.uninteresting);
  }
  const pending = new Map<string, CommitHeader>();
  for (const [oid, node] of nodes) if (!node.uninteresting) pending.set(oid, node.header);
  return { pending, onBranch };
}

/**
 * simplifiedWalk walks the range from head as `git log -- <paths>` does and returns the commits
 * it shows, in its order. A commit TREESAME (same content at the paths) to a relevant parent
 * (one in the range, or bottom itself) follows only that parent and is not shown; otherwise it is
 * shown when it differs from its relevant parents (from its other parents when it has none).
 */
async function simplifiedWalk(args: { repo: GitRepository; head: string; bottom: string; range: CommitRange; paths: readonly string[]; signal?: AbortSignal }): Promise<CommitHeader[]> {
  const { repo, range, bottom } = args;
  const headHeader = range.pending.get(args.head);
  if (!headHeader) return [];
  const signatures = new Map<string, string>();
  const signatureOf = async (header: CommitHeader): Promise<string> => {
    const known = signatures.get(header.oid);
    if (known !== undefined) return known;
    const parts: string[] = [];
    for (const entryPath of args.paths) {
      const entry = await resolvePathEntry({ repo, tree: header.tree, path: entryPath });
      parts.push(entry ? `${entry.mode}:${entry.oid}` : '-');
    }
    const signature = parts.join(',');
    signatures.set(header.oid, signature);
    return signature;
  };
  const absent = args.paths.map(() => '-').join(',');
  const relevant = (oid: string): boolean => oid === bottom || range.pending.has(oid);

  const shown: CommitHeader[] = [];
  const seen = new Set([args.head]);
  const queue = new DateQueue<CommitHeader>((header) => header.committerTime);
  queue.push(headHeader);
  let steps = 0;
  for (let commit = queue.pop(); commit; commit = queue.pop()) {
    if ((++steps & 255) === 0) args.signal?.throwIfAborted();
    const signature = await signatureOf(commit);
    let follow = commit.parents;
    let show: boolean;
    if (commit.parents.length === 0) {
      show = signature !== absent;
    } else {
      let relevantParents = 0;
      let relevantChange = false;
      let irrelevantChange = false;
      let prunedTo: string | undefined;
      for (const parentOid of commit.parents) {
        const isRelevant = relevant(parentOid);
        if (isRelevant) relevantParents++;
        const same = (await signatureOf(await readCommitHeader({ repo, oid: parentOid }))) === signature;
        if (same) {
          // TREESAME to a relevant parent: follow only it. To an irrelevant one (an older
          // ancestor of bottom), git keeps the other parents, so does this.
          if (isRelevant) {
            prunedTo = parentOid;
            break;
          }
        } else if (isRelevant) relevantChange = true;
        else irrelevantChange = true;
      }
      if (prunedTo !== undefined) {
        follow = [prunedTo];
        show = false;
      } else {
        show = relevantParents > 0 ? relevantChange : irrelevantChange;
      }
    }
    if (show) shown.push(commit);
    for (const parentOid of follow) {
      const parent = range.pending.get(parentOid);
      if (!parent || seen.has(parentOid)) continue;
      seen.add(parentOid);
      queue.push(parent);
    }
  }
  return shown;
}

/** describeCommit is a pending commit as readHistory describes one: subject, author, date, changed files under the paths. */
async function describeCommit(repo: GitRepository, header: CommitHeader, paths: readonly string[]): Promise<HistoryCommit> {
  const commit = await readCommitObject({ repo, oid: header.oid });
  const firstParent = commit.parents.length > 0 ? await readCommitHeader({ repo, oid: commit.parents[0] }) : undefined;
  const changes = await listChangedFiles({ repo, from: firstParent?.tree, to: commit.tree, paths });
  return {
    sha: commit.oid,
    subject: commitSubject(commit.message),
    author: commit.author.name,
    authorEmail: commit.author.email,
    date: formatGitDate(commit.author),
    parents: [...commit.parents],
    files: changes.map((change) => change.path),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** DateQueue pops the entry with the latest committer time; ties go to the entry pushed first, as git's date-ordered list does. */
class DateQueue<T> {
  private heap: Array<{ value: T; time: number; seq: number }> = [];
  private seq = 0;

  constructor(private readonly timeOf: (value: T) => number) {}

  push(value: T): void {
    this.heap.push({ value, time: this.timeOf(value), seq: this.seq++ });
    let index = this.heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) break;
      [this.heap[index], this.heap[parent]] = [this.heap[parent], this.heap[index]];
      index = parent;
    }
  }

  peek(): T | undefined {
    return this.heap[0]?.value;
  }

  pop(): T | undefined {
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
    return top.value;
  }

  private before(a: number, b: number): boolean {
    const left = this.heap[a];
    const right = this.heap[b];
    return left.time !== right.time ? left.time > right.time : left.seq < right.seq;
  }
}
