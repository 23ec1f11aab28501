import { definedOnly } from './definedOnly';
import { ClusterUnreachableError } from './errors/ClusterUnreachableError';
import { KubeApiError } from './errors/KubeApiError';
import type { ApiResource, KubeClient, KubeObject } from './KubeClient';
import { listObjects } from './listObjects';
import { apiVersionOf, resourcePath } from './resourcePath';

/** WatchObjectsOptions tune reconnection. */
export interface WatchObjectsOptions {
  /** How long the server keeps one watch request open before ending it; the watch then reconnects from where it was. */
  timeoutSeconds: number;
  /** Failed (re)connections in a row before the watch gives up and `done` rejects. */
  maxReconnects: number;
  /** The first wait before reconnecting; it doubles per failure in a row, up to maxBackoffMs. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Page size of the LISTs behind a resync. */
  pageSize: number;
}

export function defaultWatchObjectsOptions(): WatchObjectsOptions {
  return { timeoutSeconds: 290, maxReconnects: 8, initialBackoffMs: 250, maxBackoffMs: 10_000, pageSize: 500 };
}

/** ObjectChange is one change the watch saw. */
export interface ObjectChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The object (for DELETED, its last state), with apiVersion and kind. */
  object: KubeObject;
}

/** WatchResync is the complete current state of the watched objects; replace whatever you hold with it. */
export interface WatchResync {
  /** initial: the watch starts (no resourceVersion was given); expired: the server no longer had our resourceVersion (410) and the kind was listed again. */
  reason: 'initial' | 'expired';
  items: KubeObject[];
  resourceVersion: string;
}

/** ObjectWatch is a running watch. */
export interface ObjectWatch {
  /** Resolves after close() (or the signal); rejects when the watch cannot go on (403, kind gone, too many failed reconnections). */
  done: Promise<void>;
  close(): void;
  /** The resourceVersion of the last change or bookmark seen: where a new watch would resume. */
  readonly resourceVersion: string | undefined;
}

/**
 * watchObjects follows the objects of one kind like an informer: without a resourceVersion it lists
 * them first (onResync 'initial'), then watches from the list's resourceVersion and hands each change
 * to onChange. When the connection drops or the server ends the request, it reconnects from the last
 * resourceVersion seen (with bookmarks), so every later change arrives exactly once. When the server
 * has forgotten that resourceVersion (410 Expired, as an ERROR event or a status), it lists again and
 * tells the caller with onResync 'expired', then keeps watching. Connection problems it recovers from
 * are reported to onReconnect; a refusal (403…) or too many failures in a row end it.
 */
export function watchObjects(args: {
  client: KubeClient;
  resource: ApiResource;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Where to start; the watch lists first when undefined. */
  resourceVersion?: string;
  onChange: (change: ObjectChange) => void;
  onResync: (resync: WatchResync) => void;
  onReconnect?: (problem: { failures: number; error: Error }) => void;
  signal?: AbortSignal;
} & Partial<WatchObjectsOptions>): ObjectWatch {
  const options: WatchObjectsOptions = {
    ...defaultWatchObjectsOptions(),
    ...definedOnly({ timeoutSeconds: args.timeoutSeconds, maxReconnects: args.maxReconnects, initialBackoffMs: args.initialBackoffMs, maxBackoffMs: args.maxBackoffMs, pageSize: args.pageSize }),
  };
  const { client, resource } = args;
  const apiVersion = apiVersionOf(resource);
  const path = resourcePath({ resource, namespace: args.namespace });
  const stopper = new AbortController();
  let closed = false;
  let resourceVersion = args.resourceVersion;
  let closeStream: (() => void) | undefined;
  let wake: (() => void) | undefined;

  const close = () => {
    if (closed) return;
    closed = true;
    stopper.abort();
    closeStream?.();
    wake?.();
  };
  if (args.signal?.aborted) close();
  args.signal?.addEventListener('abort', close, { once: true });

  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  /** watchOnce runs one watch request: 'expired' when the server forgot the resourceVersion, else how many changes it brought. */
  const watchOnce = async (): Promise<{ expired: boolean; events: number }> => {
    let expired = false;
    let events = 0;
    let failure: Error | undefined;
    const stream = client.stream({
      method: 'GET',
      path,
      query: {
        watch: true,
        resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: options.timeoutSeconds,
        labelSelector: args.labelSelector || undefined,
        fieldSelector: args.fieldSelector || undefined,
      },
      // The server ends the request after timeoutSeconds; silence well past that means a dead connection.
      timeoutMs: (options.timeoutSeconds + 30) * 1000,
    }, (event) => {
      if (closed || expired || failure) return;
      const object = event.object ?? {};
      if (event.type === 'ERROR') {
        const status = object as { code?: number; reason?: string; message?: string; details?: Record<string, unknown> };
        if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') expired = true;
        else failure = new KubeApiError(status.code ?? 500, status.reason ?? 'InternalError', status.message ?? 'the watch sent an error', status.details);
        stream.close();
        return;
      }
      const version = (object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
      if (event.type === 'BOOKMARK') {
        if (version) resourceVersion = version;
        return;
      }
      if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') return;
      events++;
      args.onChange({ type: event.type, object: { apiVersion, kind: resource.kind, ...object } });
      // Only after the caller has the change: a reconnect then resumes after it, never before.
      if (version) resourceVersion = version;
    });
    closeStream = () => stream.close();
    try {
      await stream.done;
    } finally {
      closeStream = undefined;
    }
    if (failure) throw failure;
    return { expired, events };
  };

  const run = async (): Promise<void> => {
    let resync: WatchResync['reason'] | undefined = resourceVersion === undefined ? 'initial' : undefined;
    let failures = 0;
    while (!closed) {
      const started = Date.now();
      try {
        if (resync) {
          const list = await listObjects({ client, resource, namespace: args.namespace, labelSelector: args.labelSelector, fieldSelector: args.fieldSelector, pageSize: options.pageSize, signal: stopper.signal });
          if (closed) break;
          resourceVersion = list.resourceVersion;
          args.onResync({ reason: resync, items: list.items, resourceVersion: list.resourceVersion });
          resync = undefined;
        }
        const outcome = await watchOnce();
        if (closed) break;
        if (outcome.expired) {
          resync = 'expired';
          continue;
        }
        // The server ended the request (its timeout): a healthy watch, unless it ends at once, again and again.
        if (outcome.events > 0 || Date.now() - started >= Math.min(1000, options.timeoutSeconds * 500)) {
          failures = 0;
          continue;
        }
        throw new ClusterUnreachableError(client.connection.server, `the watch of ${path} ended as soon as it started`);
      } catch (error) {
        if (closed) break;
        if (error instanceof KubeApiError && (error.status === 410 || error.reason === 'Expired')) {
          resync = 'expired';
          continue;
        }
        if (!recoverable(error)) throw error;
        failures++;
        if (failures > options.maxReconnects) throw error;
        args.onReconnect?.({ failures, error: error as Error });
        await pause(Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** (failures - 1)));
      }
    }
  };

  const done = run().finally(() => {
    closed = true;
    args.signal?.removeEventListener('abort', close);
  });
  return {
    done,
    close,
    get resourceVersion() {
      return resourceVersion;
    },
  };
}

/** recoverable: worth reconnecting after — no answer, throttling, a server-side error, credentials that a refresh may fix. */
function recoverable(error: unknown): boolean {
  if (error instanceof ClusterUnreachableError) return true;
  if (error instanceof KubeApiError) return error.status === 401 || error.status === 429 || error.status >= 500;
  return false;
}
