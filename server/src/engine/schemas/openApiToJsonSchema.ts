import { isJsonObject, type JsonSchema } from './JsonSchema';

/** OpenApiToJsonSchemaOptions says what an embedded resource's metadata is. */
export interface OpenApiToJsonSchemaOptions {
  /** Schema of metadata in embedded resources, usually a $ref to the bundle's ObjectMeta. */
  objectMeta: JsonSchema;
}

const schemaMaps = ['properties', 'patternProperties', 'definitions'];
const schemaValues = ['items', 'additionalProperties', 'additionalItems', 'not'];
const schemaLists = ['items', 'allOf', 'anyOf', 'oneOf'];

/**
 * openApiToJsonSchema converts a CRD's structural openAPIV3Schema into the strict draft-07 form
 * the bundle uses (scripts/generateSchemas.mjs does the same for the bundled CRDs):
 * - `nullable: true` adds "null" to the type (and to an enum), since ajv knows no nullable without type;
 * - `x-kubernetes-int-or-string` becomes type ["integer","string"], dropping controller-gen's
 *   equivalent anyOf so a wrong value gets one message, not three;
 * - `x-kubernetes-embedded-resource` objects accept apiVersion, kind and a standard ObjectMeta;
 * - objects with properties and no additionalProperties are closed (kubeconform -strict), unless
 *   they say `x-kubernetes-preserve-unknown-fields`.
 */
export function openApiToJsonSchema(node: unknown, options: OpenApiToJsonSchemaOptions): JsonSchema {
  if (!isJsonObject(node)) return {};
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (schemaMaps.includes(key) && isJsonObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, openApiToJsonSchema(child, options)]));
    } else if (schemaValues.includes(key) && isJsonObject(value)) {
      out[key] = openApiToJsonSchema(value, options);
    } else if (schemaLists.includes(key) && Array.isArray(value)) {
      out[key] = value.map((child) => openApiToJsonSchema(child, options));
    } else {
      out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    if (Array.isArray(out.anyOf) && out.anyOf.every(isTypeOnly)) delete out.anyOf;
    out.type = ['integer', 'string'];
  }
  if (Array.isArray(out.oneOf) && out.oneOf.every(isTypeOnly)) {
    const types = [...new Set(out.oneOf.flatMap((branch) => [(branch as JsonSchema).type].flat()))];
    out.type = types.includes('null') ? [...types.filter((type) => type !== 'null'), 'null'] : types;
    delete out.oneOf;
  }
  if (node.nullable === true) {
    if (out.type !== undefined) out.type = [...new Set([out.type, 'null'].flat())];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: { description: 'API version of the embedded object.', type: 'string' },
      kind: { description: 'Kind of the embedded object.', type: 'string' },
      ...(isJsonObject(out.properties) ? out.properties : {}),
      metadata: options.objectMeta,
    };
  }
  if (isJsonObject(out.properties) && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

function isTypeOnly(branch: unknown): boolean {
  return isJsonObject(branch) && Object.keys(branch).length === 1 && branch.type !== undefined;
}
