import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type * as https from 'node:https';
import { bufferFromFileOrString, KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { definedOnly } from './definedOnly';
import { KubeconfigError } from './errors/KubeconfigError';
import type { LoadedKubeConfig } from './loadKubeConfig';
import type { KubeconfigUser } from './readKubeconfigFile';
import { runsCommandForCredentials } from './runsCommandForCredentials';

/** RequestCredentials are what one request presents: headers, and a client certificate when an exec plugin hands one out. */
export interface RequestCredentials {
  /** Authorization and Impersonate-User headers. Never log them. */
  headers: Record<string, string>;
  /** A client certificate from an exec plugin (a kubeconfig's own certificate is on the agent already). */
  clientCertificate?: { cert: string | Buffer; key: string | Buffer };
}

/** CredentialSource hands out the credentials of a kubeconfig user, caching what is costly to get. */
export interface CredentialSource {
  get(signal?: AbortSignal): Promise<RequestCredentials>;
  /** refresh forgets cached credentials after the server rejected them (401); false when asking again cannot change them. */
  refresh(): boolean;
}

/** CredentialSourceOptions bound how long credentials are reused and how long a plugin may take. */
export interface CredentialSourceOptions {
  /** How long an exec plugin or auth provider may take (a plugin may be waiting on a browser login). */
  timeoutMs: number;
  /** How long a tokenFile's content is reused before it is read again (client-go: one minute). */
  tokenFileMaxAgeMs: number;
  /**
   * How long credentials from an exec plugin or auth provider are reused before client-node is asked
   * again (it caches a credential until its expirationTimestamp, but re-runs a plugin on every call
   * when the credential has none). A 401 refreshes them at once.
   */
  commandCredentialMaxAgeMs: number;
}

export function defaultCredentialSourceOptions(): CredentialSourceOptions {
  return { timeoutMs: 120_000, tokenFileMaxAgeMs: 60_000, commandCredentialMaxAgeMs: 60_000 };
}

/**
 * createCredentialSource turns a kubeconfig user into request credentials: a bearer token, a
 * tokenFile (re-read every minute and after a 401, trimmed), basic auth, impersonation, or — in a
 * trusted workspace only — an exec credential plugin or auth provider run through client-node, with
 * KUBERNETES_EXEC_INFO set for the plugin (client-node never sets it), a timeout, and one run shared by
 * concurrent requests.
 */
export function createCredentialSource(args: { kubeconfig: LoadedKubeConfig } & Partial<CredentialSourceOptions>): CredentialSource {
  const options: CredentialSourceOptions = { ...defaultCredentialSourceOptions(), ...definedOnly(args) };
  const { kubeconfig } = args;
  const user = kubeconfig.user;
  if (!user) return { get: async () => ({ headers: {} }), refresh: () => false };
  const fixedHeaders: Record<string, string> = {};
  if (user.impersonateUser) fixedHeaders['Impersonate-User'] = user.impersonateUser;

  const command = runsCommandForCredentials(user);
  if (command !== undefined || user.authProvider) return commandCredentials({ kubeconfig, user, command, options });
  if (user.tokenFile) return tokenFileCredentials({ tokenFile: user.tokenFile, userName: user.name, fixedHeaders, maxAgeMs: options.tokenFileMaxAgeMs });
  const headers = { ...fixedHeaders };
  if (user.token) headers.Authorization = `Bearer ${user.token.trim()}`;
  else if (user.username) headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
  return { get: async () => ({ headers }), refresh: () => false };
}

function tokenFileCredentials(args: { tokenFile: string; userName: string; fixedHeaders: Record<string, string>; maxAgeMs: number }): CredentialSource {
  let cached: { readAt: number; value: Promise<RequestCredentials> } | undefined;
  const read = async (): Promise<RequestCredentials> => {
    let token: string;
    try {
      token = (await readFile(args.tokenFile, 'utf8')).trim();
    } catch (error) {
      throw new KubeconfigError('KubeconfigInvalid', `cannot read the tokenFile ${args.tokenFile} of user "${args.userName}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (token === '') throw new KubeconfigError('KubeconfigInvalid', `the tokenFile ${args.tokenFile} of user "${args.userName}" is empty`);
    return { headers: { ...args.fixedHeaders, Authorization: `Bearer ${token}` } };
  };
  return {
    get() {
      if (!cached || Date.now() - cached.readAt > args.maxAgeMs) {
        const value = read();
        cached = { readAt: Date.now(), value };
        // A failed read is not kept: the file may appear a moment later.
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
    refresh() {
      cached = undefined;
      return true;
    },
  };
}

function commandCredentials(args: { kubeconfig: LoadedKubeConfig; user: KubeconfigUser; command: string | undefined; options: CredentialSourceOptions }): CredentialSource {
  const { kubeconfig, user, command, options } = args;
  if (command !== undefined && !kubeconfig.trusted) {
    // loadKubeConfig refuses these already; this keeps a hand-made LoadedKubeConfig from running a plugin.
    throw new KubeconfigError('ExecPluginUntrusted', `context "${kubeconfig.connection.context}" gets its credentials by running a command; credential plugins run only in a trusted workspace`);
  }
  const what = command !== undefined ? `the credential plugin${command ? ` "${command}"` : ''} of user "${user.name}"` : `the auth provider of user "${user.name}"`;
  const authConfig = () => {
    // Only the authentication part of the user: the agent already carries the kubeconfig's TLS files, and a
    // placeholder cluster keeps client-node from reading CA files or refusing http:// on every call.
    const authUser = { ...user, certFile: undefined, keyFile: undefined, certData: undefined, keyData: undefined, tokenFile: undefined, exec: withExecInfo(user.exec, kubeconfig) };
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'credentials', server: 'https://credentials.invalid', skipTLSVerify: false }],
      users: [authUser],
      contexts: [{ name: 'credentials', cluster: 'credentials', user: user.name }],
      currentContext: 'credentials',
    });
    return config;
  };
  // The plugin processes client-node started and that have not ended: a plugin past the timeout is stopped, not left behind.
  const running = new Set<ChildProcess>();
  const configWithTracking = () => trackPluginProcesses({ config: authConfig(), running });
  let config = configWithTracking();
  let cached: { at: number; value: Promise<RequestCredentials> } | undefined;
  const run = async (): Promise<RequestCredentials> => {
    const request: https.RequestOptions = {};
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stopPlugins(running);
        reject(new KubeconfigError('ExecPluginFailed', `${what} gave no credentials within ${Math.round(options.timeoutMs / 1000)} s; it was stopped`));
      }, options.timeoutMs);
    });
    try {
      await Promise.race([config.applyToHTTPSOptions(request), timeout]);
    } catch (error) {
      if (error instanceof KubeconfigError) throw error;
      throw new KubeconfigError(command !== undefined ? 'ExecPluginFailed' : 'KubeconfigInvalid', `${what} failed: ${describeFailure(error, user)}`);
    } finally {
      clearTimeout(timer);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) if (typeof value === 'string') headers[name] = value;
    if (request.auth) headers.Authorization = `Basic ${Buffer.from(request.auth).toString('base64')}`;
    const cert = request.cert as string | Buffer | undefined;
    const key = request.key as string | Buffer | undefined;
    return { headers, ...(cert && key ? { clientCertificate: { cert, key } } : {}) };
  };
  return {
    get(signal) {
      if (!cached || Date.now() - cached.at > options.commandCredentialMaxAgeMs) {
        const value = run();
        cached = { at: Date.now(), value };
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      const value = cached.value;
      if (!signal) return value;
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        value.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    refresh() {
      // A fresh KubeConfig has fresh authenticators, whose credential caches are empty.
      config = configWithTracking();
      cached = undefined;
      return true;
    },
  };
}

/**
 * withExecInfo adds KUBERNETES_EXEC_INFO to an exec plugin's environment, as kubectl does: an
 * ExecCredential saying the session is not interactive and, when the kubeconfig asks with
 * provideClusterInfo, describing the cluster.
 */
function withExecInfo(exec: unknown, kubeconfig: LoadedKubeConfig): unknown {
  if (!exec || typeof exec !== 'object') return exec;
  const config = exec as { apiVersion?: string; env?: { name: string; value: string }[] | null; provideClusterInfo?: boolean };
  const cluster = kubeconfig.cluster;
  const spec: Record<string, unknown> = { interactive: false };
  if (config.provideClusterInfo) {
    let caData: string | undefined;
    try {
      caData = bufferFromFileOrString(cluster.caFile, cluster.caData)?.toString('base64');
    } catch {
      caData = undefined;
    }
    spec.cluster = {
      server: cluster.server,
      ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
      ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
      ...(caData ? { 'certificate-authority-data': caData } : {}),
      ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
    };
  }
  const info = { apiVersion: config.apiVersion ?? 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec };
  const env = (config.env ?? []).filter((entry) => entry.name !== 'KUBERNETES_EXEC_INFO');
  return { ...config, env: [...env, { name: 'KUBERNETES_EXEC_INFO', value: JSON.stringify(info) }] };
}

/** describeFailure words why a plugin failed: its stderr (client-node rejects with it), a missing command with the install hint, or bad output. */
function describeFailure(error: unknown, user: KubeconfigUser): string {
  const failure = error as NodeJS.ErrnoException;
  if (failure.code === 'ENOENT') {
    const hint = (user.exec as { installHint?: unknown } | null | undefined)?.installHint;
    return `command not found${typeof hint === 'string' && hint.trim() ? `. ${hint.trim()}` : ''}`;
  }
  if (error instanceof SyntaxError) return 'it printed no ExecCredential JSON';
  if (error instanceof TypeError) return 'it printed an ExecCredential without status';
  const text = String(failure.message ?? error).trim();
  if (text === '') return 'it exited with an error and printed nothing on stderr';
  return text.length > 500 ? `…${text.slice(-500)}` : text;
}

/**
 * trackPluginProcesses makes the exec authenticator of `config` record the plugin processes it
 * starts in `running` until they exit, and returns `config`.
 */
function trackPluginProcesses(args: { config: KubeConfig; running: Set<ChildProcess> }): KubeConfig {
  // client-node keeps its authenticators private and starts a plugin through the ExecAuth's `execFn`
  // (child_process.spawn) without a timeout: wrapping that function is the only way to learn the child.
  const authenticators = (args.config as unknown as { authenticators?: Array<{ execFn?: unknown }> }).authenticators ?? [];
  for (const authenticator of authenticators) {
    const start = authenticator.execFn;
    if (typeof start !== 'function') continue;
    authenticator.execFn = (...spawnArgs: unknown[]): ChildProcess => {
      const child = (start as (...startArgs: unknown[]) => ChildProcess)(...spawnArgs);
      args.running.add(child);
      child.once('exit', () => args.running.delete(child));
      child.once('error', () => args.running.delete(child));
      return child;
    };
  }
  return args.config;
}

/** stopPlugins ends plugin processes that ran out of time: SIGTERM, then SIGKILL for one that lingers. */
function stopPlugins(running: Set<ChildProcess>): void {
  for (const child of running) {
    child.kill('SIGTERM');
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 2000).unref();
  }
}
