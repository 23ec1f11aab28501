import { ClusterUnreachableError } from '../cluster/errors/ClusterUnreachableError';
import { KubeApiError } from '../cluster/errors/KubeApiError';
import { getObject } from '../cluster/getObject';
import type { ApiResource, KubeClient, KubeObject } from '../cluster/KubeClient';
import { watchObjects } from '../cluster/watchObjects';
import { asMap } from '../manifests/plainData';

/** FollowResult is how following an object ended: a verdict, the deadline, or cancellation; with the last state seen. */
export type FollowResult<T> = { state: 'decided'; verdict: T; object?: KubeObject } | { state: 'timed-out' | 'cancelled'; object?: KubeObject };

/** FollowObjectOptions tune the polling used when the object cannot be watched. */
export interface FollowObjectOptions {
  initialPollMs: number;
  maxPollMs: number;
}

export function defaultFollowObjectOptions(): FollowObjectOptions {
  return { initialPollMs: 500, maxPollMs: 5000 };
}

/**
 * followObject watches one object (a watch on its namespace with fieldSelector metadata.name, so
 * every change arrives as it happens) and hands each state to `decide` (undefined when it is
 * deleted or does not exist) until decide returns a verdict, `deadline` (epoch ms) passes, or the
 * signal aborts. When the server refuses the watch it polls instead, with backoff from
 * initialPollMs to maxPollMs. A cluster that stops answering rejects with ClusterUnreachableError.
 */
export function followObject<T>(args: {
  client: KubeClient;
  resource: ApiResource;
  namespace?: string;
  name: string;
  decide: (object: KubeObject | undefined) => T | undefined;
  deadline: number;
  signal?: AbortSignal;
  options?: Partial<FollowObjectOptions>;
}): Promise<FollowResult<T>> {
  const options = { ...defaultFollowObjectOptions(), ...args.options };
  const { client, resource, name } = args;
  return new Promise<FollowResult<T>>((resolve, reject) => {
    let settled = false;
    let last: KubeObject | undefined;
    let pollTimer: NodeJS.Timeout | undefined;
    const stopper = new AbortController();
    const cleanup = () => {
      settled = true;
      clearTimeout(deadlineTimer);
      if (pollTimer) clearTimeout(pollTimer);
      stopper.abort();
      args.signal?.removeEventListener('abort', onAbort);
    };
    const finish = (result: FollowResult<T>) => {
      if (settled) return;
      cleanup();
      resolve(result);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      cleanup();
      reject(error);
    };
    const consider = (object: KubeObject | undefined) => {
      if (settled) return;
      last = object;
      let verdict: T | undefined;
      try {
        verdict = args.decide(object);
      } catch (error) {
        fail(error);
        return;
      }
      if (verdict !== undefined) finish({ state: 'decided', verdict, ...(object ? { object } : {}) });
    };
    const onAbort = () => finish({ state: 'cancelled', ...(last ? { object: last } : {}) });
    const deadlineTimer = setTimeout(() => finish({ state: 'timed-out', ...(last ? { object: last } : {}) }), Math.max(0, args.deadline - Date.now()));
    if (args.signal?.aborted) return onAbort();
    args.signal?.addEventListener('abort', onAbort, { once: true });

    const poll = (delay: number) => {
      if (settled) return;
      getObject({ client, resource, name, namespace: args.namespace, signal: stopper.signal }).then(
        (object) => {
          consider(object);
          if (!settled) pollTimer = setTimeout(() => poll(Math.min(options.maxPollMs, Math.round(delay * 1.5))), delay);
        },
        (error: unknown) => {
          if (settled) return;
          if (error instanceof ClusterUnreachableError || !(error instanceof KubeApiError)) fail(error);
          else pollTimer = setTimeout(() => poll(Math.min(options.maxPollMs, delay * 2)), delay);
        },
      );
    };
    const isIt = (object: KubeObject) => asMap(object.metadata)?.name === name;
    const watch = watchObjects({
      client,
      resource,
      ...(args.namespace && resource.namespaced ? { namespace: args.namespace } : {}),
      fieldSelector: `metadata.name=${name}`,
      onResync: (resync) => consider(resync.items.find(isIt)),
      onChange: (change) => {
        if (isIt(change.object)) consider(change.type === 'DELETED' ? undefined : change.object);
      },
      maxReconnects: 3,
      signal: stopper.signal,
    });
    watch.done.then(
      () => undefined,
      (error: unknown) => {
        if (settled) return;
        // A refused watch (no watch permission, no field selector support): poll instead.
        if (error instanceof KubeApiError) poll(options.initialPollMs);
        else fail(error);
      },
    );
  });
}
