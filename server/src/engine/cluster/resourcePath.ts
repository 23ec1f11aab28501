import type { ApiResource } from './KubeClient';

/**
 * resourcePath is the URL path of a resource kind, of its objects in a namespace, or of one object:
 * /api/v1/namespaces/shop/configmaps/app, /apis/apps/v1/deployments (every namespace).
 * The namespace is used only for namespaced kinds.
 */
export function resourcePath(args: { resource: ApiResource; namespace?: string; name?: string }): string {
  const { resource } = args;
  const base = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const scope = resource.namespaced && args.namespace ? `/namespaces/${encodeURIComponent(args.namespace)}` : '';
  const name = args.name !== undefined ? `/${encodeURIComponent(args.name)}` : '';
  return `${base}${scope}/${resource.plural}${name}`;
}

/** apiVersionOf is the apiVersion of a resource kind's objects: v1, apps/v1. */
export function apiVersionOf(resource: ApiResource): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}
