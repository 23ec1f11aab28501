import { randomBytes, randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { defaultCrd, resourceTypesOf, validateCrd } from './crds';
import { applyDefaults, canonicaliseQuantities, validate, type Allocator } from './defaulting';
import { StatusError, alreadyExists, badRequest, conflict, notFound, unsupportedMediaType } from './errors';
import { deepEqual, recordUpdate } from './managedFields';
import { jsonMergePatch, jsonPatch, strategicMergePatch } from './patches';
import { groupVersion, type ResourceRegistry, type ResourceType } from './resourceTypes';
import { schemaInfoFor } from './schemaInfo';
import { labelSelectorToString } from './selectors';
import { serverSideApply } from './serverSideApply';
import type { KubeObject, ObjectStore } from './store';

/** The object operations behind the REST handlers: get, create, update, patch, apply, delete. */

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  force?: boolean;
}

export interface WriteResult {
  object: KubeObject;
  status: number;
}

function isPlainObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function groupResource(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${type.group}/${type.resource}`;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readPath(object: unknown, path: string): unknown {
  let current = object;
  for (const key of path.replace(/^\./, '').split('.')) current = isPlainObject(current) ? current[key] : undefined;
  return current;
}

function writePath(object: Record<string, any>, path: string, value: unknown): void {
  const keys = path.replace(/^\./, '').split('.');
  let current = object;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(current[key])) current[key] = {};
    current = current[key];
  }
  current[keys[keys.length - 1]] = value;
}

/** withoutVolatile is what tells a no-op write: the object minus resourceVersion and managedFields times. */
function withoutVolatile(object: KubeObject): unknown {
  const copy = structuredClone(object);
  delete copy.metadata.resourceVersion;
  for (const entry of copy.metadata.managedFields ?? []) delete entry.time;
  return copy;
}

export class ObjectApi {
  constructor(
    readonly registry: ResourceRegistry,
    readonly store: ObjectStore,
    readonly allocator: Allocator,
  ) {}

  /** served converts a stored object to the version asked for (versions share one schema here). */
  served(type: ResourceType, object: KubeObject): KubeObject {
    object.apiVersion = groupVersion(type.group, type.version);
    object.kind = type.kind;
    return object;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const object = this.store.get(groupResource(type), type.namespaced ? namespace : undefined, name);
    if (!object) throw notFound(type.group, type.resource, name);
    return this.served(type, object);
  }

  scaleOf(type: ResourceType, object: KubeObject): KubeObject {
    const scale = type.scale!;
    const selector = scale.labelSelectorPath ? readPath(object, scale.labelSelectorPath) : undefined;
    const selectorText = typeof selector === 'string' ? selector : labelSelectorToString(object.spec?.selector);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion, creationTimestamp: object.metadata.creationTimestamp },
      spec: { replicas: Number(readPath(object, scale.specReplicasPath) ?? 0) },
      status: { replicas: Number(readPath(object, scale.statusReplicasPath) ?? 0), ...(selectorText ? { selector: selectorText } : {}) },
    };
  }

  private checkNamespace(type: ResourceType, namespace: string | undefined): void {
    if (!type.namespaced) return;
    if (!namespace || !this.store.get('/namespaces', undefined, namespace)) throw notFound('', 'namespaces', namespace ?? '');
  }

  private checkBody(type: ResourceType, body: unknown, namespace: string | undefined, name?: string): KubeObject {
    if (!isPlainObject(body)) throw badRequest('the body of the request was not a Kubernetes object');
    const gv = groupVersion(type.group, type.version);
    if (body.apiVersion !== undefined && body.apiVersion !== gv) throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${gv})`);
    if (body.kind !== undefined && body.kind !== type.kind) throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${type.kind})`);
    const object = structuredClone(body) as KubeObject;
    object.apiVersion = gv;
    object.kind = type.kind;
    if (!isPlainObject(object.metadata)) object.metadata = {};
    if (type.namespaced) {
      if (object.metadata.namespace !== undefined && object.metadata.namespace !== '' && object.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      object.metadata.namespace = namespace;
    } else delete object.metadata.namespace;
    if (name !== undefined) {
      if (object.metadata.name !== undefined && object.metadata.name !== name) throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
      object.metadata.name = name;
    }
    return object;
  }

  create(type: ResourceType, namespace: string | undefined, body: unknown, options: WriteOptions): WriteResult {
    const object = this.checkBody(type, body, namespace);
    if (!object.metadata.name && object.metadata.generateName) object.metadata.name = `${object.metadata.generateName}${randomBytes(4).toString('hex').slice(0, 5)}`;
    this.checkNamespace(type, namespace);
    if (object.metadata.name && this.store.get(groupResource(type), type.namespaced ? namespace : undefined, object.metadata.name)) throw alreadyExists(type.group, type.resource, object.metadata.name);
    delete object.metadata.managedFields;
    return this.commit({ type, before: undefined, after: object, manager: options.fieldManager, dryRun: options.dryRun, managed: 'update' });
  }

  update(type: ResourceType, namespace: string | undefined, name: string, subresource: string | undefined, body: unknown, options: WriteOptions): WriteResult {
    const before = this.store.get(groupResource(type), type.namespaced ? namespace : undefined, name);
    if (!before) throw notFound(type.group, type.resource, name);
    if (subresource === 'scale') return this.writeScale(type, before, body, options);
    const object = this.checkBody(type, body, namespace, name);
    const precondition = object.metadata.resourceVersion;
    if (precondition && precondition !== before.metadata.resourceVersion) throw conflict(type.group, type.resource, name, 'the object has been modified; please apply your changes to the latest version and try again');
    if (object.metadata.managedFields === undefined) object.metadata.managedFields = before.metadata.managedFields;
    return this.commit({ type, before, after: object, manager: options.fieldManager, subresource, dryRun: options.dryRun, managed: 'update' });
  }

  private writeScale(type: ResourceType, before: KubeObject, body: unknown, options: WriteOptions): WriteResult {
    if (!type.scale) throw notFound(type.group, type.resource, before.metadata.name);
    const scale = body as KubeObject;
    const precondition = scale?.metadata?.resourceVersion;
    if (precondition && precondition !== before.metadata.resourceVersion) throw conflict(type.group, type.resource, before.metadata.name, 'the object has been modified; please apply your changes to the latest version and try again');
    const replicas = scale?.spec?.replicas;
    if (replicas !== undefined && (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas))) {
      throw new StatusError(422, 'Invalid', `Scale.autoscaling "${before.metadata.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, { name: before.metadata.name, group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }] });
    }
    const after = structuredClone(before);
    writePath(after, type.scale.specReplicasPath, replicas ?? 0);
    const result = this.commit({ type, before, after, manager: options.fieldManager, subresource: 'scale', dryRun: options.dryRun, managed: 'update' });
    return { object: this.scaleOf(type, result.object), status: 200 };
  }

  patch(type: ResourceType, namespace: string | undefined, name: string, subresource: string | undefined, contentType: string, rawBody: string, options: WriteOptions): WriteResult {
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    const before = this.store.get(groupResource(type), type.namespaced ? namespace : undefined, name);
    if (mediaType === 'application/apply-patch+yaml' || mediaType === 'application/apply-patch+cbor') {
      let body: unknown;
      try {
        body = parseYaml(rawBody);
      } catch (error) {
        throw badRequest(`error decoding YAML: ${(error as Error).message}`);
      }
      return this.apply(type, namespace, name, subresource, body, before, options);
    }
    if (!before) throw notFound(type.group, type.resource, name);
    let patchBody: unknown;
    try {
      patchBody = JSON.parse(rawBody);
    } catch (error) {
      throw badRequest(`error decoding patch: ${(error as Error).message}`);
    }
    const schema = schemaInfoFor(type);
    const current = subresource === 'scale' ? this.scaleOf(type, before) : this.served(type, structuredClone(before));
    let patched: unknown;
    if (mediaType === 'application/merge-patch+json') patched = jsonMergePatch(current, patchBody);
    else if (mediaType === 'application/json-patch+json') patched = jsonPatch(current, patchBody);
    else if (mediaType === 'application/strategic-merge-patch+json') {
      if (!schema.strategic || subresource === 'scale') {
        if (subresource === 'scale') patched = jsonMergePatch(current, patchBody);
        else throw unsupportedMediaType(mediaType);
      } else patched = strategicMergePatch(current, patchBody, schema);
    } else throw unsupportedMediaType(mediaType);
    if (subresource === 'scale') return this.writeScale(type, before, patched, options);
    const object = this.checkBody(type, patched, namespace, name);
    const precondition = isPlainObject(patchBody) ? patchBody.metadata?.resourceVersion : undefined;
    if (precondition && precondition !== before.metadata.resourceVersion) throw conflict(type.group, type.resource, name, 'the object has been modified; please apply your changes to the latest version and try again');
    object.metadata.resourceVersion = before.metadata.resourceVersion;
    return this.commit({ type, before, after: object, manager: options.fieldManager, subresource, dryRun: options.dryRun, managed: 'update' });
  }

  apply(type: ResourceType, namespace: string | undefined, name: string, subresource: string | undefined, body: unknown, before: KubeObject | undefined, options: WriteOptions): WriteResult {
    if (!options.fieldManager) throw badRequest('PATCH operation requires fieldManager to be set');
    if (!isPlainObject(body)) throw badRequest('the body of an apply request must be an object');
    if (!body.apiVersion || !body.kind) throw badRequest(`${!body.apiVersion ? 'apiVersion' : 'kind'} must be set in an apply request`);
    if (subresource === 'scale') throw new StatusError(405, 'MethodNotAllowed', 'server-side apply is not supported on the scale subresource by the emulator');
    const applied = this.checkBody(type, body, namespace, name);
    if (isPlainObject(body.metadata) && body.metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
    delete applied.metadata.managedFields;
    if (!before) {
      if (subresource) throw notFound(type.group, type.resource, name);
      this.checkNamespace(type, namespace);
    }
    const precondition = applied.metadata.resourceVersion;
    if (before && precondition && precondition !== before.metadata.resourceVersion) throw conflict(type.group, type.resource, name, 'the object has been modified; please apply your changes to the latest version and try again');
    if (!before) delete applied.metadata.resourceVersion;
    if (!type.custom) canonicaliseQuantities(applied);
    const live = before ? this.served(type, structuredClone(before)) : undefined;
    const merged = serverSideApply({ live, applied, schema: schemaInfoFor(type), manager: options.fieldManager, force: options.force === true, subresource, statusSubresource: type.status });
    if (before) merged.metadata.resourceVersion = before.metadata.resourceVersion;
    return this.commit({ type, before, after: merged, manager: options.fieldManager, subresource, dryRun: options.dryRun, managed: 'apply' });
  }

  /** commit finishes a write: system metadata, status handling, defaulting, validation, generation, managedFields, store. */
  private commit(args: { type: ResourceType; before: KubeObject | undefined; after: KubeObject; manager: string; subresource?: string; dryRun: boolean; managed: 'update' | 'apply' }): WriteResult {
    const { type, before } = args;
    let after = args.after;
    after.apiVersion = groupVersion(type.group, type.version);
    after.kind = type.kind;
    const metadata = after.metadata;
    if (before) {
      metadata.name = before.metadata.name;
      if (type.namespaced) metadata.namespace = before.metadata.namespace;
      metadata.uid = before.metadata.uid;
      metadata.creationTimestamp = before.metadata.creationTimestamp;
      if (before.metadata.deletionTimestamp) metadata.deletionTimestamp = before.metadata.deletionTimestamp;
      else delete metadata.deletionTimestamp;
      if (before.metadata.generation !== undefined) metadata.generation = before.metadata.generation;
      else delete metadata.generation;
    } else {
      metadata.uid = randomUUID();
      metadata.creationTimestamp = now();
      delete metadata.deletionTimestamp;
      if (type.generation) metadata.generation = 1;
      else delete metadata.generation;
    }
    if (type.status) {
      if (args.subresource === 'status' && before) {
        const status = after.status;
        after = structuredClone(before);
        after.apiVersion = groupVersion(type.group, type.version);
        if (status === undefined) delete after.status;
        else after.status = status;
        after.metadata.managedFields = args.after.metadata.managedFields;
      } else if (before) {
        if (before.status === undefined) delete after.status;
        else after.status = structuredClone(before.status);
      } else if (type.group !== 'apiextensions.k8s.io') delete after.status;
    }
    if (type.group === 'apiextensions.k8s.io' && type.kind === 'CustomResourceDefinition') {
      validateCrd(after);
      defaultCrd(after);
    }
    applyDefaults(after, type.group, this.allocator, type.custom !== undefined);
    validate(after, type.group, type.custom !== undefined);
    if (before && type.generation) {
      const specOf = (object: KubeObject) => {
        const copy = { ...object };
        delete copy.metadata;
        delete copy.apiVersion;
        delete copy.kind;
        if (type.status) delete copy.status;
        return copy;
      };
      if (!deepEqual(specOf(before), specOf(after))) after.metadata.generation = (before.metadata.generation ?? 1) + 1;
    }
    if (args.managed === 'update') {
      recordUpdate({ before, after, schema: schemaInfoFor(type), manager: args.manager, apiVersion: after.apiVersion, subresource: args.subresource, statusSubresource: type.status });
    }
    if (before) {
      const previous = this.served(type, structuredClone(before));
      if (deepEqual(withoutVolatile(previous), withoutVolatile(after))) return { object: previous, status: 200 };
    }
    const groupRes = groupResource(type);
    if (after.metadata.deletionTimestamp && !(after.metadata.finalizers?.length > 0)) {
      if (args.dryRun) return { object: after, status: 200 };
      const removed = this.store.remove(groupRes, after.metadata.namespace, after.metadata.name);
      this.afterDelete(type, after);
      return { object: this.served(type, removed ?? after), status: 200 };
    }
    if (args.dryRun) {
      if (before) after.metadata.resourceVersion = before.metadata.resourceVersion;
      else delete after.metadata.resourceVersion;
      return { object: after, status: before ? 200 : 201 };
    }
    const stored = this.store.write(groupRes, after, before ? 'MODIFIED' : 'ADDED');
    if (type.group === 'apiextensions.k8s.io' && type.kind === 'CustomResourceDefinition') this.registry.setCustom(stored.metadata.name, resourceTypesOf(stored));
    return { object: this.served(type, stored), status: before ? 200 : 201 };
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, body: unknown, dryRun: boolean): WriteResult {
    const groupRes = groupResource(type);
    const ns = type.namespaced ? namespace : undefined;
    const before = this.store.get(groupRes, ns, name);
    if (!before) throw notFound(type.group, type.resource, name);
    const preconditions = isPlainObject(body) && isPlainObject(body.preconditions) ? body.preconditions : {};
    if (preconditions.uid && preconditions.uid !== before.metadata.uid) throw conflict(type.group, type.resource, name, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${before.metadata.uid}`);
    if (preconditions.resourceVersion && preconditions.resourceVersion !== before.metadata.resourceVersion) throw conflict(type.group, type.resource, name, `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${before.metadata.resourceVersion}`);
    const details = { name, ...(type.group ? { group: type.group } : {}), kind: type.resource, uid: before.metadata.uid };
    const success = { object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }, status: 200 };
    if (dryRun) return success;
    if (before.metadata.finalizers?.length > 0) {
      if (before.metadata.deletionTimestamp) return { object: this.served(type, before), status: 200 };
      const marked = structuredClone(before);
      marked.metadata.deletionTimestamp = now();
      marked.metadata.deletionGracePeriodSeconds = 0;
      if (type.generation) marked.metadata.generation = (marked.metadata.generation ?? 1) + 1;
      return { object: this.served(type, this.store.write(groupRes, marked, 'MODIFIED')), status: 200 };
    }
    const removed = this.store.remove(groupRes, ns, name);
    this.afterDelete(type, before);
    if (type.group === '' && (type.resource === 'pods' || type.resource === 'namespaces')) return { object: this.served(type, removed ?? before), status: 200 };
    return success;
  }

  /** afterDelete cascades: a namespace takes its objects, a CRD its kind and custom resources. */
  private afterDelete(type: ResourceType, object: KubeObject): void {
    if (type.group === '' && type.resource === 'namespaces') {
      for (const groupRes of this.store.groupResources()) {
        if (groupRes === '/namespaces') continue;
        for (const item of this.store.list(groupRes, object.metadata.name)) this.store.remove(groupRes, item.metadata.namespace, item.metadata.name);
      }
    }
    if (type.group === 'apiextensions.k8s.io' && type.resource === 'customresourcedefinitions') {
      const spec = object.spec;
      this.registry.removeCustom(object.metadata.name);
      const groupRes = `${spec.group}/${spec.names.plural}`;
      for (const item of this.store.list(groupRes)) this.store.remove(groupRes, item.metadata.namespace, item.metadata.name);
    }
  }
}
