import type { KubeconfigFile } from './readKubeconfigFile';

/** MergedKubeconfig is several kubeconfig files seen as one, as kubectl sees `KUBECONFIG=a:b`. */
export interface MergedKubeconfig extends Omit<KubeconfigFile, 'path'> {
  files: string[];
}

/**
 * mergeKubeconfigFiles merges kubeconfig files the way kubectl does: the first file to define a
 * cluster, user or context by name wins and later definitions of that name are ignored (client-node's
 * own mergeConfig throws on duplicates instead), and the first file to set current-context wins.
 */
export function mergeKubeconfigFiles(args: { files: readonly KubeconfigFile[] }): MergedKubeconfig {
  const merged: MergedKubeconfig = { files: [], clusters: [], users: [], contexts: [] };
  const firstByName = <T extends { name: string }>(target: T[], entries: readonly T[]) => {
    for (const entry of entries) if (!target.some((known) => known.name === entry.name)) target.push(entry);
  };
  for (const file of args.files) {
    merged.files.push(file.path);
    firstByName(merged.clusters, file.clusters);
    firstByName(merged.users, file.users);
    firstByName(merged.contexts, file.contexts);
    merged.currentContext ??= file.currentContext;
  }
  return merged;
}
