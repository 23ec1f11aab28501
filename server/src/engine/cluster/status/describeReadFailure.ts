import { KubeApiError } from '../errors/KubeApiError';
import type { StatusProblem } from './ReconciledRevision';

/**
 * describeReadFailure turns the KubeApiError of a GET into a StatusProblem with a clear message:
 * 404 on an object (the Status names it) is NotFound, 404 on the path (the kind is not served:
 * the reconciler's CRDs are not installed, or not this version) is NotServed, 403 is Forbidden,
 * 401 Unauthorized, anything else ApiError. `object` is `Kind namespace/name`, `resource` the
 * plural with its group and version (`kustomizations.kustomize.toolkit.fluxcd.io/v1`), `hint`
 * what the user can check when the object is missing. Other errors (ClusterUnreachableError, an
 * abort) are rethrown: they concern the whole cluster, not one object.
 */
export function describeReadFailure(args: { error: unknown; object: string; resource: string; hint?: string }): StatusProblem {
  const { error, object } = args;
  if (!(error instanceof KubeApiError)) throw error;
  const server = error.message ? ` (the API server said: ${error.message})` : '';
  if (error.status === 404) {
    const named = typeof error.details?.name === 'string' && error.details.name !== '';
    if (named || (error.reason === 'NotFound' && /not found$/.test(error.message))) {
      return { object, code: 'NotFound', message: `${object} was not found in the cluster${args.hint ? `: ${args.hint}` : ''}` };
    }
    return { object, code: 'NotServed', message: `the cluster does not serve ${args.resource}, so ${object} cannot be read: is the reconciler installed, in a version that serves it?${server}` };
  }
  if (error.status === 403) {
    return { object, code: 'Forbidden', message: `no access to ${object}: the cluster credentials may not read ${args.resource}${server}` };
  }
  if (error.status === 401) {
    return { object, code: 'Unauthorized', message: `the cluster refused the credentials while reading ${object}: log in again or refresh the kubeconfig${server}` };
  }
  return { object, code: 'ApiError', message: `reading ${object} failed: ${error.status} ${error.reason}${server}` };
}
