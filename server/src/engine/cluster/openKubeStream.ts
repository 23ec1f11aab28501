import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeWatchEvent } from './KubeClient';
import type { KubeConnectionFailure } from './sendKubeRequest';
import { formatDuration } from './sendKubeRequest';

/** KubeStreamFailure says why a stream ended early: no answer (connection), or an answer outside 2xx (its body). */
export type KubeStreamFailure = { kind: 'connection'; error: KubeConnectionFailure } | { kind: 'status'; status: number; body: Buffer };

/**
 * openKubeStream runs one streaming GET (a watch) and hands each newline-delimited JSON line to
 * onEvent. `idleTimeoutMs` bounds the wait for the answer and every silence after it. `done`
 * resolves when the server ends the stream or close() is called, and rejects with a
 * KubeStreamFailure, or with the error onEvent threw.
 */
export function openKubeStream(args: {
  agent: http.Agent;
  url: URL;
  headers: http.OutgoingHttpHeaders;
  idleTimeoutMs: number;
  signal?: AbortSignal;
  onEvent: (event: KubeWatchEvent) => void;
}): { done: Promise<void>; close(): void } {
  let closed = false;
  let request: http.ClientRequest | undefined;
  let settle: { resolve(): void; reject(reason: unknown): void } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (failure?: unknown) => {
    if (!settle) return;
    const { resolve, reject } = settle;
    settle = undefined;
    args.signal?.removeEventListener('abort', close);
    if (failure === undefined || closed) resolve();
    else reject(failure);
  };
  const close = () => {
    closed = true;
    request?.destroy();
    finish();
  };
  if (args.signal?.aborted) {
    close();
    return { done, close };
  }
  args.signal?.addEventListener('abort', close, { once: true });

  const transport = args.url.protocol === 'https:' ? https : http;
  request = transport.request(args.url, { method: 'GET', headers: args.headers, agent: args.agent });
  const current = request;
  current.setTimeout(args.idleTimeoutMs, () => {
    const error: KubeConnectionFailure = new Error(`the watch was silent for ${formatDuration(args.idleTimeoutMs)}`);
    error.code = 'ETIMEDOUT';
    error.timedOut = true;
    current.destroy(error);
  });
  current.once('error', (error: KubeConnectionFailure) => finish({ kind: 'connection', error } satisfies KubeStreamFailure));
  current.once('response', (response) => {
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => finish({ kind: 'status', status, body: Buffer.concat(chunks) } satisfies KubeStreamFailure));
      return;
    }
    response.setEncoding('utf8');
    let buffered = '';
    response.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while (!closed && (newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line === '') continue;
        let event: KubeWatchEvent;
        try {
          event = JSON.parse(line) as KubeWatchEvent;
        } catch {
          current.destroy();
          finish({ kind: 'connection', error: Object.assign(new Error('the watch sent a line that is not JSON'), { code: 'EBADWATCH' }) } satisfies KubeStreamFailure);
          return;
        }
        try {
          args.onEvent(event);
        } catch (error) {
          // The caller's handler failed: stop, and let done carry its error.
          current.destroy();
          finish(error ?? new Error('the watch handler failed'));
          return;
        }
      }
    });
    response.once('aborted', () => finish({ kind: 'connection', error: Object.assign(new Error('the watch connection was dropped'), { code: 'ECONNRESET' }) } satisfies KubeStreamFailure));
    response.once('error', (error: KubeConnectionFailure) => finish({ kind: 'connection', error } satisfies KubeStreamFailure));
    response.once('end', () => finish());
  });
  current.end();
  return { done, close };
}
