import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from './JsonSchema';
import type { SchemaBundle, SchemaBundleIndex } from './SchemaBundle';

/**
 * loadSchemaBundle reads the bundle's index now and everything else on first use: a kind's file
 * is a few KiB, the shared definitions about half a MiB (parsed once, in ~15 ms).
 */
export function loadSchemaBundle(dir: string): SchemaBundle {
  const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as SchemaBundleIndex;
  const files = new Map<string, JsonSchema>();
  let definitions: Record<string, JsonSchema> | undefined;
  const readSchema = (file: string): JsonSchema => {
    let schema = files.get(file);
    if (!schema) {
      schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JsonSchema;
      files.set(file, schema);
    }
    return schema;
  };
  return {
    dir,
    index,
    readSchema,
    definitions() {
      definitions ??= (readSchema(index.definitions).definitions ?? {}) as Record<string, JsonSchema>;
      return definitions;
    },
  };
}
