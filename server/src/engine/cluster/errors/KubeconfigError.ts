/** Why a kubeconfig could not be used. */
export type KubeconfigErrorCode = 'KubeconfigMissing' | 'KubeconfigInvalid' | 'ContextNotFound' | 'ExecPluginUntrusted';

/** KubeconfigError says the kubeconfig is missing, unreadable, lacks the context, or needs trust to run an exec plugin. */
export class KubeconfigError extends Error {
  constructor(readonly code: KubeconfigErrorCode, message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}
