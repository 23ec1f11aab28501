import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, Context } from '@kubernetes/client-node/dist/config_types.js';
import { definedOnly } from './definedOnly';
import { KubeconfigError } from './errors/KubeconfigError';
import { findKubeconfigFiles, type KubeconfigLocations } from './findKubeconfigFiles';
import type { KubeConnection } from './KubeClient';
import { mergeKubeconfigFiles, type MergedKubeconfig } from './mergeKubeconfigFiles';
import { proxyFromEnvironment } from './proxyFromEnvironment';
import { readKubeconfigFile, type KubeconfigUser } from './readKubeconfigFile';
import { runsCommandForCredentials } from './runsCommandForCredentials';

/** LoadKubeConfigOptions say which kubeconfig, context and namespace to use. */
export interface LoadKubeConfigOptions {
  /** Kubeconfig files named by the user (like kubectl's --kubeconfig); when empty, KUBECONFIG, then ~/.kube/config. */
  kubeconfigPaths: string[];
  /** The context to use; the kubeconfig's current-context when undefined. */
  context: string | undefined;
  /** A namespace that overrides the context's. */
  namespace: string | undefined;
  /** Where KUBECONFIG, HOME, proxies and the in-cluster variables are read from. */
  env: NodeJS.ProcessEnv;
  /** Where a pod's service account is mounted, used when no kubeconfig exists inside a cluster. */
  serviceAccountDir: string;
}

export function defaultLoadKubeConfigOptions(): LoadKubeConfigOptions {
  return { kubeconfigPaths: [], context: undefined, namespace: undefined, env: process.env, serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount' };
}

/** LoadedKubeConfig is one resolved context: where to connect, as whom, and client-node's view of it for authentication. */
export interface LoadedKubeConfig {
  connection: KubeConnection;
  cluster: Cluster;
  /** The context's user; undefined for anonymous access. */
  user: KubeconfigUser | undefined;
  /** The proxy to connect through: the cluster's proxy-url, else HTTPS_PROXY/HTTP_PROXY unless NO_PROXY says otherwise. */
  proxyUrl: string | undefined;
  /** Whether the caller trusts the workspace, which exec credential plugins need. */
  trusted: boolean;
  /** client-node's KubeConfig holding only this context (its current one), for exec plugins and auth providers. */
  kubeConfig: KubeConfig;
}

/**
 * loadKubeConfig resolves a kubeconfig context the way kubectl does: files from the caller, KUBECONFIG
 * (merged, first file wins per entry) or ~/.kube/config, else a pod's service account; the context
 * (current-context by default), its cluster, user and namespace. A user whose credentials come from a
 * command (an exec plugin, or an auth provider's cmd-path) is refused with ExecPluginUntrusted unless
 * `trusted` is true, before anything runs. It does not use client-node's loadFromDefault, whose merge
 * throws on duplicate names and which silently falls back to http://localhost:8080 when nothing is
 * found; no kubeconfig is a KubeconfigMissing error naming where it looked.
 */
export function loadKubeConfig(args: { trusted: boolean } & Partial<LoadKubeConfigOptions>): LoadedKubeConfig {
  const options: LoadKubeConfigOptions = { ...defaultLoadKubeConfigOptions(), ...definedOnly(args) };
  const locations = findKubeconfigFiles({ env: options.env, explicitPaths: options.kubeconfigPaths });
  let merged: MergedKubeconfig;
  if (locations.source === 'explicit' && locations.existing.length < locations.candidates.length) {
    const missing = locations.candidates.filter((file) => !locations.existing.includes(file));
    throw new KubeconfigError('KubeconfigMissing', missing.length === 1 ? `the kubeconfig ${missing[0]} does not exist` : `the kubeconfigs ${missing.join(', ')} do not exist`);
  }
  if (locations.existing.length > 0) {
    merged = mergeKubeconfigFiles({ files: locations.existing.map((file) => readKubeconfigFile({ path: file })) });
  } else {
    const inCluster = inClusterKubeconfig({ env: options.env, serviceAccountDir: options.serviceAccountDir });
    if (!inCluster) throw new KubeconfigError('KubeconfigMissing', missingMessage(locations));
    merged = inCluster;
  }

  const contextName = options.context ?? merged.currentContext;
  const available = merged.contexts.map((context) => context.name);
  const where = merged.files.length > 0 ? merged.files.join(', ') : 'the service account';
  if (!contextName) {
    throw new KubeconfigError('ContextNotFound', available.length > 0
      ? `no context chosen and ${where} sets no current-context; choose one of: ${available.join(', ')}`
      : `${where} defines no contexts`);
  }
  const context = merged.contexts.find((candidate) => candidate.name === contextName);
  if (!context) {
    throw new KubeconfigError('ContextNotFound', `context "${contextName}" is not in ${where}${available.length > 0 ? `; contexts: ${available.join(', ')}` : ''}`);
  }
  const cluster = merged.clusters.find((candidate) => candidate.name === context.cluster);
  if (!cluster) throw new KubeconfigError('KubeconfigInvalid', `context "${context.name}" names cluster "${context.cluster}", which is not in ${where}`);
  const user = context.user ? merged.users.find((candidate) => candidate.name === context.user) : undefined;
  if (context.user && !user) throw new KubeconfigError('KubeconfigInvalid', `context "${context.name}" names user "${context.user}", which is not in ${where}`);

  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw new KubeconfigError('KubeconfigInvalid', `cluster "${cluster.name}" has a server that is not a URL: ${cluster.server}`);
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') {
    throw new KubeconfigError('KubeconfigInvalid', `cluster "${cluster.name}" has a server that is neither https:// nor http://: ${cluster.server}`);
  }
  const command = user ? runsCommandForCredentials(user) : undefined;
  if (command !== undefined && !args.trusted) {
    throw new KubeconfigError('ExecPluginUntrusted',
      `context "${context.name}" gets its credentials by running ${command ? `"${command}"` : 'a command'} (user "${user!.name}"); ` +
      'credential plugins run only in a trusted workspace');
  }

  const warnings: string[] = [];
  if (server.protocol === 'http:') warnings.push(`context "${context.name}" talks to ${server.origin} over plain http: nothing is encrypted`);
  else if (cluster.skipTLSVerify) {
    warnings.push(`TLS verification is off for context "${context.name}" (insecure-skip-tls-verify): the server's identity is not checked` +
      (cluster.caData || cluster.caFile ? ' and its certificate-authority is ignored' : ''));
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters: [cluster], users: user ? [user] : [], contexts: [context], currentContext: context.name });
  return {
    connection: {
      server: cluster.server,
      context: context.name,
      namespace: options.namespace || context.namespace || 'default',
      user: user?.name ?? '',
      cluster: cluster.name,
      kubeconfigFiles: merged.files,
      warnings,
    },
    cluster,
    user,
    proxyUrl: cluster.proxyUrl || proxyFromEnvironment({ env: options.env, server }),
    trusted: args.trusted,
    kubeConfig,
  };
}

function missingMessage(locations: KubeconfigLocations): string {
  const looked = locations.source === 'KUBECONFIG'
    ? `KUBECONFIG names ${locations.candidates.join(', ')}, and none of them exists`
    : `KUBECONFIG is not set and ${locations.candidates[0]} does not exist`;
  return `no kubeconfig found: ${looked}, and this is not a pod with a service account. ` +
    "Create one with your cluster's tooling (kind, k3d, aws eks update-kubeconfig, gcloud …) or point KUBECONFIG at it";
}

/** inClusterKubeconfig is a pod's service account as a one-context kubeconfig, when the process runs in a cluster. */
function inClusterKubeconfig(args: { env: NodeJS.ProcessEnv; serviceAccountDir: string }): MergedKubeconfig | undefined {
  const host = args.env.KUBERNETES_SERVICE_HOST;
  const port = args.env.KUBERNETES_SERVICE_PORT;
  const tokenFile = path.join(args.serviceAccountDir, 'token');
  if (!host || !port || !fs.existsSync(tokenFile)) return undefined;
  let namespace: string | undefined;
  try {
    namespace = fs.readFileSync(path.join(args.serviceAccountDir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    namespace = undefined;
  }
  const cluster: Cluster = { name: 'in-cluster', server: `https://${net.isIPv6(host) ? `[${host}]` : host}:${port}`, caFile: path.join(args.serviceAccountDir, 'ca.crt'), skipTLSVerify: false };
  const user: KubeconfigUser = { name: 'service-account', tokenFile };
  const context: Context = { name: 'in-cluster', cluster: cluster.name, user: user.name, ...(namespace ? { namespace } : {}) };
  return { files: [], clusters: [cluster], users: [user], contexts: [context], currentContext: context.name };
}
