import type { User } from '@kubernetes/client-node/dist/config_types.js';

/**
 * runsCommandForCredentials says whether a kubeconfig user gets its credentials by running a program:
 * an exec credential plugin (`user.exec`, or an `exec` auth provider) or an auth provider with a
 * `cmd-path` (the old gcp and azure providers). It returns the command (possibly '' when unnamed),
 * or undefined when nothing runs. Running a program named by a workspace's kubeconfig needs trust.
 */
export function runsCommandForCredentials(user: User): string | undefined {
  // client-node types exec and auth-provider as `any`: they are the kubeconfig's YAML as parsed.
  const exec = user.exec as { command?: unknown } | null | undefined;
  if (exec) return typeof exec.command === 'string' ? exec.command : '';
  const provider = user.authProvider as { name?: unknown; config?: Record<string, unknown> } | null | undefined;
  if (!provider) return undefined;
  const providerExec = provider.config?.exec as { command?: unknown } | undefined;
  if (providerExec) return typeof providerExec.command === 'string' ? providerExec.command : '';
  if (provider.name === 'exec') return '';
  const commandPath = provider.config?.['cmd-path'];
  if (typeof commandPath === 'string' && commandPath !== '') return commandPath;
  return undefined;
}
