import { asMap, asText } from '../../manifests/plainData';
import { findCondition } from './findCondition';
import { parseReconcilerRevision } from './parseReconcilerRevision';
import type { FluxSourceStatus } from './ReconciledRevision';

/**
 * parseFluxSourceStatus reads a live Flux source (GitRepository, OCIRepository, Bucket of
 * `source.toolkit.fluxcd.io`): `.status.artifact.revision` (what it last fetched, e.g.
 * `main@sha1:<sha>`), `.status.artifact.lastUpdateTime` and its Ready condition.
 */
export function parseFluxSourceStatus(args: { object: unknown; kind: string; name: string; namespace: string }): FluxSourceStatus {
  const artifact = asMap(asMap(asMap(args.object)?.status)?.artifact);
  const revision = asText(artifact?.revision);
  const updated = asText(artifact?.lastUpdateTime);
  const ready = findCondition({ object: args.object, type: 'Ready' });
  return {
    kind: args.kind,
    name: args.name,
    namespace: args.namespace,
    found: true,
    ...(revision !== undefined ? { artifact: parseReconcilerRevision({ revision }) } : {}),
    ...(updated !== undefined ? { artifactUpdatedAt: updated } : {}),
    ...(ready?.status === 'True' ? { ready: true } : ready?.status === 'False' ? { ready: false } : {}),
    ...(ready?.reason ? { reason: ready.reason } : {}),
    ...(ready?.message ? { message: ready.message } : {}),
  };
}
