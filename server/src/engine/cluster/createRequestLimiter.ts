/** RequestLimiter lets at most `limit` requests run at once; the others wait their turn, first come first served. */
export interface RequestLimiter {
  /** run waits for a slot (or the signal), runs the task and frees the slot. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

/** createRequestLimiter makes a RequestLimiter: a client's cap on concurrent API requests, so a refresh of many kinds does not flood the server. */
export function createRequestLimiter(args: { limit: number }): RequestLimiter {
  const limit = Math.max(1, Math.floor(args.limit));
  let active = 0;
  const queue: (() => void)[] = [];
  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (active < limit) {
      active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        active++;
        resolve();
      };
      const onAbort = () => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(grant);
    });
  };
  const release = () => {
    active--;
    queue.shift()?.();
  };
  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
