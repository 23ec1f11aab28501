/** formatDriftValue writes one side of a drifted field for a terminal: strings bare, the rest as JSON, absence in words. */
export function formatDriftValue(value: unknown, present: boolean): string {
  if (!present) return '(not set)';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}
