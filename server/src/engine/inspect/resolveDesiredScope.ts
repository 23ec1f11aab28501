import { findApiResource } from '../cluster/findApiResource';
import type { ApiResource } from '../cluster/KubeClient';
import { objectKey } from '../drift/objectKey';
import type { RenderedObject } from '../render/RenderedObject';

/** ScopedObject is a desired object with the namespace the cluster will give it and the resource that serves it. */
export interface ScopedObject {
  rendered: RenderedObject;
  resource: ApiResource;
}

/**
 * resolveDesiredScope gives every desired object the namespace the API server will store it in
 * (namespaced kinds without one go to `defaultNamespace`, as kubectl apply does; cluster-scoped
 * kinds have none) and the resource serving its apiVersion. Objects whose apiVersion the cluster
 * does not serve are returned in `unserved`, keyed by objectKey with the reason.
 */
export function resolveDesiredScope(args: { desired: readonly RenderedObject[]; resources: readonly ApiResource[]; defaultNamespace: string }): { scoped: ScopedObject[]; unserved: Map<string, string>; unservedObjects: RenderedObject[] } {
  const scoped: ScopedObject[] = [];
  const unserved = new Map<string, string>();
  const unservedObjects: RenderedObject[] = [];
  for (const rendered of args.desired) {
    const { identity } = rendered;
    const resource = findApiResource({ resources: args.resources, apiVersion: identity.apiVersion, kind: identity.kind });
    if (!resource) {
      const other = findApiResource({ resources: args.resources, apiVersion: identity.apiVersion, kind: identity.kind, anyVersion: true });
      const reason = other
        ? `the cluster does not serve ${identity.apiVersion} ${identity.kind} (it serves ${other.group ? `${other.group}/` : ''}${other.version})`
        : `the cluster does not serve ${identity.apiVersion} ${identity.kind} (its CustomResourceDefinition is not installed?)`;
      const namespace = identity.namespace ?? args.defaultNamespace;
      const object = { ...rendered, identity: { ...identity, namespace } };
      unserved.set(objectKey(object.identity), reason);
      unservedObjects.push(object);
      continue;
    }
    const namespace = resource.namespaced ? (identity.namespace ?? args.defaultNamespace) : undefined;
    if (namespace === identity.namespace) {
      scoped.push({ rendered, resource });
      continue;
    }
    const metadata = { ...((rendered.object.metadata as Record<string, unknown> | undefined) ?? {}) };
    if (namespace === undefined) delete metadata.namespace;
    else metadata.namespace = namespace;
    scoped.push({ rendered: { ...rendered, object: { ...rendered.object, metadata }, identity: { ...identity, namespace } }, resource });
  }
  return { scoped, unserved, unservedObjects };
}
