import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { TlsSettings } from './readTlsSettings';

/** KubeAgentOptions size the connection pool. */
export interface KubeAgentOptions {
  /** Idle connections kept open for reuse. */
  maxFreeSockets: number;
}

/**
 * createKubeAgent makes the keep-alive agent every request to one API server goes through: TLS
 * settings from the kubeconfig, and for an http(s) proxy a CONNECT tunnel per connection (the tunnel
 * and its TLS session are kept alive like a direct connection). SOCKS proxies are not handled here.
 */
export function createKubeAgent(args: { server: URL; tls: TlsSettings; proxyUrl?: string } & KubeAgentOptions): http.Agent {
  const common = { keepAlive: true, maxFreeSockets: args.maxFreeSockets, scheduling: 'lifo' as const };
  const tlsOptions: https.AgentOptions = {
    ...common,
    rejectUnauthorized: args.tls.rejectUnauthorized,
    ...(args.tls.ca ? { ca: args.tls.ca } : {}),
    ...(args.tls.cert ? { cert: args.tls.cert, key: args.tls.key } : {}),
    ...(args.tls.servername ? { servername: args.tls.servername } : {}),
  };
  const secure = args.server.protocol === 'https:';
  if (!args.proxyUrl) return secure ? new https.Agent(tlsOptions) : new http.Agent(common);
  const proxy = new URL(args.proxyUrl);
  const servername = args.tls.servername;
  if (secure) {
    return new (class extends https.Agent {
      override createConnection(options: http.ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): Duplex {
        openTunnel(proxy, options, (error, socket) => {
          if (error || !socket) return callback?.(error ?? new Error('no tunnel'), undefined as unknown as Duplex);
          const host = options.host ?? options.hostname ?? '';
          const name = servername ?? (net.isIP(host) ? undefined : host);
          // options carries the agent's TLS settings (Node merges them in before createConnection).
          const secured = tls.connect({ ...(options as tls.ConnectionOptions), socket, ...(name ? { servername: name } : {}) });
          callback?.(null, secured);
        });
        // Node waits for the callback when createConnection returns nothing.
        return undefined as unknown as Duplex;
      }
    })(tlsOptions);
  }
  return new (class extends http.Agent {
    override createConnection(options: http.ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): Duplex {
      openTunnel(proxy, options, (error, socket) => callback?.(error, socket as Duplex));
      return undefined as unknown as Duplex;
    }
  })(common);
}

/** openTunnel asks an http(s) proxy to CONNECT to the request's host and port, with Basic credentials from the proxy URL. */
function openTunnel(proxy: URL, options: http.ClientRequestArgs, done: (error: Error | null, socket?: net.Socket) => void): void {
  const host = options.host ?? options.hostname ?? 'localhost';
  const target = `${net.isIPv6(host) ? `[${host}]` : host}:${options.port}`;
  const headers: Record<string, string> = { Host: target };
  if (proxy.username) {
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
  }
  const request = (proxy.protocol === 'https:' ? https : http).request({
    host: proxy.hostname.replace(/^\[|\]$/g, ''),
    port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: target,
    headers,
    agent: false,
    timeout: options.timeout,
  });
  let settled = false;
  const finish = (error: Error | null, socket?: net.Socket) => {
    if (settled) return socket?.destroy();
    settled = true;
    done(error, socket);
  };
  request.once('connect', (response, socket) => {
    if (response.statusCode === 200) return finish(null, socket);
    socket.destroy();
    const proxyError = new Error(`the proxy ${proxy.host} refused to CONNECT to ${target}: ${response.statusCode} ${response.statusMessage ?? ''}`.trim());
    (proxyError as NodeJS.ErrnoException).code = 'EPROXY';
    finish(proxyError);
  });
  request.once('timeout', () => request.destroy(Object.assign(new Error(`the proxy ${proxy.host} did not answer`), { code: 'ETIMEDOUT' })));
  request.once('error', (error) => finish(error));
  request.end();
}
