/** definedOnly drops undefined entries, so `{ ...defaults, ...definedOnly(args) }` keeps a default the caller left undefined. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
