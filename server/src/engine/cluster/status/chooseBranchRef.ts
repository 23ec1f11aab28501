import type { Environment } from '../../environments/Environment';
import type { GitRepository } from '../../git/openRepository';
import { resolveRevision } from '../../git/resolveRevision';

/** BranchChoice is the ref whose head an environment's reconciled commit is compared with. */
export interface BranchChoice {
  /** A full ref (`refs/heads/main`, `refs/remotes/origin/main`) or "HEAD". */
  ref: string;
  /** Set when a branch was named but is not in the local repository. */
  note?: string;
}

/**
 * chooseBranchRef picks the branch an environment follows, to compare its reconciled commit with:
 * the environment's `branch` (.gitops-workbench.yaml), else its Flux GitRepository's
 * `spec.ref.branch`, else the branch the reconciler names (`main` of `main@sha1:…`, an Argo CD
 * targetRevision); each as a local branch, else as `origin/<branch>`. Tags and "HEAD" are not
 * branches to follow; when nothing fits, the work tree's HEAD is used.
 */
export async function chooseBranchRef(args: { repo: GitRepository; environment: Environment; reconciledRef?: string }): Promise<BranchChoice> {
  const named: string[] = [];
  if (args.environment.branch) named.push(args.environment.branch);
  for (const kustomization of args.environment.flux?.kustomizations ?? []) {
    if (kustomization.sourceRef.inThisRepository && kustomization.sourceRef.branch) named.push(kustomization.sourceRef.branch);
  }
  if (args.reconciledRef) named.push(args.reconciledRef);
  const tried: string[] = [];
  for (const raw of named) {
    const branch = raw.replace(/^refs\/heads\//, '');
    if (branch === '' || branch === 'HEAD' || branch.startsWith('refs/') || tried.includes(branch)) continue;
    tried.push(branch);
    for (const ref of [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`]) {
      try {
        await resolveRevision({ repo: args.repo, revision: ref });
        return { ref };
      } catch {
        // Not this one: try the next.
      }
    }
  }
  const wanted = args.environment.branch?.replace(/^refs\/heads\//, '');
  return { ref: 'HEAD', ...(wanted ? { note: `branch ${wanted} is not in the local repository (nor origin/${wanted}): comparing with HEAD` } : {}) };
}
