import type { Environment } from '../environments/Environment';

/**
 * syncReconcilerOf says how an environment is synced: its configured reconciler, else Flux when
 * the repository has Kustomizations for it, Argo CD when it has Applications, else push (GitOps
 * Workbench applies it itself) — as readReconciledRevision decides whose status to read.
 */
export function syncReconcilerOf(args: { environment: Environment }): 'push' | 'flux' | 'argocd' {
  const { environment } = args;
  if (environment.reconciler) return environment.reconciler;
  if ((environment.flux?.kustomizations.length ?? 0) > 0) return 'flux';
  if ((environment.argocd?.applications.length ?? 0) > 0) return 'argocd';
  return 'push';
}
