/**
 * KubeApiError is an API server answer outside 2xx, carrying its Status: `status` is the HTTP code,
 * `reason` the Status reason (NotFound, Forbidden, Conflict, Invalid, Expired…), `message` the
 * server's own words.
 */
export class KubeApiError extends Error {
  readonly code = 'KubeApi';

  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    /** The Status `details`, when the server sent one (causes of a conflict or an invalid object). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}
