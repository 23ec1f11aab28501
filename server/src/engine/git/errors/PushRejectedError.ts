/**
 * PushRejectedError says the remote refused the push (not a fast-forward, a hook declined it…).
 * `serverMessage` is what the server said, including hook output; the local commit is kept.
 */
export class PushRejectedError extends Error {
  readonly code = 'PushRejected';

  constructor(readonly ref: string, readonly reason: string, readonly serverMessage: string) {
    super(`push of ${ref} rejected: ${reason}${serverMessage ? `\n${serverMessage}` : ''}\nThe local commit is kept; pull (or fetch and rebase), then push again.`);
    this.name = 'PushRejectedError';
  }
}
