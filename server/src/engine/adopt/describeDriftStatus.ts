import type { ResourceDrift } from '../drift/Drift';

/**
 * describeDriftStatus says in a few words how an object is live, for a code lens above it:
 * "live: modified (2 fields)", "live: in sync", "live: missing in cluster", "live: unknown (forbidden)".
 */
export function describeDriftStatus(args: { resource: Pick<ResourceDrift, 'status' | 'fields' | 'reason'> }): string {
  const { status, fields, reason } = args.resource;
  switch (status) {
    case 'modified':
      return `live: modified (${fields.length} field${fields.length === 1 ? '' : 's'})`;
    case 'missing':
      return 'live: missing in cluster';
    case 'unknown':
      return `live: unknown${reason ? ` (${reason})` : ''}`;
    case 'extra':
      return 'live: not in Git';
    default:
      return reason ? `live: in sync (${reason})` : 'live: in sync';
  }
}
