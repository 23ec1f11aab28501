import type { ReconciledRevision } from '../cluster/status/ReconciledRevision';
import type { Environment } from '../environments/Environment';
import type { FluxReconcileTarget } from './SyncPlan';

const sourceKinds = new Set(['GitRepository', 'OCIRepository', 'Bucket']);

/**
 * fluxReconcileTargets lists what a Flux sync asks to reconcile, in stages, as `flux reconcile
 * kustomization --with-source` does one by one: the Kustomizations' sources (GitRepository,
 * OCIRepository, Bucket) first, so the Kustomizations build the newest artifact; then the
 * Kustomizations, those another one dependsOn before it (kustomize-controller would otherwise
 * report DependencyNotReady). Namespaces are the ones the cluster status resolved (Flux's default
 * `flux-system` for Kustomizations written without one); sources are the live sourceRef when the
 * status was read, else Git's.
 */
export function fluxReconcileTargets(args: { environment: Environment; reconciled?: ReconciledRevision; defaultNamespace?: string }): FluxReconcileTarget[] {
  const defaultNamespace = args.defaultNamespace ?? 'flux-system';
  const written = args.environment.flux?.kustomizations ?? [];
  const statuses = args.reconciled?.kustomizations ?? [];
  const kustomizations = written.map((kustomization, index) => {
    const namespace = statuses[index]?.namespace ?? kustomization.namespace ?? defaultNamespace;
    const live = statuses[index]?.sourceRef;
    const source = live ?? { kind: kustomization.sourceRef.kind, name: kustomization.sourceRef.name, namespace: kustomization.sourceRef.namespace ?? namespace };
    const dependsOn = kustomization.dependsOn.map((dependency) => `${dependency.namespace ?? namespace}/${dependency.name}`);
    return { name: kustomization.name, namespace, source, dependsOn };
  });
  const byId = new Map(kustomizations.map((kustomization) => [`${kustomization.namespace}/${kustomization.name}`, kustomization]));
  const levels = new Map<string, number>();
  const levelOf = (id: string, visiting: Set<string>): number => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const kustomization = byId.get(id)!;
    const level = Math.max(0, ...kustomization.dependsOn.filter((dependency) => byId.has(dependency)).map((dependency) => levelOf(dependency, visiting) + 1));
    visiting.delete(id);
    levels.set(id, level);
    return level;
  };
  const targets: FluxReconcileTarget[] = [];
  const seenSources = new Set<string>();
  for (const kustomization of kustomizations) {
    const { source } = kustomization;
    const id = `${source.kind}/${source.namespace}/${source.name}`;
    if (!sourceKinds.has(source.kind) || seenSources.has(id)) continue;
    seenSources.add(id);
    targets.push({ kind: source.kind, group: 'source.toolkit.fluxcd.io', namespace: source.namespace, name: source.name, stage: 0 });
  }
  const offset = targets.length > 0 ? 1 : 0;
  const seen = new Set<string>();
  for (const kustomization of kustomizations) {
    const id = `${kustomization.namespace}/${kustomization.name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    targets.push({ kind: 'Kustomization', group: 'kustomize.toolkit.fluxcd.io', namespace: kustomization.namespace, name: kustomization.name, stage: offset + levelOf(id, new Set()) });
  }
  return targets.sort((a, b) => a.stage - b.stage);
}
