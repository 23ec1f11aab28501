import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { authenticate, authorize, type EmulatorUser } from './auth';
import type { EmulatorCertificates } from './certificates';
import { aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery';
import { StatusError, badRequest, methodNotSupported, notFound, pathNotFound } from './errors';
import { Faults } from './faults';
import { listObjects, tableOfObject, watch } from './listWatch';
import { ObjectApi } from './objectApi';
import { openApiGroupVersionDocument, openApiRoot, parseOpenApiPath } from './openapi';
import { ResourceRegistry, type ResourceType } from './resourceTypes';
import { ObjectStore } from './store';
import { wantsTable } from './table';

/** The HTTPS server: faults, authentication, routing to discovery, OpenAPI and the REST handlers. */

export const emulatorVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const maxBody = 32 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) reject(new StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, code: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', ...headers });
  response.end(text);
}

function sendError(response: ServerResponse, error: StatusError): void {
  sendJson(response, error.code, error.toStatus(), 'application/json', error.headers);
}

interface ResourcePath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPrefix: boolean;
}

export interface EmulatorServerOptions {
  host: string;
  port: number;
  certificates: EmulatorCertificates;
  users: EmulatorUser[];
  historyLimit?: number;
}

export class KubeEmulatorServer {
  readonly registry = new ResourceRegistry();
  readonly store: ObjectStore;
  readonly faults = new Faults();
  readonly api: ObjectApi;
  /** `METHOD path?query code`, one line per request answered, for assertions. */
  readonly requests: string[] = [];
  private server?: https.Server;
  private sockets = new Set<Socket>();
  private watches = new Set<() => void>();
  private nextClusterIP = 10;
  private nextNodePort = 30000;

  constructor(private readonly options: EmulatorServerOptions) {
    this.store = new ObjectStore(options.historyLimit);
    this.api = new ObjectApi(this.registry, this.store, {
      clusterIP: () => {
        const n = this.nextClusterIP++;
        return `10.96.${Math.floor(n / 256)}.${n % 256}`;
      },
      nodePort: () => this.nextNodePort++,
    });
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `https://${host}:${this.port}`;
  }

  start(): Promise<void> {
    const server = https.createServer({ cert: this.options.certificates.certPem, key: this.options.certificates.keyPem }, (request, response) => {
      void this.handle(request, response);
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.keepAliveTimeout = 30_000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  stop(): Promise<void> {
    for (const stop of [...this.watches]) stop();
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://emulator');
    const method = (request.method ?? 'GET').toUpperCase();
    response.on('finish', () => this.requests.push(`${method} ${url.pathname}${url.search} ${response.statusCode}`));
    try {
      const fault = this.faults.take(method, url.pathname);
      if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.kind === 'drop') {
        this.requests.push(`${method} ${url.pathname}${url.search} dropped`);
        request.socket.destroy();
        return;
      }
      if (fault.kind === 'tooManyRequests') {
        throw new StatusError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: fault.retryAfterSeconds }, { 'Retry-After': String(fault.retryAfterSeconds) });
      }
      if (fault.kind === 'serverError') throw new StatusError(500, 'InternalError', fault.message, { causes: [{ message: fault.message }] });
      if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) {
        response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('ok');
        return;
      }
      if (url.pathname === '/version') {
        sendJson(response, 200, emulatorVersion);
        return;
      }
      const user = authenticate(request.headers.authorization, this.options.users);
      await this.route(request, response, url, method, user);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof StatusError) sendError(response, error);
      else sendError(response, new StatusError(500, 'InternalError', `Internal error occurred: ${(error as Error).stack ?? String(error)}`));
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse, url: URL, method: string, user: EmulatorUser): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const accept = request.headers.accept;
    if (path.startsWith('/__emulator/')) return this.admin(request, response, path, method, user);
    if (method === 'GET') {
      if (path === '/api' || path === '/apis') {
        const aggregated = wantsAggregated(accept);
        if (aggregated) {
          sendJson(response, 200, aggregatedDiscovery(this.registry, path === '/api', aggregated), `application/json;g=apidiscovery.k8s.io;v=${aggregated};as=APIGroupDiscoveryList`);
        } else sendJson(response, 200, path === '/api' ? apiVersions(`${this.options.host}:${this.port}`) : apiGroupList(this.registry));
        return;
      }
      if (path === '/openapi/v3') return sendJson(response, 200, openApiRoot(this.registry));
      const openApi = parseOpenApiPath(path);
      if (openApi) {
        const doc = openApiGroupVersionDocument(this.registry, openApi.group, openApi.version);
        if (!doc) throw pathNotFound();
        return sendJson(response, 200, doc);
      }
      if (path === '/openapi/v2') throw pathNotFound();
      const groupOnly = /^\/apis\/([^/]+)$/.exec(path);
      if (groupOnly) {
        const doc = apiGroupDocument(this.registry, groupOnly[1]);
        if (!doc) throw pathNotFound();
        return sendJson(response, 200, doc);
      }
      const gvOnly = /^\/api\/(v1)$/.exec(path) ?? /^\/apis\/([^/]+\/[^/]+)$/.exec(path);
      if (gvOnly) {
        const [group, version] = gvOnly[1].includes('/') ? gvOnly[1].split('/') : ['', gvOnly[1]];
        const doc = apiResourceList(this.registry, group, version);
        if (!doc) throw pathNotFound();
        return sendJson(response, 200, doc);
      }
    }
    const target = this.parseResourcePath(path);
    if (!target) throw pathNotFound();
    return this.resource(request, response, url, method, user, target);
  }

  private parseResourcePath(path: string): ResourcePath | undefined {
    const segments = path.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments[1] === 'v1') {
      group = '';
      version = 'v1';
      rest = segments.slice(2);
    } else if (segments[0] === 'apis' && segments.length >= 3) {
      group = segments[1];
      version = segments[2];
      rest = segments.slice(3);
    } else return undefined;
    let watchPrefix = false;
    if (rest[0] === 'watch') {
      watchPrefix = true;
      rest = rest.slice(1);
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && ['status', 'finalize'].includes(rest[2]))) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    if (rest.length === 0 || rest.length > 3) return undefined;
    const type = this.registry.find(group, version, rest[0]);
    if (!type) return undefined;
    if (namespace !== undefined && !type.namespaced) return undefined;
    const subresource = rest[2];
    if (subresource !== undefined && !((subresource === 'status' && type.status) || (subresource === 'scale' && type.scale))) return undefined;
    return { type, namespace, name: rest[1], subresource, watchPrefix };
  }

  private async resource(request: IncomingMessage, response: ServerResponse, url: URL, method: string, user: EmulatorUser, target: ResourcePath): Promise<void> {
    const { type, namespace, name, subresource } = target;
    const query = url.searchParams;
    const isWatch = target.watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
    const verb =
      method === 'GET' ? (isWatch ? 'watch' : name ? 'get' : 'list')
        : method === 'POST' ? 'create'
          : method === 'PUT' ? 'update'
            : method === 'PATCH' ? 'patch'
              : method === 'DELETE' ? (name ? 'delete' : 'deletecollection')
                : undefined;
    if (!verb) throw new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    authorize(user, { verb, group: type.group, resource: type.resource, subresource, namespace, name });
    if (!type.verbs.includes(verb) && !(subresource && ['get', 'update', 'patch'].includes(verb))) throw methodNotSupported(type.group, type.resource, verb);
    const dryRunValues = query.getAll('dryRun');
    if (dryRunValues.some((value) => value !== 'All')) throw badRequest(`Invalid dry run value: ${dryRunValues.join(',')}: Unsupported value: "${dryRunValues[0]}": supported values: "All"`);
    const dryRun = dryRunValues.length > 0;
    const userAgent = String(request.headers['user-agent'] ?? '');
    const fieldManager = query.get('fieldManager') ?? userAgent.split('/')[0].slice(0, 128);
    const table = wantsTable(request.headers.accept);
    const api = this.api;

    if (verb === 'watch') {
      watch(api, type, { namespace, name, query, table }, response, (stop) => {
        this.watches.add(stop);
        return () => this.watches.delete(stop);
      });
      return;
    }
    if (verb === 'list') {
      sendJson(response, 200, listObjects(api, type, { namespace, query, table, expireContinue: this.faults.expireContinue }));
      return;
    }
    if (verb === 'get') {
      const object = api.get(type, namespace, name!);
      if (subresource === 'scale') return sendJson(response, 200, api.scaleOf(type, object));
      return sendJson(response, 200, table ? tableOfObject(type, object, query) : object);
    }
    const raw = await readBody(request);
    const contentType = String(request.headers['content-type'] ?? '');
    if (/protobuf|cbor/i.test(contentType)) {
      throw new StatusError(415, 'UnsupportedMediaType', `the kube emulator only decodes JSON and YAML bodies, not ${contentType.split(';')[0]} (kubectl's typed commands such as "kubectl create configmap" send protobuf: use "kubectl apply" or "kubectl create -f")`);
    }
    const parseJson = (): unknown => {
      if (raw.trim() === '') return undefined;
      try {
        return JSON.parse(raw);
      } catch (error) {
        throw badRequest(`the body of the request could not be decoded: ${(error as Error).message}`);
      }
    };
    const options = { dryRun, fieldManager, force: query.get('force') === 'true' };
    if (verb === 'create') {
      if (name) throw methodNotSupported(type.group, type.resource, 'create');
      const result = api.create(type, namespace, parseJson(), options);
      return sendJson(response, result.status, result.object);
    }
    if (verb === 'update') {
      const result = api.update(type, namespace, name!, subresource, parseJson(), options);
      return sendJson(response, result.status, result.object);
    }
    if (verb === 'patch') {
      const result = api.patch(type, namespace, name!, subresource, String(request.headers['content-type'] ?? ''), raw, options);
      return sendJson(response, result.status, result.object);
    }
    if (verb === 'delete') {
      // kubectl sends DeleteOptions in the body, dryRun included (`kubectl apply --prune --dry-run=server`).
      const deleteOptions = parseJson() as { dryRun?: unknown } | undefined;
      const bodyDryRun = Array.isArray(deleteOptions?.dryRun) && deleteOptions.dryRun.includes('All');
      const result = api.delete(type, namespace, name!, deleteOptions, dryRun || bodyDryRun);
      return sendJson(response, result.status, result.object);
    }
    // deletecollection
    const list = listObjects(api, type, { namespace, query, table: false, expireContinue: false }) as { items: { metadata: { name: string; namespace?: string } }[] };
    for (const item of list.items) api.delete(type, item.metadata.namespace, item.metadata.name, undefined, dryRun);
    sendJson(response, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
  }

  private async admin(request: IncomingMessage, response: ServerResponse, path: string, method: string, user: EmulatorUser): Promise<void> {
    if (user.readOnly) throw new StatusError(403, 'Forbidden', `User "${user.name}" cannot use the emulator admin endpoints`);
    if (path === '/__emulator/faults') {
      if (method === 'POST' || method === 'PUT') {
        const raw = await readBody(request);
        this.faults.set(raw.trim() ? JSON.parse(raw) : {});
      } else if (method === 'DELETE') this.faults.set({});
      return sendJson(response, 200, this.faults.current);
    }
    if (path === '/__emulator/compact' && method === 'POST') {
      this.store.compact();
      return sendJson(response, 200, { compactedAt: this.store.oldestResourceVersion });
    }
    if (path === '/__emulator/requests' && method === 'GET') return sendJson(response, 200, this.requests);
    throw notFound('', '__emulator', path);
  }
}
