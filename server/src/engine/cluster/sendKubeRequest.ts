import * as http from 'node:http';
import * as https from 'node:https';

/** KubeExchange is one answered HTTP request: status, headers and the whole body. */
export interface KubeExchange {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** KubeConnectionFailure is the error of a request that got no answer, with what the retry logic needs to know. */
export type KubeConnectionFailure = NodeJS.ErrnoException & {
  /** The request went out on a kept-alive connection (the server may have closed it meanwhile). */
  reusedSocket?: boolean;
  /** No complete answer came within the timeout. */
  timedOut?: boolean;
};

/**
 * sendKubeRequest sends one request through an agent and reads the whole answer. `timeoutMs` bounds
 * everything from sending to the last byte. It rejects with a KubeConnectionFailure when no answer
 * arrives, or with the signal's AbortError.
 */
export function sendKubeRequest(args: {
  agent: http.Agent;
  url: URL;
  method: string;
  headers: http.OutgoingHttpHeaders;
  body?: Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<KubeExchange> {
  return new Promise((resolve, reject) => {
    const transport = args.url.protocol === 'https:' ? https : http;
    const request = transport.request(args.url, { method: args.method, headers: args.headers, agent: args.agent, signal: args.signal });
    const timer = setTimeout(() => {
      const error: KubeConnectionFailure = new Error(`no answer within ${formatDuration(args.timeoutMs)}`);
      error.code = 'ETIMEDOUT';
      error.timedOut = true;
      request.destroy(error);
    }, args.timeoutMs);
    const fail = (error: KubeConnectionFailure) => {
      clearTimeout(timer);
      if (error.name !== 'AbortError') error.reusedSocket = request.reusedSocket;
      reject(error);
    };
    request.once('error', fail);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', fail);
      response.once('aborted', () => fail(Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' })));
      response.once('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.end(args.body);
  });
}

/** formatDuration says a timeout in words: 500 ms, 30 s. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
