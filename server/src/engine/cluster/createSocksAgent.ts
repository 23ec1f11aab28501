import type * as http from 'node:http';
import type * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { LoadedKubeConfig } from './loadKubeConfig';
import type { TlsSettings } from './readTlsSettings';

/**
 * createSocksAgent gets client-node's SOCKS proxy agent (socks-proxy-agent) for a context, with the
 * context's TLS settings. Only TLS material goes into the KubeConfig it is asked from, so no
 * credential plugin runs here. These connections are not kept alive: client-node does not pass that option.
 */
export async function createSocksAgent(args: { kubeconfig: LoadedKubeConfig; tls: TlsSettings; proxyUrl: string }): Promise<http.Agent> {
  const { cluster } = args.kubeconfig;
  const config = new KubeConfig();
  const user = {
    name: 'tls',
    ...(args.tls.cert && args.tls.key ? { certData: args.tls.cert.toString('base64'), keyData: args.tls.key.toString('base64') } : {}),
  };
  config.loadFromOptions({
    clusters: [{ ...cluster, caFile: undefined, caData: args.tls.ca?.toString('base64'), proxyUrl: args.proxyUrl }],
    users: [user],
    contexts: [{ name: 'tls', cluster: cluster.name, user: user.name }],
    currentContext: 'tls',
  });
  const options: https.RequestOptions = {};
  await config.applyToHTTPSOptions(options);
  return options.agent as http.Agent;
}
