import type * as http from 'node:http';
import { serverVersion } from '../../version';
import { clusterUnreachableFrom } from './clusterUnreachableFrom';
import { createCredentialSource, type RequestCredentials } from './createCredentialSource';
import { createKubeAgent } from './createKubeAgent';
import { createRequestLimiter } from './createRequestLimiter';
import { createSocksAgent } from './createSocksAgent';
import { definedOnly } from './definedOnly';
import type { KubeClient, KubeRequest, KubeWatchEvent } from './KubeClient';
import { kubeApiErrorFromResponse } from './kubeApiErrorFromResponse';
import type { LoadedKubeConfig } from './loadKubeConfig';
import { openKubeStream, type KubeStreamFailure } from './openKubeStream';
import { readTlsSettings } from './readTlsSettings';
import { sendKubeRequest, type KubeConnectionFailure, type KubeExchange } from './sendKubeRequest';

/** KubeClientOptions tune how a client talks to the API server. */
export interface KubeClientOptions {
  /** Requests in flight at once (watch streams are not counted); the rest wait. */
  maxConcurrentRequests: number;
  /** Default per-request timeout, from sending to the last byte of the answer. */
  requestTimeoutMs: number;
  /** Retries of one request after 429, a 5xx with Retry-After, or a dropped connection of an idempotent request. */
  maxRetries: number;
  /** The longest Retry-After honoured; a server asking for more gets its 429 passed on rather than a shorter wait. */
  maxRetryWaitMs: number;
  /** How long an exec credential plugin may take. */
  credentialTimeoutMs: number;
  userAgent: string;
  /** Called once per distinct `Warning` header the server sends (deprecated APIs, unknown fields…). */
  onWarning: ((warning: string) => void) | undefined;
}

export function defaultKubeClientOptions(): KubeClientOptions {
  return {
    maxConcurrentRequests: 8,
    requestTimeoutMs: 30_000,
    maxRetries: 4,
    maxRetryWaitMs: 30_000,
    credentialTimeoutMs: 120_000,
    userAgent: `gitops-workbench/${serverVersion} (node ${process.version})`,
    onWarning: undefined,
  };
}

/**
 * createKubeClient makes the KubeClient of one kubeconfig context: JSON over node:https with a
 * keep-alive agent (through the context's proxy, if any), TLS and credentials from the kubeconfig,
 * at most `maxConcurrentRequests` requests at once, 429 and Retry-After honoured with bounded retries,
 * a dropped connection retried for idempotent requests, one credential refresh after a 401 (token
 * files and exec plugins), and timeouts. A request keeps its slot while it waits out a Retry-After,
 * so a throttled client slows down as a whole, as the server asks. Errors: KubeApiError when the server answered outside 2xx,
 * ClusterUnreachableError when it did not answer, KubeconfigError for unreadable credentials.
 */
export function createKubeClient(args: { kubeconfig: LoadedKubeConfig } & Partial<KubeClientOptions>): KubeClient {
  const options: KubeClientOptions = { ...defaultKubeClientOptions(), ...definedOnly(args) };
  const { kubeconfig } = args;
  const connection = kubeconfig.connection;
  const server = new URL(kubeconfig.cluster.server);
  const basePath = server.pathname.replace(/\/+$/, '');
  const tls = readTlsSettings({ kubeconfig });
  const credentials = createCredentialSource({ kubeconfig, timeoutMs: options.credentialTimeoutMs });
  const limiter = createRequestLimiter({ limit: options.maxConcurrentRequests });
  const agents = createAgentPool({ kubeconfig, server, tls, maxFreeSockets: options.maxConcurrentRequests });
  const warned = new Set<string>();

  const urlOf = (request: KubeRequest): URL => {
    const url = new URL(`${server.origin}${basePath}${request.path.startsWith('/') ? '' : '/'}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    return url;
  };
  const headersOf = (request: KubeRequest, given: RequestCredentials, body: Buffer | undefined): http.OutgoingHttpHeaders => ({
    Accept: request.accept ?? 'application/json',
    'User-Agent': options.userAgent,
    ...(body ? { 'Content-Type': request.contentType ?? 'application/json', 'Content-Length': body.length } : {}),
    ...given.headers,
  });
  const what = (request: KubeRequest) => `${request.method} ${request.path}`;
  const reportWarnings = (headers: http.IncomingHttpHeaders) => {
    if (!options.onWarning || !headers.warning) return;
    for (const warning of parseWarnings(headers.warning)) {
      if (warned.has(warning)) continue;
      warned.add(warning);
      options.onWarning(warning);
    }
  };

  const exchange = async (request: KubeRequest): Promise<KubeExchange> => {
    const body = request.body === undefined ? undefined : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
    const timeoutMs = request.timeoutMs ?? options.requestTimeoutMs;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const given = await credentials.get(request.signal);
      const agent = await agents.agentFor(given);
      let answer: KubeExchange;
      try {
        answer = await sendKubeRequest({ agent, url: urlOf(request), method: request.method, headers: headersOf(request, given, body), body, timeoutMs, signal: request.signal });
      } catch (error) {
        const failure = error as KubeConnectionFailure;
        if (failure.name === 'AbortError' || request.signal?.aborted) throw error;
        if (attempt < options.maxRetries && mayRetryAfterDrop(request, failure)) {
          await sleep(Math.min(2000, 100 * 2 ** attempt), request.signal);
          continue;
        }
        throw clusterUnreachableFrom({ server: connection.server, cluster: kubeconfig.cluster.name, error: failure, what: what(request) });
      }
      reportWarnings(answer.headers);
      if (answer.status >= 200 && answer.status < 300) return answer;
      if (answer.status === 401 && !refreshed && credentials.refresh()) {
        refreshed = true;
        continue;
      }
      const retryAfter = retryAfterMs(answer.headers['retry-after']);
      const throttled = answer.status === 429 || (answer.status >= 500 && retryAfter !== undefined);
      if (throttled && attempt < options.maxRetries) {
        const waitMs = retryAfter ?? Math.min(8000, 500 * 2 ** attempt);
        if (waitMs <= options.maxRetryWaitMs) {
          await sleep(waitMs, request.signal);
          continue;
        }
      }
      throw kubeApiErrorFromResponse({ status: answer.status, body: answer.body, method: request.method, path: request.path });
    }
  };

  return {
    connection,
    request<T>(request: KubeRequest): Promise<T> {
      return limiter.run(async () => parseBody<T>(await exchange(request)), request.signal);
    },
    stream(request: KubeRequest, onEvent: (event: KubeWatchEvent) => void) {
      let inner: { done: Promise<void>; close(): void } | undefined;
      let closed = false;
      const done = (async () => {
        const given = await credentials.get(request.signal);
        const agent = await agents.agentFor(given);
        if (closed) return;
        inner = openKubeStream({ agent, url: urlOf(request), headers: headersOf(request, given, undefined), idleTimeoutMs: request.timeoutMs ?? options.requestTimeoutMs, signal: request.signal, onEvent });
        try {
          await inner.done;
        } catch (failure) {
          const streamFailure = failure as KubeStreamFailure;
          if (streamFailure?.kind === 'status') {
            // A rejected watch may mean expired credentials: the next request (or reconnect) asks for new ones.
            if (streamFailure.status === 401) credentials.refresh();
            throw kubeApiErrorFromResponse({ status: streamFailure.status, body: streamFailure.body, method: 'GET', path: request.path });
          }
          if (streamFailure?.kind === 'connection') {
            throw clusterUnreachableFrom({ server: connection.server, cluster: kubeconfig.cluster.name, error: streamFailure.error, what: `watch ${request.path}` });
          }
          throw failure;
        }
      })();
      return {
        done,
        close() {
          closed = true;
          inner?.close();
        },
      };
    },
    close() {
      agents.destroy();
    },
  };
}

/** mayRetryAfterDrop: a dropped connection is retried for requests that are safe to repeat, and for any request that went out on a kept-alive connection the server had already closed. */
function mayRetryAfterDrop(request: KubeRequest, failure: KubeConnectionFailure): boolean {
  const dropped = failure.code === 'ECONNRESET' || failure.code === 'EPIPE' || failure.code === 'ECONNABORTED';
  if (!dropped) return false;
  const idempotent = request.method === 'GET' || request.method === 'DELETE' || (request.method === 'PATCH' && request.contentType === 'application/apply-patch+yaml');
  return idempotent || failure.reusedSocket === true;
}

/** retryAfterMs reads Retry-After: delay-seconds or an HTTP date. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** parseWarnings reads `Warning: 299 - "text"` headers (RFC 7234 warn-value, as the API server writes them). */
function parseWarnings(header: string | string[]): string[] {
  const values = Array.isArray(header) ? header : [header];
  const warnings: string[] = [];
  for (const value of values) {
    const pattern = /\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g;
    let match: RegExpExecArray | null;
    let found = false;
    while ((match = pattern.exec(value))) {
      found = true;
      warnings.push(match[1].replace(/\\(.)/g, '$1'));
    }
    if (!found && value.trim()) warnings.push(value.trim());
  }
  return warnings;
}

function parseBody<T>(answer: KubeExchange): T {
  const text = answer.body.toString('utf8');
  if (text.trim() === '') return {} as T;
  const type = String(answer.headers['content-type'] ?? '');
  // Non-JSON answers (/healthz, /version on odd proxies) come back as text.
  if (!type.includes('json') && !/^\s*[{[]/.test(text)) return text as T;
  return JSON.parse(text) as T;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * createAgentPool owns the client's agents: one for the kubeconfig's TLS identity, and one per
 * client certificate an exec plugin hands out (a rotated certificate needs new connections; the old
 * agent's idle connections are closed).
 */
function createAgentPool(args: { kubeconfig: LoadedKubeConfig; server: URL; tls: ReturnType<typeof readTlsSettings>; maxFreeSockets: number }) {
  const { kubeconfig, server, tls, maxFreeSockets } = args;
  const socks = kubeconfig.proxyUrl !== undefined && /^socks/i.test(kubeconfig.proxyUrl);
  const make = (settings: typeof tls): Promise<http.Agent> =>
    socks
      ? createSocksAgent({ kubeconfig, tls: settings, proxyUrl: kubeconfig.proxyUrl! })
      : Promise.resolve(createKubeAgent({ server, tls: settings, proxyUrl: kubeconfig.proxyUrl, maxFreeSockets }));
  const base = make(tls);
  let certificateAgent: { cert: string; agent: Promise<http.Agent> } | undefined;
  const all = new Set<Promise<http.Agent>>([base]);
  return {
    agentFor(given: RequestCredentials): Promise<http.Agent> {
      const certificate = given.clientCertificate;
      if (!certificate) return base;
      const cert = certificate.cert.toString();
      if (certificateAgent?.cert !== cert) {
        const previous = certificateAgent?.agent;
        certificateAgent = { cert, agent: make({ ...tls, cert: Buffer.from(certificate.cert), key: Buffer.from(certificate.key) }) };
        all.add(certificateAgent.agent);
        if (previous) {
          all.delete(previous);
          // Requests in flight finish on their sockets; idle ones close now.
          void previous.then((agent) => setTimeout(() => agent.destroy(), 60_000).unref());
        }
      }
      return certificateAgent.agent;
    },
    destroy() {
      for (const agent of all) void agent.then((value) => value.destroy(), () => undefined);
    },
  };
}
