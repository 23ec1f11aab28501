import type { Environment } from '../../environments/Environment';
import type { GitRepository } from '../../git/openRepository';
import type { KubeClient } from '../KubeClient';
import { readArgoReconciledRevision } from './readArgoReconciledRevision';
import { readFluxReconciledRevision } from './readFluxReconciledRevision';
import { readPushReconciledRevision } from './readPushReconciledRevision';
import type { ReconciledRevision } from './ReconciledRevision';

/** ReadReconciledRevisionOptions say where reconciler objects written without a namespace live. */
export interface ReadReconciledRevisionOptions {
  /** Namespace of Flux Kustomizations the repository writes without one (`flux bootstrap` puts them in flux-system). */
  fluxNamespace: string;
  /** Namespace of Argo CD Applications the repository writes without one (Argo CD's own). */
  argoNamespace: string;
}

export function defaultReadReconciledRevisionOptions(): ReadReconciledRevisionOptions {
  return { fluxNamespace: 'flux-system', argoNamespace: 'argocd' };
}

/**
 * readReconciledRevision tells which commit an environment's reconciler last applied, from the
 * cluster: Flux Kustomizations (`.status.lastAppliedRevision`, Ready, inventory) and their
 * sources, Argo CD Applications (last successful sync, health), or the ApplySet parent
 * GitOps Workbench's push sync writes. The reconciler is the environment's `reconciler`, else
 * Flux when it has Kustomizations, Argo CD when it has Applications, else push (source null when
 * no parent exists either). With `repo`, commits that differ between the environment's objects
 * are ordered to report the one furthest behind the branch head.
 *
 * Objects that are missing (404) or not readable (403) become messages and `problems` in the
 * result; only an unreachable cluster (ClusterUnreachableError) or an abort throws.
 */
export async function readReconciledRevision(args: { client: KubeClient; environment: Environment; repo?: GitRepository; signal?: AbortSignal; options?: Partial<ReadReconciledRevisionOptions> }): Promise<ReconciledRevision> {
  const options = { ...defaultReadReconciledRevisionOptions(), ...args.options };
  const { client, environment, repo, signal } = args;
  const reconciler =
    environment.reconciler ??
    ((environment.flux?.kustomizations.length ?? 0) > 0 ? 'flux' : (environment.argocd?.applications.length ?? 0) > 0 ? 'argocd' : undefined);
  if (reconciler === 'flux') return readFluxReconciledRevision({ client, environment, defaultNamespace: options.fluxNamespace, ...(repo ? { repo } : {}), ...(signal ? { signal } : {}) });
  if (reconciler === 'argocd') return readArgoReconciledRevision({ client, environment, defaultNamespace: options.argoNamespace, ...(repo ? { repo } : {}), ...(signal ? { signal } : {}) });
  return readPushReconciledRevision({ client, environment, explicit: reconciler === 'push', ...(signal ? { signal } : {}) });
}
