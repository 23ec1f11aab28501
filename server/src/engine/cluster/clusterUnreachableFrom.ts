import { ClusterUnreachableError } from './errors/ClusterUnreachableError';
import type { KubeConnectionFailure } from './sendKubeRequest';

const certificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
]);

/**
 * clusterUnreachableFrom explains why a request got no answer in the user's terms: refused, host not
 * found, timeout, an untrusted or mismatched server certificate (with the kubeconfig field to check),
 * a rejected client certificate, a dropped connection, a proxy's refusal.
 */
export function clusterUnreachableFrom(args: { server: string; cluster: string; error: KubeConnectionFailure; what: string }): ClusterUnreachableError {
  const { error } = args;
  const code = error.code ?? '';
  let detail: string;
  if (certificateCodes.has(code)) {
    detail = code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH'
      ? `the server's TLS certificate is not valid for this host (${error.message}); check the server URL or tls-server-name of cluster "${args.cluster}"`
      : `the server's TLS certificate is not trusted (${code}: ${error.message}); check certificate-authority(-data) of cluster "${args.cluster}"`;
  } else if (/alert (certificate required|bad certificate|unknown ca|certificate unknown)/i.test(error.message) || code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') {
    detail = `the server refused the client certificate (${error.message})`;
  } else if (code === 'ECONNREFUSED') detail = 'connection refused (is the cluster running, and is this its address?)';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') detail = `host not found (${error.message})`;
  else if (error.timedOut) detail = `${args.what}: ${error.message}`;
  else if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') detail = `${code}: ${error.message}`;
  else if (code === 'ECONNRESET' || code === 'EPIPE') detail = `${args.what}: the connection was dropped (${error.message})`;
  else detail = code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  return new ClusterUnreachableError(args.server, detail);
}
