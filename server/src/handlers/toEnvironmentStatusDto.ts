import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { driftStatuses } from '../engine/drift/Drift';
import type { CommitObject } from '../engine/git/readCommitObject';
import type { EnvironmentInspection } from '../engine/inspect/EnvironmentInspection';
import type { DriftStatusDto, EnvironmentStatusResult } from '../protocol/dtos';

/** toEnvironmentStatusDto converts an inspection to gitops/environmentStatus's result (locations as URIs, zero-based lines). */
export function toEnvironmentStatusDto(args: { root: string; inspection: EnvironmentInspection; reconciledCommit?: CommitObject; reconciledDate?: string }): EnvironmentStatusResult {
  const { inspection, root } = args;
  const { reconciled, pending } = inspection;
  const counts = Object.fromEntries(driftStatuses.map((status) => [status, 0])) as Record<DriftStatusDto, number>;
  for (const resource of inspection.drift) counts[resource.status]++;
  const reconciler = inspection.environment.reconciler ?? (inspection.environment.flux ? 'flux' : inspection.environment.argocd ? 'argocd' : 'push');
  return {
    environment: inspection.environment.name,
    reconciler,
    cluster: inspection.cluster,
    ...(inspection.head ? { head: inspection.head } : {}),
    reconciled: {
      source: reconciled?.source ?? null,
      ...(reconciled?.revision ? { revision: reconciled.revision } : {}),
      ...(reconciled?.ref ? { ref: reconciled.ref } : {}),
      ...(args.reconciledCommit ? { subject: args.reconciledCommit.message.split('\n')[0] } : {}),
      ...(args.reconciledDate ? { date: args.reconciledDate } : {}),
      ...(reconciled?.ready !== undefined ? { ready: reconciled.ready } : {}),
      ...(reconciled?.message ? { message: reconciled.message } : {}),
    },
    pending: {
      ...(pending?.behind !== undefined ? { count: pending.behind } : {}),
      commits: (pending?.pending ?? []).map((commit) => ({ sha: commit.sha, subject: commit.subject, author: commit.author, authorEmail: commit.authorEmail, date: commit.date, parents: commit.parents, files: commit.files })),
      ...(pending?.message ? { reason: pending.message } : inspection.cluster.state !== 'connected' ? { reason: inspection.cluster.message } : {}),
    },
    drift: {
      counts,
      resources: inspection.drift.map((resource) => ({
        apiVersion: resource.apiVersion,
        kind: resource.kind,
        ...(resource.namespace ? { namespace: resource.namespace } : {}),
        name: resource.name,
        status: resource.status,
        fields: resource.fields,
        ...(resource.reason ? { reason: resource.reason } : {}),
        ...(resource.origin ? { location: { uri: pathToFileURL(path.join(root, resource.origin.file)).toString(), line: Math.max(0, resource.origin.line - 1) } } : {}),
      })),
    },
    problems: inspection.problems.map((message) => ({ severity: 'warning' as const, message })),
  };
}
