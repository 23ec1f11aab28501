import { KubeconfigError } from './errors/KubeconfigError';
import { findKubeconfigFiles } from './findKubeconfigFiles';
import { mergeKubeconfigFiles } from './mergeKubeconfigFiles';
import { readKubeconfigFile } from './readKubeconfigFile';

/** KubeContextSummary is one kubeconfig context, for a picker: never credentials. */
export interface KubeContextSummary {
  name: string;
  cluster: string;
  namespace?: string;
  server?: string;
}

/**
 * listKubeContexts lists the contexts of the kubeconfig files kubectl would use (the caller's files,
 * else KUBECONFIG, else ~/.kube/config), merged as kubectl merges them, with the current context.
 * Missing or unreadable kubeconfigs come back as `message`, not as an error.
 */
export function listKubeContexts(args: { kubeconfigPaths?: readonly string[]; env?: NodeJS.ProcessEnv }): { contexts: KubeContextSummary[]; current?: string; message?: string } {
  const locations = findKubeconfigFiles({ env: args.env ?? process.env, explicitPaths: args.kubeconfigPaths });
  if (locations.existing.length === 0) return { contexts: [], message: `no kubeconfig found (looked at ${locations.candidates.join(', ')})` };
  try {
    const merged = mergeKubeconfigFiles({ files: locations.existing.map((file) => readKubeconfigFile({ path: file })) });
    const contexts = merged.contexts.map((context) => {
      const server = merged.clusters.find((cluster) => cluster.name === context.cluster)?.server;
      return { name: context.name, cluster: context.cluster, ...(context.namespace ? { namespace: context.namespace } : {}), ...(server ? { server } : {}) };
    });
    return { contexts, ...(merged.currentContext ? { current: merged.currentContext } : {}) };
  } catch (error) {
    if (error instanceof KubeconfigError) return { contexts: [], message: error.message };
    throw error;
  }
}
