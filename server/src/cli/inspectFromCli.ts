import { parseArgs } from 'node:util';
import { discoverEnvironments } from '../engine/environments/discoverEnvironments';
import { findEnvironment } from '../engine/environments/findEnvironment';
import { openRepository } from '../engine/git/openRepository';
import type { EnvironmentInspection } from '../engine/inspect/EnvironmentInspection';
import { inspectEnvironment } from '../engine/inspect/inspectEnvironment';
import { openClusterSession } from '../engine/inspect/openClusterSession';
import { UsageError } from './CliError';
import type { CliIo } from './CliIo';
import { repositoryRoot } from './commands/envs';

/** clusterOptions are the options `drift` and `diff` share. */
export const clusterOptions = {
  env: { type: 'string' },
  repo: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  format: { type: 'string' },
  exact: { type: 'boolean', default: false },
} as const;

/** ClusterCommandValues are the parsed values of clusterOptions. */
export type ClusterCommandValues = ReturnType<typeof parseArgs<{ options: typeof clusterOptions; allowPositionals: true }>>['values'];

/**
 * inspectFromCli finds the environment named by --env, connects to its cluster (--kubeconfig, a
 * path list like KUBECONFIG; --context, else the environment's, else the current one) and inspects
 * it. The command line is the user's own choice to run, so exec credential plugins may run, as
 * with kubectl. The session is closed before returning.
 */
export async function inspectFromCli(args: { values: ClusterCommandValues; io: CliIo }): Promise<EnvironmentInspection> {
  const { values, io } = args;
  if (values.env === undefined || values.env === '') throw new UsageError('--env NAME is required (gitops-workbench envs lists the names)');
  const root = repositoryRoot({ repo: values.repo, cwd: io.cwd });
  const environment = findEnvironment({ environments: discoverEnvironments({ root }).environments, name: values.env });
  const kubeconfigPaths = values.kubeconfig ? values.kubeconfig.split(':').filter((entry) => entry !== '') : [];
  const session = await openClusterSession({ context: values.context ?? environment.context, kubeconfigPaths, trusted: true, env: io.env });
  try {
    let repo;
    try {
      repo = openRepository({ dir: root });
    } catch {
      // Outside a git repository there is no head and no pending commits; drift still works.
      repo = undefined;
    }
    // drift and diff show no managedFields: not keeping them saves a third of the live objects' memory.
    return await inspectEnvironment({ root, environment, repo, session, renderCache: false, env: io.env, options: { exact: values.exact === true, keepManagedFields: false } });
  } finally {
    if (session.state === 'connected') session.client.close();
  }
}
