import type { FieldDrift } from '../drift/Drift';
import { groupOf, type ObjectRef } from './ObjectRef';

const masked = /<masked sha256:[0-9a-f]+>/;

function containsMasked(value: unknown): boolean {
  if (typeof value === 'string') return masked.test(value);
  if (Array.isArray(value)) return value.some(containsMasked);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsMasked);
  return false;
}

/**
 * secretRefusal says why a field's live value can never be adopted when it is a Secret value: the
 * engine only ever holds its masked hash, and a Secret's value does not belong in Git in clear anyway.
 * Undefined for every other field.
 */
export function secretRefusal(args: { object: ObjectRef; field: FieldDrift }): string | undefined {
  const { object, field } = args;
  const secretData = groupOf(object.apiVersion) === '' && object.kind === 'Secret' && /^(data|stringData)(\.|\[|$)/.test(field.path);
  if (!secretData && !containsMasked(field.live) && !containsMasked(field.desired)) return undefined;
  return `${field.path} of Secret ${object.namespace ? `${object.namespace}/` : ''}${object.name} is a Secret value: it is masked and never leaves the cluster, so it cannot be adopted into Git (keep Secret values out of Git: use SOPS, Sealed Secrets or External Secrets, and update them there)`;
}
