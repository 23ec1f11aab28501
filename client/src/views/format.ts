import type { DriftStatusDto, EnvironmentStatusResult, FieldDriftDto } from '../../../server/src/protocol/dtos';

/** Drift statuses that are drift, in the order the summary names them. */
export const driftOrder: readonly DriftStatusDto[] = ['modified', 'missing', 'extra', 'unknown'];

/** statusLabel is how a drift status reads in the tree. */
export function statusLabel(status: DriftStatusDto): string {
  return status === 'in-sync' ? 'in sync' : status;
}

/** shortSha is the 7-character form of a commit id. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** driftCount is the number of objects that differ from Git (modified, missing, extra). */
export function driftCount(status: EnvironmentStatusResult): number {
  const { counts } = status.drift;
  return (counts.modified ?? 0) + (counts.missing ?? 0) + (counts.extra ?? 0);
}

/** driftSummary reads like "2 modified, 1 missing" (in-sync objects are left out); '' when there is no drift or unknown. */
export function driftSummary(counts: Partial<Record<DriftStatusDto, number>>): string {
  return driftOrder
    .filter((status) => (counts[status] ?? 0) > 0)
    .map((status) => `${counts[status]} ${statusLabel(status)}`)
    .join(', ');
}

/** plural writes "1 commit" / "3 commits". */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** age reads like "3 days ago" for an ISO date ('' when it does not parse). */
export function age(date: string | undefined, now = Date.now()): string {
  if (!date) return '';
  const then = Date.parse(date);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** formatValue writes a drifted field's value compactly: scalars as YAML would, objects as one-line JSON. */
export function formatValue(value: unknown, max = 60): string {
  if (value === undefined) return '(absent)';
  if (value === null) return 'null';
  const text = typeof value === 'string' ? (/^[\w.\-/:@+=]*$/.test(value) && value !== '' ? value : JSON.stringify(value)) : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** fieldLine reads "path: desired → live". */
export function fieldLine(field: FieldDriftDto): string {
  return `${field.path}: ${formatValue(field.desired)} → ${formatValue(field.live)}`;
}

/** escapeMarkdown makes text safe inside a MarkdownString. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
