import * as net from 'node:net';

/**
 * proxyFromEnvironment returns the proxy URL that kubectl (Go's ProxyFromEnvironment) would use for a
 * server when the kubeconfig names none: HTTPS_PROXY for https servers, HTTP_PROXY for http ones
 * (upper or lower case), unless NO_PROXY matches the host; loopback hosts are never proxied.
 * NO_PROXY entries: `*`, a host or domain (`example.com` and `.example.com` match its subdomains),
 * an IP address, an IPv4 or IPv6 CIDR block, each optionally with `:port`.
 */
export function proxyFromEnvironment(args: { env: NodeJS.ProcessEnv; server: URL }): string | undefined {
  const { env, server } = args;
  const host = server.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || isLoopback(host)) return undefined;
  const proxy = server.protocol === 'https:' ? env.HTTPS_PROXY || env.https_proxy : env.HTTP_PROXY || env.http_proxy;
  if (!proxy) return undefined;
  const port = server.port || (server.protocol === 'https:' ? '443' : '80');
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  if (noProxy.some((entry) => noProxyMatches(entry, host, port))) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function isLoopback(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1';
  return false;
}

function noProxyMatches(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true;
  let pattern = entry;
  let entryPort: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) [pattern, entryPort] = [bracketed[1], bracketed[2]];
  else if (!net.isIPv6(entry) && !entry.includes('/')) {
    const withPort = /^(.+):(\d+)$/.exec(entry);
    if (withPort) [pattern, entryPort] = [withPort[1], withPort[2]];
  }
  if (entryPort !== undefined && entryPort !== port) return false;
  if (pattern.includes('/')) return inCidr(host, pattern);
  if (net.isIP(pattern)) return pattern === host;
  const domain = pattern.replace(/^\*?\./, '');
  return host === domain || host.endsWith(`.${domain}`);
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const family = net.isIPv4(base) ? 'ipv4' : net.isIPv6(base) ? 'ipv6' : undefined;
  if (!family || net.isIP(host) === 0) return false;
  const list = new net.BlockList();
  list.addSubnet(base, Number(bits), family);
  return list.check(host, net.isIPv4(host) ? 'ipv4' : 'ipv6');
}
