import type { GitRepository } from './openRepository';
import { readRawObject } from './readRawObject';

/** GitIdentity is an author or committer line of a commit. */
export interface GitIdentity {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** The zone as git writes it, e.g. "+0100". */
  zone: string;
}

/** CommitObject is a parsed commit. */
export interface CommitObject {
  oid: string;
  tree: string;
  parents: string[];
  author: GitIdentity;
  committer: GitIdentity;
  /** The full message, as stored (usually ending with a newline). */
  message: string;
}

/**
 * readCommitObject reads and parses a commit, memoised per repository. It parses the raw object
 * itself rather than through git.readCommit because history walks read thousands of commits
 * and only need these fields.
 */
export async function readCommitObject(args: { repo: GitRepository; oid: string }): Promise<CommitObject> {
  const { repo, oid } = args;
  const known = repo.memo.commits.get(oid);
  if (known) return known;
  const { type, content } = await readRawObject({ repo, oid });
  if (type !== 'commit') throw new TypeError(`${oid} is a ${type}, not a commit`);
  const commit = parseCommit(oid, content.toString('utf8'));
  repo.memo.commits.set(oid, commit);
  return commit;
}

/** parseCommit reads the headers git writes (tree, parent*, author, committer) and the message. */
export function parseCommit(oid: string, text: string): CommitObject {
  const headerEnd = text.indexOf('\n\n');
  const header = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const message = headerEnd === -1 ? '' : text.slice(headerEnd + 2);
  let tree = '';
  const parents: string[] = [];
  let author: GitIdentity | undefined;
  let committer: GitIdentity | undefined;
  for (const line of header.split('\n')) {
    // Continuation lines (a gpgsig block, mergetag) start with a space and are skipped.
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
    else if (line.startsWith('author ')) author = parseIdentity(line.slice(7));
    else if (line.startsWith('committer ')) committer = parseIdentity(line.slice(10));
  }
  const unknown: GitIdentity = { name: '', email: '', timestamp: 0, zone: '+0000' };
  return { oid, tree, parents, author: author ?? committer ?? unknown, committer: committer ?? author ?? unknown, message };
}

function parseIdentity(value: string): GitIdentity {
  const match = /^(.*?) ?<([^>]*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!match) return { name: value, email: '', timestamp: 0, zone: '+0000' };
  return { name: match[1], email: match[2], timestamp: Number(match[3]), zone: match[4] };
}

/** commitSubject is the first line of a commit message, as `git revert` quotes it. */
export function commitSubject(message: string): string {
  const text = message.replace(/^\s*\n/, '');
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

/** formatGitDate renders a commit time in ISO 8601 with the committer's own zone, as `%aI` does. */
export function formatGitDate(identity: GitIdentity): string {
  const sign = identity.zone.startsWith('-') ? -1 : 1;
  const hours = Number(identity.zone.slice(1, 3));
  const minutes = Number(identity.zone.slice(3, 5));
  const offsetMinutes = sign * (hours * 60 + minutes);
  const local = new Date((identity.timestamp + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${sign < 0 ? '-' : '+'}${identity.zone.slice(1, 3)}:${identity.zone.slice(3, 5)}`;
}
