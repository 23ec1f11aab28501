import { createHash } from 'node:crypto';
import type { Environment } from '../../environments/Environment';
import { computeApplySetId } from './computeApplySetId';

/** ApplySetParentRef names the object that tracks an environment's push-synced objects, and its ApplySet id. */
export interface ApplySetParentRef {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  /** '' (the core group). */
  group: '';
  name: string;
  namespace: string;
  id: string;
}

const prefix = 'gitops-workbench-';
/** A DNS label (63 characters) keeps the name valid wherever a name is printed or reused as a label. */
const maxNameLength = 63;

/**
 * applySetParentRef returns the ApplySet parent of an environment synced by push: the ConfigMap
 * `gitops-workbench-<environment name, sanitised>` in the environment's namespace ("default"
 * when it has none), and its ApplySet id. Sanitising lower-cases the name and turns anything but
 * letters, digits and '-' into '-'; when that changes the name, or it is too long, 8 hex digits
 * of the name's SHA-256 are appended, so "Staging" and "staging" get different parents.
 */
export function applySetParentRef(args: { environment: Pick<Environment, 'name' | 'namespace'> }): ApplySetParentRef {
  const original = args.environment.name;
  const sanitised = original.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  let body = sanitised;
  if (sanitised !== original || sanitised === '' || prefix.length + sanitised.length > maxNameLength) {
    const suffix = createHash('sha256').update(original, 'utf8').digest('hex').slice(0, 8);
    const room = maxNameLength - prefix.length - suffix.length - 1;
    const kept = sanitised.slice(0, room).replace(/-+$/, '');
    body = kept === '' ? suffix : `${kept}-${suffix}`;
  }
  const name = `${prefix}${body}`;
  const namespace = args.environment.namespace || 'default';
  return { apiVersion: 'v1', kind: 'ConfigMap', group: '', name, namespace, id: computeApplySetId({ name, namespace, kind: 'ConfigMap', group: '' }) };
}
