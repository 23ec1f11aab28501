/**
 * Fault switches for tests: added latency, 429 Too Many Requests with Retry-After, 500s, dropped
 * connections, and expiring every LIST continue token (410). Counted faults fire for the next
 * `count` matching requests. Set programmatically or with `POST /__emulator/faults` (JSON body).
 */
export interface FaultSettings {
  /** Delay every matching request by this many milliseconds. */
  latencyMs?: number;
  /** Answer the next `count` matching requests with 429 and `Retry-After: retryAfterSeconds` (default 1). */
  tooManyRequests?: { count: number; retryAfterSeconds?: number };
  /** Answer the next `count` matching requests with a 500 InternalError Status. */
  serverError?: { count: number; message?: string };
  /** Destroy the connection of the next `count` matching requests without an answer. */
  dropConnections?: { count: number };
  /** Every LIST `continue` token is answered with 410 Expired. */
  expireContinue?: boolean;
  /** Faults apply only to requests whose path starts with this (default: every path but /__emulator and health checks). */
  pathPrefix?: string;
  /** Faults apply only to these HTTP methods (default: all). */
  methods?: string[];
}

export type FaultAction =
  | { kind: 'none'; delayMs: number }
  | { kind: 'tooManyRequests'; delayMs: number; retryAfterSeconds: number }
  | { kind: 'serverError'; delayMs: number; message: string }
  | { kind: 'drop'; delayMs: number };

export class Faults {
  private settings: FaultSettings = {};

  get current(): FaultSettings {
    return structuredClone(this.settings);
  }

  /** set replaces every switch (an empty object clears them). */
  set(settings: FaultSettings): void {
    this.settings = structuredClone(settings ?? {});
  }

  get expireContinue(): boolean {
    return this.settings.expireContinue === true;
  }

  /** take decides what to do with one request, counting down the counted faults. */
  take(method: string, path: string): FaultAction {
    const settings = this.settings;
    if (path.startsWith('/__emulator') || path === '/healthz' || path === '/readyz' || path === '/livez') return { kind: 'none', delayMs: 0 };
    if (settings.pathPrefix && !path.startsWith(settings.pathPrefix)) return { kind: 'none', delayMs: 0 };
    if (settings.methods && !settings.methods.map((m) => m.toUpperCase()).includes(method.toUpperCase())) return { kind: 'none', delayMs: 0 };
    const delayMs = settings.latencyMs ?? 0;
    if (settings.dropConnections && settings.dropConnections.count > 0) {
      settings.dropConnections.count--;
      return { kind: 'drop', delayMs };
    }
    if (settings.tooManyRequests && settings.tooManyRequests.count > 0) {
      settings.tooManyRequests.count--;
      return { kind: 'tooManyRequests', delayMs, retryAfterSeconds: settings.tooManyRequests.retryAfterSeconds ?? 1 };
    }
    if (settings.serverError && settings.serverError.count > 0) {
      settings.serverError.count--;
      return { kind: 'serverError', delayMs, message: settings.serverError.message ?? 'Internal error occurred: injected by the kube emulator' };
    }
    return { kind: 'none', delayMs };
  }
}
