import { isJsonObject, type JsonSchema } from './JsonSchema';
import { openApiToJsonSchema } from './openApiToJsonSchema';

/** CrdSchema is the schema of one served version of a custom resource kind. */
export interface CrdSchema {
  group: string;
  version: string;
  kind: string;
  /** "<group>/<version>". */
  apiVersion: string;
  schema: JsonSchema;
}

/**
 * crdToSchemas turns a CustomResourceDefinition (apiextensions.k8s.io/v1, or the older v1beta1
 * with spec.validation) into one JSON schema per served version. The top level always accepts
 * apiVersion and kind (only this version's) and a standard ObjectMeta under metadata, because CRD
 * schemas usually leave those out and the API server supplies them. A version without a schema
 * accepts any fields, like the API server does.
 */
export function crdToSchemas(crd: unknown, options: { objectMeta: JsonSchema }): CrdSchema[] {
  if (!isJsonObject(crd) || !isJsonObject(crd.spec)) return [];
  const spec = crd.spec;
  const names = isJsonObject(spec.names) ? spec.names : {};
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string') return [];
  const group = spec.group;
  const kind = names.kind;
  const sharedSchema = isJsonObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const versions: Array<{ name: string; schema: unknown }> = [];
  if (Array.isArray(spec.versions)) {
    for (const version of spec.versions) {
      if (!isJsonObject(version) || typeof version.name !== 'string' || version.served === false) continue;
      const own = isJsonObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      versions.push({ name: version.name, schema: own ?? sharedSchema });
    }
  } else if (typeof spec.version === 'string') {
    versions.push({ name: spec.version, schema: sharedSchema });
  }
  return versions.map(({ name, schema }) => ({
    group,
    version: name,
    kind,
    apiVersion: `${group}/${name}`,
    schema: rootSchema(schema, `${group}/${name}`, kind, options.objectMeta),
  }));
}

function rootSchema(openApi: unknown, apiVersion: string, kind: string, objectMeta: JsonSchema): JsonSchema {
  const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const schema = openApiToJsonSchema(isJsonObject(openApi) ? openApi : open, { objectMeta });
  const { apiVersion: apiVersionProperty, kind: kindProperty, metadata: _metadata, ...rest } = isJsonObject(schema.properties) ? schema.properties : {};
  schema.type = 'object';
  schema.properties = {
    apiVersion: { ...(isJsonObject(apiVersionProperty) ? apiVersionProperty : {}), type: 'string', enum: [apiVersion] },
    kind: { ...(isJsonObject(kindProperty) ? kindProperty : {}), type: 'string', enum: [kind] },
    metadata: objectMeta,
    ...rest,
  };
  if (schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) schema.additionalProperties = false;
  return schema;
}
