import { asList, asMap, asText, type PlainMap } from '../../manifests/plainData';
import type { ArgoApplicationStatus, ArgoHistoryEntry } from './ReconciledRevision';

const failedPhases = new Set(['Failed', 'Error']);

/**
 * parseArgoApplicationStatus reads a live Argo CD Application (`argoproj.io/v1alpha1`):
 * - deployed: `.status.operationState.syncResult.revision` (`revisions` for multi-source) when
 *   the last sync operation Succeeded, else the newest `.status.history[]` entry (history holds
 *   successful syncs only); a running or failed operation's revision is `attemptedRevision`;
 * - compared: `.status.sync.status` and `.status.sync.revision` (`revisions`);
 * - `.status.health.status/message`, `.status.conditions` of error types, `.status.reconciledAt`.
 * `sourceIndex` picks the source whose revision counts for multi-source Applications (the one in
 * this repository); `revision` is set only when that revision is a full commit id (a Helm
 * source's revision is a chart version). `ready` is: healthy, and the last sync did not fail.
 */
export function parseArgoApplicationStatus(args: { object: unknown; name: string; namespace: string; sourceIndex?: number; inThisRepository?: boolean }): ArgoApplicationStatus {
  const object = asMap(args.object) ?? {};
  const spec = asMap(object.spec) ?? {};
  const status = asMap(object.status) ?? {};
  const index = args.sourceIndex ?? 0;
  const sources = asList(spec.sources).map(asMap);
  const source = sources.length > 0 ? sources[index] : asMap(spec.source);
  const targetRevision = asText(source?.targetRevision);

  const history = asList(status.history)
    .map(asMap)
    .filter((entry): entry is PlainMap => entry !== undefined && typeof entry.id === 'number')
    .map((entry) => readHistoryEntry(entry, index))
    .sort((a, b) => a.id - b.id);
  const latest = history.length > 0 ? history[history.length - 1] : undefined;

  const operation = asMap(status.operationState);
  const phase = asText(operation?.phase);
  const operationMessage = asText(operation?.message);
  const syncResult = asMap(operation?.syncResult);
  const operationRevisions = textList(syncResult?.revisions);
  const operationRevision = operationRevisions.length > 0 ? operationRevisions[index] : asText(syncResult?.revision);

  let deployed: string | undefined;
  let deployedRevisions: string[] | undefined;
  let deployedAt: string | undefined;
  let historyId: number | undefined;
  let attemptedRevision: string | undefined;
  if (phase === 'Succeeded' && operationRevision !== undefined) {
    deployed = operationRevision;
    deployedRevisions = operationRevisions.length > 0 ? operationRevisions : undefined;
    deployedAt = asText(operation?.finishedAt);
    if (latest && latest.revision === operationRevision) historyId = latest.id;
  } else {
    if (latest) {
      deployed = latest.revision;
      deployedRevisions = latest.revisions;
      deployedAt = latest.deployedAt;
      historyId = latest.id;
    }
    if (operation && operationRevision !== undefined && operationRevision !== deployed) attemptedRevision = operationRevision;
  }

  const sync = asMap(status.sync);
  const syncRevisions = textList(sync?.revisions);
  const comparedRevision = syncRevisions.length > 0 ? syncRevisions[index] : asText(sync?.revision);
  const health = asMap(status.health);
  const healthStatus = asText(health?.status);
  const healthMessage = asText(health?.message);
  const errors = asList(status.conditions)
    .map(asMap)
    .filter((condition) => /Error$/.test(asText(condition?.type) ?? ''))
    .map((condition) => `${condition!.type as string}: ${asText(condition!.message) ?? ''}`.replace(/: $/, ''));

  const failed = phase !== undefined && failedPhases.has(phase);
  const ready = healthStatus === undefined ? (failed ? false : undefined) : healthStatus === 'Healthy' && !failed;
  const reasons: string[] = [];
  if (healthStatus !== undefined && healthStatus !== 'Healthy') reasons.push(`health is ${healthStatus}${healthMessage ? `: ${healthMessage}` : ''}`);
  if (failed) reasons.push(`the last sync ${phase === 'Error' ? 'errored' : 'failed'}${attemptedRevision ? ` at ${attemptedRevision.slice(0, 12)}` : ''}${operationMessage ? `: ${operationMessage}` : ''}`);
  else if (phase === 'Running') reasons.push(`a sync is running${attemptedRevision ? ` (to ${attemptedRevision.slice(0, 12)})` : ''}`);
  reasons.push(...errors);
  if (deployed === undefined) reasons.push('no successful sync recorded yet');

  const reconciledAt = asText(status.reconciledAt);
  const sha = deployed !== undefined && /^[0-9a-f]{40}$/i.test(deployed) ? deployed.toLowerCase() : undefined;
  return {
    name: args.name,
    namespace: args.namespace,
    found: true,
    ...(sha ? { revision: sha } : {}),
    ...(deployedRevisions ? { revisions: deployedRevisions } : {}),
    sourceIndex: index,
    ...(targetRevision ? { targetRevision } : {}),
    ...(deployedAt ? { deployedAt } : {}),
    ...(historyId !== undefined ? { historyId } : {}),
    history,
    ...(asText(sync?.status) ? { syncStatus: asText(sync?.status) } : {}),
    ...(comparedRevision ? { comparedRevision } : {}),
    ...(healthStatus ? { healthStatus } : {}),
    ...(healthMessage ? { healthMessage } : {}),
    ...(phase ? { operationPhase: phase } : {}),
    ...(operationMessage ? { operationMessage } : {}),
    ...(attemptedRevision ? { attemptedRevision } : {}),
    ...(reconciledAt ? { reconciledAt } : {}),
    ...(ready !== undefined ? { ready } : {}),
    ...(reasons.length > 0 ? { message: reasons.join('; ') } : {}),
    errors,
    inThisRepository: args.inThisRepository ?? true,
  };
}

function readHistoryEntry(entry: PlainMap, index: number): ArgoHistoryEntry {
  const revisions = textList(entry.revisions);
  const revision = revisions.length > 0 ? revisions[index] : asText(entry.revision);
  const initiatedBy = asMap(entry.initiatedBy);
  const by = initiatedBy?.automated === true ? 'automated' : asText(initiatedBy?.username);
  return {
    id: entry.id as number,
    ...(revision !== undefined ? { revision } : {}),
    ...(revisions.length > 0 ? { revisions } : {}),
    ...(asText(entry.deployedAt) ? { deployedAt: entry.deployedAt as string } : {}),
    ...(asText(entry.deployStartedAt) ? { deployStartedAt: entry.deployStartedAt as string } : {}),
    ...(by ? { initiatedBy: by } : {}),
  };
}

function textList(value: unknown): string[] {
  return asList(value).filter((entry): entry is string => typeof entry === 'string');
}
