/** Why a kubeconfig could not be used. */
export type KubeconfigErrorCode = 'KubeconfigMissing' | 'KubeconfigInvalid' | 'ContextNotFound' | 'ExecPluginUntrusted' | 'ExecPluginFailed';

/** KubeconfigError says the kubeconfig is missing, unreadable, lacks the context, needs trust to run an exec plugin, or its exec plugin failed. */
export class KubeconfigError extends Error {
  constructor(readonly code: KubeconfigErrorCode, message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}
