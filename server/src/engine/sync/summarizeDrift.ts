import { driftStatuses, type DriftStatus, type ResourceDrift } from '../drift/Drift';
import type { DriftSummary } from './SyncPlan';

/** summarizeDrift counts an inspection's drift verdicts and lists the objects not in sync (Secret values are already masked). */
export function summarizeDrift(args: { drift: readonly ResourceDrift[] }): DriftSummary {
  const counts = Object.fromEntries(driftStatuses.map((status) => [status, 0])) as Record<DriftStatus, number>;
  for (const resource of args.drift) counts[resource.status]++;
  const changes = args.drift
    .filter((resource) => resource.status !== 'in-sync')
    .map((resource) => ({
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      ...(resource.namespace ? { namespace: resource.namespace } : {}),
      name: resource.name,
      status: resource.status,
      fields: resource.fields,
      ...(resource.reason ? { reason: resource.reason } : {}),
    }));
  return { counts, changes };
}
