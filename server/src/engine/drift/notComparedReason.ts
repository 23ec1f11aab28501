import { asMap, type PlainMap } from '../manifests/plainData';

const fluxReconcile = 'kustomize.toolkit.fluxcd.io/reconcile';
const fluxSsa = 'kustomize.toolkit.fluxcd.io/ssa';
const hookAnnotations = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

/** metadataValue finds a non-empty label or annotation value (Flux looks in both). */
function metadataValue(object: PlainMap | undefined, key: string): string | undefined {
  const metadata = asMap(object?.metadata);
  if (!metadata) return undefined;
  const label = asMap(metadata.labels)?.[key];
  if (typeof label === 'string' && label !== '') return label;
  const annotation = asMap(metadata.annotations)?.[key];
  return typeof annotation === 'string' && annotation !== '' ? annotation : undefined;
}

/** fluxExcludes says why Flux leaves the object alone, going by one side's labels and annotations. */
function fluxExcludes(object: PlainMap | undefined, where: string): string | undefined {
  const reconcile = metadataValue(object, fluxReconcile);
  if (reconcile?.toLowerCase() === 'disabled') return `Flux reconciliation is disabled (${fluxReconcile}: ${reconcile} ${where}): not drift`;
  const ssa = metadataValue(object, fluxSsa);
  if (ssa?.toLowerCase() === 'ignore') return `Flux does not apply this object (${fluxSsa}: ${ssa} ${where}): not drift`;
  return undefined;
}

/**
 * notComparedReason says why a desired object must not be reported as drift, or undefined when it must
 * be compared:
 * - Flux skips it: `kustomize.toolkit.fluxcd.io/reconcile: disabled` or `kustomize.toolkit.fluxcd.io/ssa:
 *   ignore` on the Git or the live object (label or annotation, any letter case, as Flux's
 *   ExclusionSelector matches);
 * - Flux only creates it: `kustomize.toolkit.fluxcd.io/ssa: IfNotPresent` in Git and the object exists;
 * - it is an Argo CD or Helm hook (`argocd.argoproj.io/hook`, `helm.sh/hook`): hooks run during a sync
 *   and may be deleted after, and neither Argo CD nor Helm compares them.
 * `live` is undefined when the object does not exist or could not be read.
 */
export function notComparedReason(args: { desired: PlainMap; live?: PlainMap }): string | undefined {
  const { desired, live } = args;
  const excluded = fluxExcludes(desired, 'in Git') ?? fluxExcludes(live, 'on the live object');
  if (excluded) return excluded;
  const ssa = metadataValue(desired, fluxSsa);
  if (live && ssa?.toLowerCase() === 'ifnotpresent') return `Flux only creates this object when it is missing (${fluxSsa}: ${ssa} in Git); it exists, so changes are not drift`;
  const annotations = asMap(asMap(desired.metadata)?.annotations);
  for (const key of hookAnnotations) {
    const value = annotations?.[key];
    if (typeof value === 'string' && value !== '') return `hook (${key}: ${value}): run during a sync and not compared`;
  }
  return undefined;
}
