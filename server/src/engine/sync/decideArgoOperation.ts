import { asList, asMap, asText, type PlainMap } from '../manifests/plainData';
import type { ReconcileVerdict } from './decideFluxReconcile';

const finished: Record<string, 'succeeded' | 'failed'> = { Succeeded: 'succeeded', Failed: 'failed', Error: 'failed' };

/**
 * decideArgoOperation reads an Application after its `operation` was set: undefined while the
 * operation is still there (the controller removes it when the operation completes, retries
 * included) or `status.operationState` is absent (set cleared it; the controller has not started)
 * or not finished (Running, Terminating); then Succeeded is success with the synced revision(s),
 * Failed and Error failure with the operation's message. An operationState started by someone else
 * than `username` means another operation replaced ours: failure. A deleted Application fails.
 */
export function decideArgoOperation(args: { object: PlainMap | undefined; username: string }): ReconcileVerdict | undefined {
  const { object } = args;
  if (!object) return { outcome: 'failed', message: 'the Application was deleted while the operation was waiting' };
  if (object.operation !== undefined && object.operation !== null) return undefined;
  const state = asMap(asMap(object.status)?.operationState);
  if (!state) return undefined;
  const outcome = finished[asText(state.phase) ?? ''];
  if (!outcome) return undefined;
  const by = asMap(asMap(state.operation)?.initiatedBy);
  const username = asText(by?.username);
  if (username !== args.username) return { outcome: 'failed', message: `another operation (${by?.automated === true ? 'an automated sync' : username ? `by ${username}` : 'by someone else'}) ran instead: ${asText(state.phase)}${asText(state.message) ? `: ${asText(state.message)}` : ''}` };
  const result = asMap(state.syncResult);
  const revisions = asList(result?.revisions).filter((revision): revision is string => typeof revision === 'string');
  const revision = revisions.length > 0 ? revisions.join(', ') : asText(result?.revision);
  const message = asText(state.message);
  return { outcome, ...(message ? { message } : {}), ...(revision ? { revision } : {}) };
}
