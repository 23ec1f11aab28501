/** ClusterNotConnectedError says a sync needs the environment's cluster and the inspection could not use it (unreachable, no kubeconfig, untrusted…). */
export class ClusterNotConnectedError extends Error {
  readonly code = 'ClusterNotConnected';

  constructor(readonly state: string, detail: string | undefined) {
    super(`cannot sync: the cluster is ${state}${detail ? `: ${detail}` : ''}`);
    this.name = 'ClusterNotConnectedError';
  }
}
