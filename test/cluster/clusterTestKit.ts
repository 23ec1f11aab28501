import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { createKubeClient, type KubeClientOptions } from '../../server/src/engine/cluster/createKubeClient';
import type { ApiResource, KubeClient } from '../../server/src/engine/cluster/KubeClient';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import { createCertificates } from '../support/kubeEmulator/certificates';
import { startKubeEmulator, type KubeEmulatorOptions, type RunningKubeEmulator } from '../support/kubeEmulator/index';

/** Shared pieces of the cluster access tests: emulator, kubeconfigs, relays, proxies, certificates. */

export async function withEmulator(options: KubeEmulatorOptions, run: (emulator: RunningKubeEmulator) => Promise<void>): Promise<void> {
  const emulator = await startKubeEmulator(options);
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

const temporaryDirs: string[] = [];
process.once('exit', () => {
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** temporaryDir makes a directory removed when the test process exits (kubeconfigs in it hold tokens). */
export function temporaryDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  temporaryDirs.push(dir);
  return dir;
}

/** writeKubeconfig writes a kubeconfig from plain data; returns its path. */
export function writeKubeconfig(file: string, config: Record<string, unknown>): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'Config', preferences: {}, ...config }), { mode: 0o600 });
  return file;
}

/** caDataOf is the emulator's CA as certificate-authority-data. */
export function caDataOf(emulator: RunningKubeEmulator): string {
  return Buffer.from(emulator.caPem).toString('base64');
}

/** freePort finds a loopback port nobody listens on (listen, note, close). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** TcpRelay forwards TCP to a port and counts connections: keep-alive and concurrency become visible, and connections can be cut. */
export interface TcpRelay {
  port: number;
  /** Connections accepted so far. */
  readonly opened: number;
  /** The most connections open at the same time. */
  readonly maxOpen: number;
  /** Destroy every open connection (both sides), as a network failure would. */
  dropAll(): void;
  stop(): Promise<void>;
}

export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let opened = 0;
  let maxOpen = 0;
  const server = net.createServer((client) => {
    opened++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    maxOpen = Math.max(maxOpen, pairs.size);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get opened() {
      return opened;
    },
    get maxOpen() {
      return maxOpen;
    },
    dropAll() {
      for (const [client, upstream] of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

/** ConnectProxy is an HTTP proxy that only tunnels (CONNECT), recording the targets and the Proxy-Authorization it saw. */
export interface ConnectProxy {
  url: string;
  connects: { target: string; authorization?: string }[];
  stop(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const connects: ConnectProxy['connects'] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_, response) => response.writeHead(405).end());
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    connects.push({ target, authorization: request.headers['proxy-authorization'] });
    const [host, port] = [target.slice(0, target.lastIndexOf(':')).replace(/^\[|\]$/g, ''), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = net.connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    sockets.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connects,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** TestPki is a throwaway CA with a server certificate for 127.0.0.1 and a client certificate, made with Debian's openssl. */
export interface TestPki {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** The client certificate's subject CN. */
  clientName: string;
}

let pki: TestPki | undefined;

export function makeTestPki(): TestPki {
  if (pki) return pki;
  const dir = temporaryDir('cluster-pki');
  try {
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=cluster-test-ca',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    run(['req', '-x509', ...ec, '-keyout', 'server.key', '-out', 'server.crt', '-days', '30', '-subj', '/CN=cluster-test-server',
      '-CA', 'ca.crt', '-CAkey', 'ca.key', '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'extendedKeyUsage=serverAuth']);
    run(['req', '-x509', ...ec, '-keyout', 'client.key', '-out', 'client.crt', '-days', '30', '-subj', '/O=system:masters/CN=gitops-tester',
      '-CA', 'ca.crt', '-CAkey', 'ca.key', '-addext', 'extendedKeyUsage=clientAuth']);
    const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
    pki = { caPem: read('ca.crt'), serverCertPem: read('server.crt'), serverKeyPem: read('server.key'), clientCertPem: read('client.crt'), clientKeyPem: read('client.key'), clientName: 'gitops-tester' };
    return pki;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** startClientCertServer runs an HTTPS server that requires a client certificate from the test CA and answers with the subject it saw. */
export async function startClientCertServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const { caPem, serverCertPem, serverKeyPem } = makeTestPki();
  const server = https.createServer({ ca: caPem, cert: serverCertPem, key: serverKeyPem, requestCert: true, rejectUnauthorized: true }, (request, response) => {
    const peer = (request.socket as import('node:tls').TLSSocket).getPeerCertificate();
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ kind: 'WhoAmI', commonName: peer.subject?.CN, authorization: request.headers.authorization ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * startRbacFront runs an HTTPS server with the emulator's own certificate in front of it, answering
 * 403 Forbidden (worded like RBAC) for LIST/GET/WATCH of the given plural, and relaying everything
 * else: the emulator's reader may read every kind, so a per-kind 403 needs this front.
 */
export async function startRbacFront(emulator: RunningKubeEmulator, forbiddenPlural: string): Promise<{ url: string; stop(): Promise<void> }> {
  const certificates = createCertificates();
  const agent = new https.Agent({ ca: emulator.caPem, keepAlive: true });
  const server = https.createServer({ cert: certificates.certPem, key: certificates.keyPem }, (request, response) => {
    const url = new URL(request.url ?? '/', 'https://front');
    if (url.pathname.split('/').includes(forbiddenPlural)) {
      response.writeHead(403, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
        message: `${forbiddenPlural} is forbidden: User "reader" cannot list resource "${forbiddenPlural}" in API group "" at the cluster scope`,
        details: { kind: forbiddenPlural },
      }));
      return;
    }
    const upstream = https.request(`${emulator.url}${request.url}`, { method: request.method, headers: request.headers, agent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Recorder collects values pushed by callbacks (watch changes) and lets a test await a condition on them, woken by each push. */
export class Recorder<T> {
  readonly values: T[] = [];
  private waiters = new Set<() => void>();

  push = (value: T): void => {
    this.values.push(value);
    for (const waiter of [...this.waiters]) waiter();
  };

  /** until resolves once the condition holds over the values recorded so far; rejects after timeoutMs. */
  until(what: string, condition: (values: T[]) => boolean, timeoutMs = 10_000): Promise<void> {
    if (condition(this.values)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition(this.values)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; recorded: ${JSON.stringify(this.values).slice(0, 2000)}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}

/** withAdminClient connects to the emulator with its own kubeconfig (admin, namespace default). */
export async function withAdminClient(emulator: RunningKubeEmulator, run: (client: KubeClient) => Promise<void>, options: Partial<KubeClientOptions> = {}): Promise<void> {
  const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [emulator.kubeconfigPath], env: {} }), ...options });
  try {
    await run(client);
  } finally {
    client.close();
  }
}

/** Resource kinds as discovery reports them, for tests that need no discovery round trip. */
export const kinds = {
  configMaps: { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, verbs: ['get', 'list', 'watch'] },
  secrets: { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, verbs: ['get', 'list', 'watch'] },
  namespaces: { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, verbs: ['get', 'list', 'watch'] },
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, verbs: ['get', 'list', 'watch'] },
} satisfies Record<string, ApiResource>;

/** configMapsYaml: ConfigMaps a…e in default (labels tier even/odd by position), and x, y in shop. */
export const configMapsYaml = [
  ...['a', 'b', 'c', 'd', 'e'].map((name, index) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: default, labels: {tier: ${index % 2 === 0 ? 'even' : 'odd'}}}\ndata: {n: "${index}"}`),
  ...['x', 'y'].map((name) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\ndata: {n: "0"}`),
].join('\n---\n');

/** namesOf lists metadata.name of objects. */
export function namesOf(objects: readonly Record<string, unknown>[]): string[] {
  return objects.map((object) => String((object.metadata as { name?: string } | undefined)?.name));
}

/** startSocksProxy runs a minimal SOCKS5 proxy (no authentication, CONNECT only) that records the targets it connected to. */
export async function startSocksProxy(): Promise<{ url: string; targets: string[]; stop(): Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    let buffered = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'piping' = 'greeting';
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (stage === 'greeting') {
        if (buffered.length < 2 || buffered.length < 2 + buffered[1]) return;
        buffered = buffered.subarray(2 + buffered[1]);
        client.write(Buffer.from([5, 0]));
        stage = 'request';
      }
      if (stage !== 'request' || buffered.length < 5) return;
      const type = buffered[3];
      const addressLength = type === 1 ? 4 : type === 4 ? 16 : 1 + buffered[4];
      if (buffered.length < 4 + addressLength + 2) return;
      const address = buffered.subarray(4, 4 + addressLength);
      const host = type === 1 ? [...address].join('.') : type === 3 ? address.subarray(1).toString() : address.toString('hex').match(/.{4}/g)!.join(':');
      const port = buffered.readUInt16BE(4 + addressLength);
      const rest = buffered.subarray(4 + addressLength + 2);
      stage = 'piping';
      client.off('data', onData);
      targets.push(`${host}:${port}`);
      const upstream = net.connect(port, host, () => {
        client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      sockets.add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end).on('close', end);
      client.on('close', end);
    };
    client.on('data', onData).on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `socks5://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    targets,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
