/** KubeConnection describes where a KubeClient talks to, for display and caching. */
export interface KubeConnection {
  /** The API server URL, like https://127.0.0.1:6443. */
  server: string;
  /** The kubeconfig context used. */
  context: string;
  /** The context's default namespace ("default" when it names none). */
  namespace: string;
  /** The kubeconfig user name (never its credentials). */
  user: string;
  /** The kubeconfig cluster name (always set by loadKubeConfig; optional so hand-made connections stay valid). */
  cluster?: string;
  /** The kubeconfig files the context came from, to reload when they change; empty for an in-cluster service account. */
  kubeconfigFiles?: string[];
  /** Things the user should know, like "TLS verification is off for context x (insecure-skip-tls-verify)". */
  warnings: string[];
}

/** KubeRequest is one HTTP request to the API server. */
export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, like /apis/apps/v1/namespaces/shop/deployments. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Defaults to application/json; patches say which kind (application/apply-patch+yaml, …). */
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** Per-request timeout; the client's default when absent. */
  timeoutMs?: number;
}

/** KubeWatchEvent is one line of a watch stream. */
export interface KubeWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

/**
 * KubeClient is the thin request layer over a kubeconfig context: TLS and credentials from the
 * kubeconfig, JSON in and out, a concurrency limit, 429 Retry-After honoured, timeouts. Errors are
 * KubeApiError (the server answered with a Status) or ClusterUnreachableError (it did not answer).
 */
export interface KubeClient {
  readonly connection: KubeConnection;
  /** request sends one request and returns the parsed JSON body of a 2xx answer. */
  request<T = Record<string, unknown>>(request: KubeRequest): Promise<T>;
  /**
   * stream opens a long-lived GET (watch) and calls onEvent per line until the server ends it or close() is called.
   * `timeoutMs` bounds the wait for the answer and then every silence between two chunks. `done` resolves when
   * the server ends the stream or close() is called, and rejects with KubeApiError (non-2xx answer) or
   * ClusterUnreachableError (the connection failed or dropped).
   */
  stream(request: KubeRequest, onEvent: (event: KubeWatchEvent) => void): { done: Promise<void>; close(): void };
  /** close releases sockets and agents. */
  close(): void;
}

/** ApiResource is one resource kind the server serves, from discovery. */
export interface ApiResource {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The plural resource name used in URLs. */
  plural: string;
  namespaced: boolean;
  verbs: string[];
  /** Lower-case singular name, like deployment (empty when the server does not say). */
  singularName?: string;
  /** Short names, like deploy. */
  shortNames?: string[];
  /** Categories, like all. */
  categories?: string[];
  /** Subresources, like status and scale. */
  subresources?: string[];
}

/** KubeObject is a Kubernetes object as JSON: apiVersion, kind, metadata and the rest. */
export type KubeObject = Record<string, unknown>;
