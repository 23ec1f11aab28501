/** JsonSchema is a draft-07 JSON Schema as plain data (the bundle's and converted CRD schemas). */
export type JsonSchema = { [keyword: string]: unknown };

/** isJsonObject tells a JSON object from arrays, null and scalars. */
export function isJsonObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
