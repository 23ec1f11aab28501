import * as fs from 'node:fs';
import * as path from 'node:path';
import * as git from 'isomorphic-git';
import type { Environment } from '../environments/Environment';
import { findLocalChanges } from '../git/findLocalChanges';
import { listChangedFiles } from '../git/listChangedFiles';
import { normalizeRepoPaths } from '../git/normalizeRepoPaths';
import type { GitRepository } from '../git/openRepository';
import { readCommitObject } from '../git/readCommitObject';
import { readHeadState } from '../git/readHeadState';
import { resolveRevision } from '../git/resolveRevision';
import type { SyncSource } from './SyncPlan';

/**
 * readSyncSource tells what a sync of an environment would record as applied: HEAD's commit and
 * branch, and which of the environment's inputs (its paths and everything they pull in) differ
 * from HEAD in the work tree — staged, unstaged, or untracked and not ignored — since a push sync
 * applies the work tree as rendered, and recording HEAD for other content would be false. Warnings
 * say when HEAD is not on the environment's branch, and, for Flux and Argo CD (which fetch from
 * the remote), when HEAD is not what origin has.
 */
export async function readSyncSource(args: { repo: GitRepository; environment: Environment; reconciler: 'push' | 'flux' | 'argocd' }): Promise<SyncSource> {
  const { repo, environment } = args;
  const head = await resolveRevision({ repo, revision: 'HEAD', allowMissingHead: true }).catch(() => undefined);
  if (head === undefined) return { uncommitted: [], warnings: [] };
  const state = await readHeadState({ repo });
  const ref = state.branch?.replace(/^refs\/heads\//, '');
  const warnings: string[] = [];
  const wanted = environment.branch?.replace(/^refs\/heads\//, '');
  if (wanted && ref !== wanted) warnings.push(`HEAD is ${ref ? `on branch ${ref}` : 'detached'}, but environment ${environment.name} follows branch ${wanted}`);
  if (args.reconciler !== 'push' && ref) {
    const remote = await resolveRevision({ repo, revision: `refs/remotes/origin/${ref}` }).catch(() => undefined);
    if (remote === undefined) warnings.push(`branch ${ref} has no origin/${ref}: ${args.reconciler === 'flux' ? 'Flux' : 'Argo CD'} fetches from the remote, not from this work tree`);
    else if (remote !== head) warnings.push(`HEAD (${head.slice(0, 12)}) is not origin/${ref} (${remote.slice(0, 12)}): ${args.reconciler === 'flux' ? 'Flux' : 'Argo CD'} applies what the remote has; push first`);
  }
  let uncommitted: string[] = [];
  if (args.reconciler === 'push') {
    const headTree = (await readCommitObject({ repo, oid: head })).tree;
    const inputs = normalizeRepoPaths(environment.inputs.length > 0 ? environment.inputs : environment.paths);
    const files = new Set<string>();
    for (const change of await listChangedFiles({ repo, from: undefined, to: headTree, paths: inputs })) files.add(change.path);
    const untracked: string[] = [];
    for (const input of inputs) {
      for (const file of listWorkTreeFiles(repo.dir, input)) if (!files.has(file)) untracked.push(file);
    }
    for (const file of untracked) {
      const ignored = await git.isIgnored({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: file }).catch(() => false);
      if (!ignored) files.add(file);
    }
    uncommitted = await findLocalChanges({ repo, headTree, files: [...files].sort() });
  }
  return { head, ...(ref ? { ref } : {}), uncommitted, warnings };
}

/** listWorkTreeFiles lists the files at or under a repository-relative path of the work tree ('' the whole tree), .git left out. */
function listWorkTreeFiles(root: string, relative: string): string[] {
  const files: string[] = [];
  const visit = (entry: string): void => {
    const absolute = path.join(root, entry);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(absolute);
    } catch {
      return;
    }
    if (!stat.isDirectory()) {
      files.push(entry);
      return;
    }
    for (const name of fs.readdirSync(absolute)) {
      if (name === '.git') continue;
      visit(entry === '' ? name : `${entry}/${name}`);
    }
  };
  visit(relative);
  return files;
}
