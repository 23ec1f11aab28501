import { randomBytes } from 'node:crypto';
import { StatusError, qualifiedResource } from './errors';

/** A user the emulator knows by its bearer token; readOnly users may only get, list and watch. */
export interface EmulatorUser {
  name: string;
  token: string;
  readOnly: boolean;
}

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/** authenticate maps an `Authorization: Bearer …` header to a user, or throws a 401 Status. */
export function authenticate(header: string | undefined, users: EmulatorUser[]): EmulatorUser {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const user = match ? users.find((candidate) => candidate.token === match[1]) : undefined;
  if (!user) throw new StatusError(401, 'Unauthorized', 'Unauthorized');
  return user;
}

const readVerbs = new Set(['get', 'list', 'watch']);

/** authorize throws a 403 Status, worded as the API server's RBAC authorizer does, when the user may not do this. */
export function authorize(user: EmulatorUser, request: { verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string }): void {
  if (!user.readOnly || readVerbs.has(request.verb)) return;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const scope = request.namespace ? `in the namespace "${request.namespace}"` : 'at the cluster scope';
  const subject = request.name ? `${qualifiedResource(request.group, request.resource)} "${request.name}"` : qualifiedResource(request.group, request.resource);
  throw new StatusError(403, 'Forbidden',
    `${subject} is forbidden: User "${user.name}" cannot ${request.verb} resource "${resource}" in API group "${request.group}" ${scope}`,
    { ...(request.name ? { name: request.name } : {}), ...(request.group ? { group: request.group } : {}), kind: request.resource });
}
