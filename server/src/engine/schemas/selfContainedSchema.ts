import { isJsonObject, type JsonSchema } from './JsonSchema';

const definitionRef = /(?:^|definitions\.json)#\/definitions\/([^/]+)$/;

/**
 * selfContainedSchema copies a schema with every shared definition it reaches (directly or through
 * other definitions) under its own `definitions`, and rewrites the references to
 * "#/definitions/<name>": yaml-language-server then needs no other file for hover and completion.
 * References may be written relative to the bundle ("definitions.json#/definitions/X"), inside the
 * definitions file ("#/definitions/X") or absolute ("gitops-schema://bundle/definitions.json#/…").
 * The schema's own definitions (a deduplicated CRD's "crd.…") are kept beside them.
 */
export function selfContainedSchema(schema: JsonSchema, definitions: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const included = new Map<string, JsonSchema>();
  const queued = new Set<string>();
  const pending: string[] = [];
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (!isJsonObject(node)) return node;
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      const match = key === '$ref' && typeof value === 'string' ? definitionRef.exec(value) : null;
      if (match && match[1] in definitions) {
        out.$ref = `#/definitions/${match[1]}`;
        if (!queued.has(match[1])) {
          queued.add(match[1]);
          pending.push(match[1]);
        }
      } else {
        out[key] = key === 'enum' || key === 'default' || key === 'example' ? value : copy(value);
      }
    }
    return out;
  };
  const { $id: _id, ...rest } = schema;
  const root = copy(rest) as JsonSchema;
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    included.set(name, copy(definitions[name]) as JsonSchema);
  }
  const names = [...included.keys()].sort();
  const own = isJsonObject(root.definitions) ? root.definitions : {};
  const merged = { ...own, ...Object.fromEntries(names.map((name) => [name, included.get(name)])) };
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...root, ...(Object.keys(merged).length > 0 ? { definitions: merged } : {}) };
}
