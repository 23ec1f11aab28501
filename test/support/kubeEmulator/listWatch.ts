import type { ServerResponse } from 'node:http';
import { StatusError, badRequest, expired } from './errors';
import { groupResource, type ObjectApi } from './objectApi';
import type { ResourceType } from './resourceTypes';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import type { KubeObject, StoreEvent } from './store';
import { toTable } from './table';

/** LIST with selectors and limit/continue pagination, and WATCH as newline-delimited JSON events. */

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through
  }
  throw badRequest(`invalid continue token: "${text}"`);
}

const expiredContinueMessage = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export interface ListOptions {
  namespace?: string;
  query: URLSearchParams;
  table: boolean;
  expireContinue: boolean;
}

function matcher(type: ResourceType, query: URLSearchParams): (object: KubeObject) => boolean {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'), type.resource);
  return (object) => matchesLabels(labels, object.metadata?.labels) && matchesFields(fields, object);
}

function listItem(type: ResourceType, object: KubeObject, api: ObjectApi): KubeObject {
  const served = api.served(type, object);
  if (type.custom) return served;
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = served;
  return rest;
}

export function listObjects(api: ObjectApi, type: ResourceType, options: ListOptions): unknown {
  const { query } = options;
  const matches = matcher(type, query);
  const all = api.store.list(groupResource(type), type.namespaced ? options.namespace : undefined).filter(matches);
  const key = (object: KubeObject) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  let listRv = api.store.currentResourceVersion;
  let items = all;
  const continueText = query.get('continue');
  if (continueText) {
    const token = decodeContinue(continueText);
    if (options.expireContinue || token.rv < api.store.oldestResourceVersion) {
      const error = expired(expiredContinueMessage);
      throw new StatusError(410, 'Expired', error.message, undefined);
    }
    listRv = token.rv;
    items = all.filter((object) => key(object) > token.start);
  }
  const limitText = query.get('limit');
  const limit = limitText ? Number(limitText) : 0;
  const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    metadata.continue = encodeContinue({ rv: listRv, start: key(page[page.length - 1]) });
    metadata.remainingItemCount = items.length - limit;
    items = page;
  }
  if (options.table) return toTable(type, items.map((object) => api.served(type, object)), metadata, { withColumns: true, includeObject: query.get('includeObject') ?? 'Metadata' });
  return { kind: `${type.kind}List`, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, metadata, items: items.map((object) => listItem(type, object, api)) };
}

/** tableOf renders a single object as a Table (kubectl get NAME). */
export function tableOfObject(type: ResourceType, object: KubeObject, query: URLSearchParams): unknown {
  return toTable(type, [object], { resourceVersion: object.metadata.resourceVersion }, { withColumns: true, includeObject: query.get('includeObject') ?? 'Metadata' });
}

export interface WatchOptions {
  namespace?: string;
  name?: string;
  query: URLSearchParams;
  table: boolean;
}

/** watch streams events until the client goes away, timeoutSeconds passes, or the emulator stops. */
export function watch(api: ObjectApi, type: ResourceType, options: WatchOptions, response: ServerResponse, onClose: (stop: () => void) => () => void): void {
  const { query } = options;
  const matchesSelectors = matcher(type, query);
  const inScope = (object: KubeObject) =>
    (!type.namespaced || options.namespace === undefined || object.metadata.namespace === options.namespace) && (options.name === undefined || object.metadata.name === options.name);
  const matches = (object: KubeObject | undefined) => object !== undefined && inScope(object) && matchesSelectors(object);
  const gr = groupResource(type);
  const rvText = query.get('resourceVersion') ?? '';
  response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  const send = (eventType: string, object: unknown) => {
    const payload = options.table && eventType !== 'ERROR' && eventType !== 'BOOKMARK'
      ? toTable(type, [api.served(type, structuredClone(object as KubeObject))], { resourceVersion: (object as KubeObject).metadata?.resourceVersion }, { withColumns: false, includeObject: query.get('includeObject') ?? 'Metadata' })
      : eventType === 'ERROR' ? object : api.served(type, structuredClone(object as KubeObject));
    response.write(`${JSON.stringify({ type: eventType, object: payload })}\n`);
  };
  const deliver = (event: StoreEvent) => {
    if (event.groupResource !== gr) return;
    const now = matches(event.object);
    const was = event.type === 'MODIFIED' && matches(event.previous);
    if (event.type === 'MODIFIED') {
      if (now && was) send('MODIFIED', event.object);
      else if (now) send('ADDED', event.object);
      else if (was) send('DELETED', event.object);
    } else if (now) send(event.type, event.object);
  };
  let backlog: StoreEvent[] = [];
  if (rvText === '' || rvText === '0') {
    for (const object of api.store.list(gr, type.namespaced ? options.namespace : undefined)) if (matches(object)) send('ADDED', object);
  } else {
    const rv = Number(rvText);
    if (!Number.isFinite(rv)) {
      send('ERROR', new StatusError(400, 'BadRequest', `invalid resource version: ${rvText}`).toStatus());
      response.end();
      return;
    }
    try {
      backlog = api.store.eventsSince(rv, gr);
    } catch (error) {
      if (error instanceof StatusError) {
        send('ERROR', error.toStatus());
        response.end();
        return;
      }
      throw error;
    }
  }
  for (const event of backlog) deliver(event);
  if (query.get('allowWatchBookmarks') === 'true' && query.get('sendInitialEvents') === 'true') {
    response.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, metadata: { resourceVersion: String(api.store.currentResourceVersion), annotations: { 'k8s.io/initial-events-end': 'true' } } } })}\n`);
  }
  const unsubscribe = api.store.subscribe(deliver);
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');
  if (timeoutSeconds > 0) timer = setTimeout(stop, timeoutSeconds * 1000);
  const forget = onClose(stop);
  response.on('close', () => {
    forget();
    stop();
  });
}
