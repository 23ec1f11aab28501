import { expired } from './errors';

/** A Kubernetes object as JSON. */
export type KubeObject = Record<string, any>;

export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** `group/resource`, e.g. `apps/deployments` or `/configmaps`. */
  groupResource: string;
  object: KubeObject;
  /** The object before this event (MODIFIED), for selector-filtered watches. */
  previous?: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/**
 * ObjectStore keeps objects by group/resource and namespace/name, hands out resourceVersions from one
 * counter, and keeps a bounded history of events so watches can resume from a resourceVersion (older
 * ones get 410 Expired, as after an etcd compaction).
 */
export class ObjectStore {
  private objects = new Map<string, Map<string, KubeObject>>();
  private counter = 1000;
  private history: StoreEvent[] = [];
  /** The oldest resourceVersion a watch or continue token may still start from. */
  private compactedAt = 1000;
  private listeners = new Set<StoreListener>();

  constructor(private readonly historyLimit = 2000) {}

  get currentResourceVersion(): number {
    return this.counter;
  }

  get oldestResourceVersion(): number {
    return this.compactedAt;
  }

  private bucket(groupResource: string): Map<string, KubeObject> {
    let bucket = this.objects.get(groupResource);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(groupResource, bucket);
    }
    return bucket;
  }

  get(groupResource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const object = this.objects.get(groupResource)?.get(objectKey(namespace, name));
    return object === undefined ? undefined : structuredClone(object);
  }

  /** list returns copies sorted by namespace, then name (the API server's key order). */
  list(groupResource: string, namespace?: string): KubeObject[] {
    const bucket = this.objects.get(groupResource);
    if (!bucket) return [];
    const keys = [...bucket.keys()].filter((key) => namespace === undefined || key.startsWith(`${namespace}/`)).sort();
    return keys.map((key) => structuredClone(bucket.get(key)!));
  }

  /** write stores the object under a fresh resourceVersion and tells the watchers; returns the stored copy. */
  write(groupResource: string, object: KubeObject, type: 'ADDED' | 'MODIFIED'): KubeObject {
    const resourceVersion = ++this.counter;
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(resourceVersion);
    const bucket = this.bucket(groupResource);
    const key = objectKey(stored.metadata.namespace, stored.metadata.name);
    const previous = bucket.get(key);
    bucket.set(key, stored);
    this.emit({ type, groupResource, object: stored, previous, resourceVersion });
    return structuredClone(stored);
  }

  remove(groupResource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.objects.get(groupResource);
    const key = objectKey(namespace, name);
    const existing = bucket?.get(key);
    if (!bucket || !existing) return undefined;
    bucket.delete(key);
    const resourceVersion = ++this.counter;
    const deleted = structuredClone(existing);
    deleted.metadata.resourceVersion = String(resourceVersion);
    this.emit({ type: 'DELETED', groupResource, object: deleted, resourceVersion });
    return structuredClone(deleted);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedAt = dropped[dropped.length - 1].resourceVersion;
    }
    for (const listener of this.listeners) listener(event);
  }

  /** eventsSince returns the events after resourceVersion, or throws 410 Expired when history no longer reaches back. */
  eventsSince(resourceVersion: number, groupResource: string): StoreEvent[] {
    if (resourceVersion < this.compactedAt) throw expired(`too old resource version: ${resourceVersion} (${this.compactedAt})`);
    return this.history.filter((event) => event.resourceVersion > resourceVersion && event.groupResource === groupResource);
  }

  /** compact forgets the event history (watches and continue tokens from before now get 410). */
  compact(): void {
    this.history = [];
    this.compactedAt = this.counter;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** namespacesInUse lists every group/resource bucket (for namespace deletion). */
  groupResources(): string[] {
    return [...this.objects.keys()];
  }
}
