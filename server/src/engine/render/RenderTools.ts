import { findExecutable } from './findExecutable';

/** KustomizeCommand is how kustomize runs here: `kustomize build` or `kubectl kustomize`. */
export interface KustomizeCommand {
  command: string;
  /** Arguments before the directory: ['build'] or ['kustomize']. */
  args: string[];
  label: 'kustomize build' | 'kubectl kustomize';
}

/** RenderTools are the binaries found on PATH. */
export interface RenderTools {
  kustomize?: KustomizeCommand;
  helm?: string;
}

/** findRenderTools looks for kustomize (then kubectl, for `kubectl kustomize`) and helm on the PATH of `env`. */
export function findRenderTools(args: { env: NodeJS.ProcessEnv }): RenderTools {
  const tools: RenderTools = {};
  const kustomize = findExecutable({ name: 'kustomize', env: args.env });
  const kubectl = kustomize ? undefined : findExecutable({ name: 'kubectl', env: args.env });
  if (kustomize) tools.kustomize = { command: kustomize, args: ['build'], label: 'kustomize build' };
  else if (kubectl) tools.kustomize = { command: kubectl, args: ['kustomize'], label: 'kubectl kustomize' };
  const helm = findExecutable({ name: 'helm', env: args.env });
  if (helm) tools.helm = helm;
  return tools;
}

/** kustomizeNotFoundReason is the message for a kustomization that cannot be built here. */
export const kustomizeNotFoundReason = 'kustomize not found: neither `kustomize` nor `kubectl` (for `kubectl kustomize`) is on PATH; install one of them to render kustomizations';

/** helmNotFoundReason is the message for Helm charts when helm is not on PATH. */
export const helmNotFoundReason = 'helm not found: `helm` is not on PATH, so Helm charts are not rendered';
