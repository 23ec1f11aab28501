import { createKubeClient, type KubeClientOptions } from '../cluster/createKubeClient';
import { discoverResources } from '../cluster/discoverResources';
import { ClusterUnreachableError } from '../cluster/errors/ClusterUnreachableError';
import { KubeApiError } from '../cluster/errors/KubeApiError';
import { KubeconfigError } from '../cluster/errors/KubeconfigError';
import type { ApiResource, KubeClient, KubeConnection } from '../cluster/KubeClient';
import { loadKubeConfig } from '../cluster/loadKubeConfig';

/** ClusterState says whether an environment's cluster could be used, in display order. */
export type ClusterState = 'connected' | 'unreachable' | 'no-kubeconfig' | 'untrusted' | 'error';

/** ClusterSession is a connected cluster: the client and what it serves. */
export interface ClusterSession {
  state: 'connected';
  client: KubeClient;
  connection: KubeConnection;
  resources: ApiResource[];
}

/** ClusterFailure says why a cluster could not be used, in words for people. */
export interface ClusterFailure {
  state: Exclude<ClusterState, 'connected'>;
  message: string;
  context?: string;
  server?: string;
  warnings: string[];
}

/**
 * openClusterSession loads the kubeconfig (several KUBECONFIG files, the context asked for, exec
 * plugins only when trusted), connects and reads discovery. It never throws for cluster trouble:
 * a missing kubeconfig, an untrusted exec plugin, an unreachable server or refused credentials
 * come back as a ClusterFailure with the reason.
 */
export async function openClusterSession(args: { context?: string; kubeconfigPaths?: string[]; trusted: boolean; env?: NodeJS.ProcessEnv; signal?: AbortSignal; clientOptions?: Partial<KubeClientOptions> }): Promise<ClusterSession | ClusterFailure> {
  let loaded;
  try {
    loaded = loadKubeConfig({ trusted: args.trusted, context: args.context, kubeconfigPaths: args.kubeconfigPaths ?? [], ...(args.env ? { env: args.env } : {}) });
  } catch (error) {
    if (error instanceof KubeconfigError) {
      const state = error.code === 'ExecPluginUntrusted' ? 'untrusted' : error.code === 'KubeconfigMissing' ? 'no-kubeconfig' : 'error';
      return { state, message: error.message, context: args.context, warnings: [] };
    }
    throw error;
  }
  const { connection } = loaded;
  const client = createKubeClient({ kubeconfig: loaded, ...args.clientOptions });
  try {
    const resources = await discoverResources({ client, signal: args.signal });
    return { state: 'connected', client, connection, resources };
  } catch (error) {
    client.close();
    const failure = { context: connection.context, server: connection.server, warnings: connection.warnings };
    if (error instanceof ClusterUnreachableError) return { state: 'unreachable', message: error.message, ...failure };
    if (error instanceof KubeApiError || error instanceof KubeconfigError) return { state: 'error', message: error.message, ...failure };
    throw error;
  }
}
