import { isJsonObject, type JsonSchema } from './JsonSchema';

/** Keywords whose value is one subschema that can be hoisted (and `properties`, a map of them). */
const hoistableValues = ['items', 'additionalProperties'];

/**
 * hoistLargeSubschemas moves every subschema of a property, of `items` or of
 * `additionalProperties` whose JSON is `maxSize` characters or more into the schema's
 * `definitions` ("#/definitions/<prefix><n>-<field>"), innermost first: a body stays that large
 * only when its own keywords make it so. ajv generates one function per definition, and a PodSpec
 * written inline became one 190 KB function, too large for V8's optimizing compiler: every
 * workload document ran it unoptimized. The bodies of existing definitions are hoisted from too.
 * What validates is unchanged, and so are the errors but for their schemaPath. Branches of
 * allOf/anyOf/oneOf and `not` stay inline: formatSchemaErrors collapses a failed alternative's
 * errors by their schemaPath.
 */
export function hoistLargeSubschemas(args: { schema: JsonSchema; maxSize: number; prefix: string }): JsonSchema {
  const { maxSize, prefix } = args;
  const hoisted: JsonSchema = {};
  let count = 0;
  const rewrite = (node: JsonSchema): JsonSchema => {
    const copy: JsonSchema = { ...node };
    const members = copy.properties;
    if (isJsonObject(members)) copy.properties = Object.fromEntries(Object.entries(members).map(([name, member]) => [name, rewriteMember(member, name)]));
    for (const keyword of hoistableValues) if (copy[keyword] !== undefined) copy[keyword] = rewriteMember(copy[keyword], keyword);
    return copy;
  };
  const rewriteMember = (member: unknown, field: string): unknown => {
    if (!isJsonObject(member)) return member;
    const body = rewrite(member);
    if (JSON.stringify(body).length < maxSize) return body;
    const name = `${prefix}${count++}-${field.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    hoisted[name] = body;
    return { $ref: `#/definitions/${name}` };
  };
  const root = rewrite(args.schema);
  const definitions = isJsonObject(args.schema.definitions) ? Object.fromEntries(Object.entries(args.schema.definitions).map(([name, body]) => [name, isJsonObject(body) ? rewrite(body) : body])) : undefined;
  if (count === 0) return args.schema;
  return { ...root, definitions: { ...definitions, ...hoisted } };
}
