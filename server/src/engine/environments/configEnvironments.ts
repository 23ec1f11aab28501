import type { EnvironmentConfig } from '../config/RepoConfig';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import { collectEnvironmentInputs } from './collectEnvironmentInputs';
import type { ArgoApplication, Environment, FluxKustomization } from './Environment';
import { findSubstitutionSources } from './findSubstitutionSources';
import type { ManifestIndex } from './ManifestIndex';

/**
 * configEnvironments turns `.gitops-workbench.yaml` entries into environments. The reconciler,
 * when not written, is detected: `flux` when a Flux Kustomization of this repository has one of the
 * environment's paths as its `spec.path`, `argocd` when an Application source does, else `push`.
 * Those Kustomizations and Applications are attached, so rendering builds the paths as their
 * reconciler does (targetNamespace, postBuild substitutions, Argo CD tool options).
 */
export function configEnvironments(args: { index: ManifestIndex; entries: readonly EnvironmentConfig[]; fluxKustomizations: readonly FluxKustomization[]; argoApplications: readonly ArgoApplication[] }): Environment[] {
  const { index } = args;
  return args.entries.map((entry) => {
    const paths = [...new Set(entry.paths.map((written) => repoRelativePath(index.root, resolveRepoPath(index.root, written))))].sort();
    const kustomizations = args.fluxKustomizations.filter((kustomization) => kustomization.sourceRef.inThisRepository && paths.includes(kustomization.path));
    const applications = args.argoApplications.filter((application) => application.sources.some((source) => source.inThisRepository && source.path !== undefined && paths.includes(source.path)));
    const detected = kustomizations.length > 0 ? 'flux' : applications.length > 0 ? 'argocd' : 'push';
    const reconciler = entry.reconciler ?? detected;
    const extra = kustomizations.flatMap((kustomization) => findSubstitutionSources({ index, kustomization }).flatMap((source) => (source.document ? [source.document.file] : [])));
    const environment: Environment = { name: entry.name, source: 'config', paths, inputs: collectEnvironmentInputs({ index, paths, extra }), reconciler };
    if (entry.namespace) environment.namespace = entry.namespace;
    if (entry.context) environment.context = entry.context;
    if (entry.branch) environment.branch = entry.branch;
    if (reconciler === 'flux' && kustomizations.length > 0) environment.flux = { kustomizations };
    if (reconciler === 'argocd' && applications.length > 0) environment.argocd = { applications };
    return environment;
  });
}
