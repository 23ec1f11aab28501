const maxShown = 40;

/** describeValue names a value's JSON type and shows short scalars: string "three", number 3, boolean true, null, object, array. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > maxShown ? `${value.slice(0, maxShown)}…` : value)}`;
    case 'number':
      return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
    case 'boolean':
      return `boolean ${value}`;
    default:
      return 'object';
  }
}
