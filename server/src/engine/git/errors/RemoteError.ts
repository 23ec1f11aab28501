/** RemoteError says a remote could not be reached or used (unknown remote, unsupported URL, network failure). */
export class RemoteError extends Error {
  readonly code = 'Remote';

  constructor(message: string) {
    super(message);
    this.name = 'RemoteError';
  }
}
