import { asMap, asText } from '../../manifests/plainData';
import { applySetKeys, applySetToolName } from './applySetKeys';
import type { ApplySetParentRef } from './applySetParentRef';
import type { ApplySetParentStatus } from './ReconciledRevision';

/**
 * parseApplySetParent reads what the push sync recorded on an environment's ApplySet parent
 * (see buildApplySetParent): the applied commit, ref and time, the tooling and member kinds.
 * A parent whose id label is not the expected id, or that another tool manages, is reported in
 * `message` and its revision is not trusted. A later sync that did not complete (attempted-revision,
 * attempt-failed) is reported in `message` too; the applied revision stays the last complete one.
 */
export function parseApplySetParent(args: { object: unknown; parent: ApplySetParentRef }): ApplySetParentStatus {
  const { parent } = args;
  const metadata = asMap(asMap(args.object)?.metadata);
  const labels = asMap(metadata?.labels) ?? {};
  const annotations = asMap(metadata?.annotations) ?? {};
  const foundId = asText(labels[applySetKeys.parentId]);
  const tooling = asText(annotations[applySetKeys.tooling]);
  const kindsText = annotations[applySetKeys.containsGroupKinds];
  const groupKinds = typeof kindsText === 'string' && kindsText !== '' ? kindsText.split(',') : [];
  const written = asText(annotations[applySetKeys.appliedRevision])?.trim().toLowerCase();
  const status: ApplySetParentStatus = {
    name: parent.name,
    namespace: parent.namespace,
    id: parent.id,
    found: true,
    groupKinds,
    ...(foundId !== undefined ? { foundId } : {}),
    ...(tooling !== undefined ? { tooling } : {}),
  };
  const where = `ConfigMap ${parent.namespace}/${parent.name}`;
  const attempted = asText(annotations[applySetKeys.attemptedRevision])?.trim().toLowerCase() || undefined;
  const attemptFailed = attempted === undefined ? undefined : asText(annotations[applySetKeys.attemptFailed]);
  if (attempted !== undefined) status.attemptedRevision = attempted;
  if (attemptFailed !== undefined) status.attemptFailed = attemptFailed;
  const attemptNote = attempted === undefined ? undefined : attemptFailed !== undefined ? `the last push sync, of ${attempted.slice(0, 12)}, did not complete: ${attemptFailed}` : `a push sync of ${attempted.slice(0, 12)} is running, or was interrupted`;
  if (foundId !== parent.id) {
    status.message = `${where} is not this environment's ApplySet parent: its label ${applySetKeys.parentId} is ${foundId === undefined ? 'missing' : `"${foundId}"`}, expected "${parent.id}"`;
    return status;
  }
  if (tooling !== undefined && !tooling.startsWith(`${applySetToolName}/`)) {
    status.message = `${where} belongs to another tool (${applySetKeys.tooling}: ${tooling})`;
    return status;
  }
  if (written === undefined) {
    status.message = `${where} records no applied commit yet (no ${applySetKeys.appliedRevision} annotation)${attemptNote ? `: ${attemptNote}` : ': the last push sync did not finish'}`;
    return status;
  }
  if (!/^[0-9a-f]{40}$/.test(written)) {
    status.message = `${where} has an annotation ${applySetKeys.appliedRevision} that is not a commit id: "${written}"`;
    return status;
  }
  status.revision = written;
  if (attemptNote) status.message = attemptNote;
  const ref = asText(annotations[applySetKeys.appliedRef]);
  const appliedAt = asText(annotations[applySetKeys.appliedAt]);
  if (ref !== undefined) status.ref = ref;
  if (appliedAt !== undefined) status.appliedAt = appliedAt;
  return status;
}
