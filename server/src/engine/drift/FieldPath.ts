/**
 * PathSegment is one step of a field path inside an object: a map key, a list item found by its merge
 * keys (`containers[name=api]`), a set item found by its value (`finalizers[=x]`), or a list index.
 * Key fields may be dotted paths into the item (`resource.name` for HPA metrics).
 */
export type PathSegment =
  | { field: string }
  | { key: Record<string, unknown> }
  | { value: unknown }
  | { index: number };

/** FieldPath is a path from the object's root. */
export type FieldPath = readonly PathSegment[];
