/** ToolFailedError: kustomize, kubectl or helm exited with an error (its stderr is the message). */
export class ToolFailedError extends Error {
  readonly code = 'ToolFailed';
}
