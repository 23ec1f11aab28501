/** AuthenticationError says the remote refused the credentials (or none were available for it). */
export class AuthenticationError extends Error {
  readonly code = 'Authentication';

  constructor(readonly url: string, readonly detail: string) {
    super(`authentication failed for ${url}: ${detail}`);
    this.name = 'AuthenticationError';
  }
}
