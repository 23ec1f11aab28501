import * as git from 'isomorphic-git';
import { NothingToCommitError } from './errors/NothingToCommitError';
import { listChangedFiles, type FileChange } from './listChangedFiles';
import { mergeTextLines } from './mergeTextLines';
import { normalizeRepoPaths } from './normalizeRepoPaths';
import type { GitRepository } from './openRepository';
import { commitSubject, readCommitObject, type CommitObject } from './readCommitObject';
import { readHeadState, type HeadState } from './readHeadState';
import { readRawObject } from './readRawObject';
import { emptyTreeOid, type TreeEntry } from './readTreeObject';
import { resolvePathEntry } from './resolvePathEntry';
import { resolveRevision } from './resolveRevision';
import type { TreeUpdate } from './writeTreeWithUpdates';

/** RevertPlan is what reverting a commit on HEAD would do, computed without writing anything. */
export interface RevertPlan {
  head: HeadState;
  /** The commit being reverted. */
  target: CommitObject;
  /** The paths the revert is limited to ([""] for the whole commit). */
  paths: string[];
  /** True when the limit left some of the commit's changes out. */
  partial: boolean;
  /** The commit's changes (from its first parent) within the paths. */
  changes: FileChange[];
  /** What changes on HEAD, file by file, when there are no conflicts. */
  updates: TreeUpdate[];
  /** Files whose changes conflict with HEAD; when not empty, the revert cannot be made. */
  conflicts: string[];
  /** Contents of merged files by blob id, written only when the revert is committed. */
  mergedBlobs: Map<string, Buffer>;
  /** The commit message, as `git revert` writes it. */
  message: string;
}

/**
 * planRevert works out the revert of a commit on HEAD as a three-way merge, file by file:
 * base = the commit, theirs = its first parent (merge commits are reverted against their first
 * parent, like `git revert -m 1`), ours = HEAD. Only files the commit changed (within `paths`)
 * are visited, so the cost follows the commit's size, not the repository's. A file is taken
 * from the parent when HEAD still has the commit's version, left alone when HEAD already has the
 * parent's, line-merged when both changed it (git's rules, see mergeTextLines), and otherwise
 * (modify/delete, add/add, binary, a directory in the way) a conflict.
 */
export async function planRevert(args: { repo: GitRepository; sha: string; paths?: readonly string[]; environmentName?: string }): Promise<RevertPlan> {
  const { repo } = args;
  repo.refresh();
  const head = await readHeadState({ repo });
  const target = await readCommitObject({ repo, oid: await resolveRevision({ repo, revision: args.sha }) });
  const parent = target.parents.length > 0 ? await readCommitObject({ repo, oid: target.parents[0] }) : undefined;
  const parentTree = parent?.tree ?? emptyTreeOid;
  const paths = args.paths && args.paths.length > 0 ? normalizeRepoPaths(args.paths) : [''];
  const changes = await listChangedFiles({ repo, from: target.tree, to: parentTree, paths });
  const short = target.oid.slice(0, 12);
  if (changes.length === 0) {
    throw new NothingToCommitError(paths[0] === '' ? `commit ${short} changes nothing to revert` : `commit ${short} does not change ${paths.join(', ')}`);
  }
  const partial = paths[0] !== '' && (await listChangedFiles({ repo, from: target.tree, to: parentTree, paths: [''] })).length > changes.length;

  const updates: TreeUpdate[] = [];
  const conflicts: string[] = [];
  const mergedBlobs = new Map<string, Buffer>();
  for (const change of changes) {
    const base = change.before;
    const theirs = change.after;
    const ours = await resolvePathEntry({ repo, tree: head.commit.tree, path: change.path });
    if (ours?.type === 'tree' || (theirs && (await fileInTheWay(repo, head.commit.tree, change.path)))) {
      conflicts.push(change.path);
      continue;
    }
    if (sameEntry(ours, base)) {
      if (!sameEntry(ours, theirs)) updates.push({ path: change.path, entry: theirs });
      continue;
    }
    if (sameEntry(ours, theirs)) continue;
    const merged = ours && base && theirs ? await mergeFile(repo, base, ours, theirs) : undefined;
    if (!merged) {
      conflicts.push(change.path);
      continue;
    }
    if (merged.content) mergedBlobs.set(merged.entry.oid, merged.content);
    if (!sameEntry(ours, merged.entry)) updates.push({ path: change.path, entry: merged.entry });
  }
  if (conflicts.length === 0 && updates.length === 0) {
    throw new NothingToCommitError(`the changes of commit ${short} are already reverted on ${head.branch?.replace(/^refs\/heads\//, '') ?? 'HEAD'}`);
  }
  return { head, target, paths, partial, changes, updates, conflicts, mergedBlobs, message: revertMessage({ target, paths, partial, environmentName: args.environmentName }) };
}

/**
 * revertMessage is `git revert`'s message, to the byte; when the revert is limited and leaves
 * some of the commit's changes in place, a last paragraph says which part was reverted.
 */
export function revertMessage(args: { target: CommitObject; paths: readonly string[]; partial: boolean; environmentName?: string }): string {
  const { target } = args;
  let message = `Revert "${commitSubject(target.message)}"\n\nThis reverts commit ${target.oid}`;
  if (target.parents.length > 1) message += `, reversing\nchanges made to ${target.parents[0]}`;
  message += '.\n';
  if (args.partial) message += `\nOnly its changes to ${args.environmentName !== undefined ? `environment ${args.environmentName}` : args.paths.join(', ')} are reverted.\n`;
  return message;
}

function sameEntry(a: Pick<TreeEntry, 'oid' | 'mode'> | undefined, b: Pick<TreeEntry, 'oid' | 'mode'> | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.oid === b.oid && a.mode === b.mode;
}

/** fileInTheWay says whether HEAD has a file (not a directory) at one of the path's parent directories. */
async function fileInTheWay(repo: GitRepository, tree: string, file: string): Promise<boolean> {
  const parts = file.split('/');
  for (let length = 1; length < parts.length; length++) {
    const entry = await resolvePathEntry({ repo, tree, path: parts.slice(0, length).join('/') });
    if (!entry) return false;
    if (entry.type !== 'tree') return true;
  }
  return false;
}

/** mergeFile merges a file both sides changed; undefined is a conflict. */
async function mergeFile(repo: GitRepository, base: TreeEntry, ours: TreeEntry, theirs: TreeEntry): Promise<{ entry: TreeUpdate['entry'] & object; content?: Buffer } | undefined> {
  const regular = (entry: TreeEntry): boolean => entry.mode === '100644' || entry.mode === '100755';
  if (!regular(base) || !regular(ours) || !regular(theirs)) return undefined;
  const mode = ours.mode === base.mode ? theirs.mode : theirs.mode === base.mode ? ours.mode : ours.mode === theirs.mode ? ours.mode : undefined;
  if (mode === undefined) return undefined;
  if (ours.oid === base.oid || theirs.oid === base.oid || ours.oid === theirs.oid) {
    const oid = ours.oid === base.oid ? theirs.oid : ours.oid;
    return { entry: { mode, oid, type: 'blob' } };
  }
  const [baseText, oursText, theirsText] = await Promise.all([base, ours, theirs].map(async (entry) => (await readRawObject({ repo, oid: entry.oid })).content));
  // git treats a file with a NUL byte in its first 8000 bytes as binary and does not line-merge it.
  if ([baseText, oursText, theirsText].some((content) => content.subarray(0, 8000).includes(0))) return undefined;
  const merged = mergeTextLines({ base: baseText.toString('utf8'), ours: oursText.toString('utf8'), theirs: theirsText.toString('utf8') });
  if (!merged.clean) return undefined;
  const content = Buffer.from(merged.text, 'utf8');
  const oid = await git.hashBlob({ object: content }).then((result) => result.oid);
  return { entry: { mode, oid, type: 'blob' }, content };
}
