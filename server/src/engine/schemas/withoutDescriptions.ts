import { isJsonObject, type JsonSchema } from './JsonSchema';

/** Keywords whose value is a map of names to schemas. */
const schemaMaps = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
/** Keywords whose value is a schema or a list of schemas. */
const schemaValues = new Set(['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'allOf', 'anyOf', 'oneOf', 'prefixItems', 'unevaluatedItems', 'unevaluatedProperties']);

/**
 * withoutDescriptions is a schema without the `description` keyword of any of its schemas. The
 * build's validators (generateBundleValidators) hold their schema as data, where descriptions were
 * a fifth of each module (the Deployment's: 570 → 450 KB), and no finding reads them (hovers read
 * the bundle). Data is left as written: enum, const, default and x-kubernetes-* values, and
 * properties named "description".
 */
export function withoutDescriptions(schema: JsonSchema): JsonSchema {
  const stripped: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'description' && typeof value === 'string') continue;
    if (schemaMaps.has(keyword) && isJsonObject(value)) {
      stripped[keyword] = Object.fromEntries(Object.entries(value).map(([name, member]) => [name, asSchema(member)]));
    } else if (schemaValues.has(keyword)) {
      stripped[keyword] = Array.isArray(value) ? value.map(asSchema) : asSchema(value);
    } else {
      stripped[keyword] = value;
    }
  }
  return stripped;
}

/** asSchema strips a member that is a schema; `true`, `false` and anything else stay as they are. */
function asSchema(member: unknown): unknown {
  return isJsonObject(member) ? withoutDescriptions(member) : member;
}
