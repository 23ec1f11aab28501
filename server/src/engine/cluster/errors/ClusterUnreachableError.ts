/** ClusterUnreachableError says the API server did not answer: connection refused, TLS failure, timeout, DNS. */
export class ClusterUnreachableError extends Error {
  readonly code = 'ClusterUnreachable';

  constructor(readonly server: string, readonly detail: string) {
    super(`cannot reach the cluster at ${server}: ${detail}`);
    this.name = 'ClusterUnreachableError';
  }
}
