import { createHash } from 'node:crypto';
import { groupVersion, type ResourceRegistry } from './resourceTypes';

/**
 * A minimal OpenAPI v3 surface: `/openapi/v3` lists every served group-version, and each
 * `/openapi/v3/apis/<g>/<v>` document has one PATCH operation per kind that declares the
 * `fieldValidation` query parameter and the `x-kubernetes-group-version-kind` extension. That is
 * what kubectl's query-parameter verifier looks for before it leaves field validation to the server
 * (so `kubectl apply` works with its default `--validate=true`). No schemas are served.
 */

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : 'api/v1';
}

export function openApiGroupVersionDocument(registry: ResourceRegistry, group: string, version: string): unknown | undefined {
  const types = registry.all().filter((type) => type.group === group && type.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const parameters = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string' }, uniqueItems: true }));
  for (const type of types) {
    const base = `/${gvPath(group, version)}${type.namespaced ? '/namespaces/{namespace}' : ''}/${type.resource}/{name}`;
    const gvk = { group, version, kind: type.kind };
    paths[base] = {
      patch: {
        operationId: `patch${type.namespaced ? 'Namespaced' : ''}${type.kind}`,
        parameters,
        requestBody: { content: { 'application/apply-patch+yaml': {}, 'application/json-patch+json': {}, 'application/merge-patch+json': {}, 'application/strategic-merge-patch+json': {} } },
        responses: { '200': { description: 'OK' }, '201': { description: 'Created' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas: {} } };
}

export function openApiRoot(registry: ResourceRegistry): unknown {
  const paths: Record<string, unknown> = {};
  for (const [group, versions] of registry.groups()) {
    for (const version of versions) {
      const doc = openApiGroupVersionDocument(registry, group, version);
      const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 64).toUpperCase();
      paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}` };
    }
  }
  return { paths };
}

export function parseOpenApiPath(pathname: string): { group: string; version: string } | undefined {
  const core = /^\/openapi\/v3\/api\/(v1)$/.exec(pathname);
  if (core) return { group: '', version: core[1] };
  const named = /^\/openapi\/v3\/apis\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (named) return { group: named[1], version: named[2] };
  return undefined;
}

export { groupVersion };
