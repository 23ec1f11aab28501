import { bufferFromFileOrString } from '@kubernetes/client-node/dist/config.js';
import { KubeconfigError } from './errors/KubeconfigError';
import type { LoadedKubeConfig } from './loadKubeConfig';

/** TlsSettings are the TLS options of every connection to one cluster. */
export interface TlsSettings {
  /** The CA bundle to trust; undefined trusts Node's bundled roots. */
  ca?: Buffer;
  /** The kubeconfig's client certificate and key (PEM). */
  cert?: Buffer;
  key?: Buffer;
  /** False only with insecure-skip-tls-verify. */
  rejectUnauthorized: boolean;
  /** tls-server-name: the name the server certificate must carry, when it differs from the URL's host. */
  servername?: string;
}

/**
 * readTlsSettings reads a context's TLS material once: certificate-authority(-data), unless
 * insecure-skip-tls-verify, and client-certificate/client-key(-data). Unreadable files are
 * KubeconfigInvalid errors naming the file, never its content.
 */
export function readTlsSettings(args: { kubeconfig: LoadedKubeConfig }): TlsSettings {
  const { cluster, user } = args.kubeconfig;
  const read = (what: string, file: string | undefined, data: string | undefined): Buffer | undefined => {
    try {
      return bufferFromFileOrString(file, data) ?? undefined;
    } catch (error) {
      throw new KubeconfigError('KubeconfigInvalid', `cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const settings: TlsSettings = { rejectUnauthorized: !cluster.skipTLSVerify };
  if (!cluster.skipTLSVerify) settings.ca = read(`certificate-authority of cluster "${cluster.name}"`, cluster.caFile, cluster.caData);
  if (cluster.tlsServerName) settings.servername = cluster.tlsServerName;
  if (user) {
    settings.cert = read(`client-certificate of user "${user.name}"`, user.certFile, user.certData);
    settings.key = read(`client-key of user "${user.name}"`, user.keyFile, user.keyData);
    if (Boolean(settings.cert) !== Boolean(settings.key)) {
      throw new KubeconfigError('KubeconfigInvalid', `user "${user.name}" has a client ${settings.cert ? 'certificate without a key' : 'key without a certificate'}`);
    }
  }
  return settings;
}
