import { asList, asMap, asText } from '../../manifests/plainData';
import { findCondition } from './findCondition';
import { parseFluxInventoryId } from './parseFluxInventoryId';
import { parseReconcilerRevision } from './parseReconcilerRevision';
import type { FluxInventoryEntry, FluxKustomizationStatus } from './ReconciledRevision';

/**
 * parseFluxKustomizationStatus reads a live Flux Kustomization (`kustomize.toolkit.fluxcd.io`):
 * `.status.lastAppliedRevision` (what was last applied successfully), `lastAppliedOriginRevision`
 * (the git revision an OCI artifact was built from), `lastAttemptedRevision`, the Ready,
 * Reconciling and Stalled conditions, `.spec.suspend`, whether the status is older than the spec
 * (observedGeneration behind generation), `.spec.sourceRef` and `.status.inventory.entries`.
 * `revision` is the applied commit id, or the origin's when the applied revision is a digest.
 */
export function parseFluxKustomizationStatus(args: { object: unknown; name: string; namespace: string; inThisRepository?: boolean }): FluxKustomizationStatus {
  const object = asMap(args.object) ?? {};
  const spec = asMap(object.spec) ?? {};
  const status = asMap(object.status) ?? {};
  const metadata = asMap(object.metadata) ?? {};
  const appliedText = asText(status.lastAppliedRevision);
  const originText = asText(status.lastAppliedOriginRevision);
  const attemptedText = asText(status.lastAttemptedRevision);
  const applied = appliedText !== undefined ? parseReconcilerRevision({ revision: appliedText }) : undefined;
  const appliedOrigin = originText !== undefined ? parseReconcilerRevision({ revision: originText }) : undefined;
  const attempted = attemptedText !== undefined && attemptedText !== appliedText ? parseReconcilerRevision({ revision: attemptedText }) : undefined;
  const ready = findCondition({ object, type: 'Ready' });
  const reconciling = findCondition({ object, type: 'Reconciling' });
  const stalled = findCondition({ object, type: 'Stalled' });
  const generation = typeof metadata.generation === 'number' ? metadata.generation : undefined;
  const observed = typeof status.observedGeneration === 'number' ? status.observedGeneration : ready?.observedGeneration;
  const sourceRef = asMap(spec.sourceRef);
  const sourceKind = asText(sourceRef?.kind);
  const sourceName = asText(sourceRef?.name);
  const inventory: FluxInventoryEntry[] = [];
  for (const entry of asList(asMap(status.inventory)?.entries)) {
    const id = asText(asMap(entry)?.id);
    const parsed = id === undefined ? undefined : parseFluxInventoryId({ id, version: asText(asMap(entry)?.v) });
    if (parsed) inventory.push(parsed);
  }
  const revision = applied?.sha ?? appliedOrigin?.sha;
  return {
    name: args.name,
    namespace: args.namespace,
    found: true,
    ...(applied ? { applied } : {}),
    ...(appliedOrigin ? { appliedOrigin } : {}),
    ...(attempted ? { attempted } : {}),
    ...(revision ? { revision } : {}),
    ...(ready?.status === 'True' ? { ready: true } : ready?.status === 'False' ? { ready: false } : {}),
    ...(ready?.reason ? { reason: ready.reason } : {}),
    ...(ready?.message ? { message: ready.message } : {}),
    ...(ready?.lastTransitionTime ? { readyChangedAt: ready.lastTransitionTime } : {}),
    reconciling: reconciling?.status === 'True',
    stalled: stalled?.status === 'True',
    suspended: spec.suspend === true,
    stale: generation !== undefined && observed !== undefined && observed < generation,
    ...(sourceKind && sourceName ? { sourceRef: { kind: sourceKind, name: sourceName, namespace: asText(sourceRef?.namespace) ?? args.namespace } } : {}),
    inventory,
    inThisRepository: args.inThisRepository ?? true,
  };
}
