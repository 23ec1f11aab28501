import { parseArgs } from 'node:util';
import { driftStatuses, driftStatusWords, type DriftStatus, type ResourceDrift } from '../../engine/drift/Drift';
import type { EnvironmentInspection } from '../../engine/inspect/EnvironmentInspection';
import { UsageError, exitCodes } from '../CliError';
import type { CliIo } from '../CliIo';
import { formatDriftValue } from '../format/formatDriftValue';
import { clusterOptions, inspectFromCli } from '../inspectFromCli';

export const driftUsage = `Usage: gitops-workbench drift --env NAME [--repo DIR] [--kubeconfig FILE[:FILE…]] [--context NAME] [--format text|json] [--exact]

Compares an environment's desired state (rendered from Git) with the live cluster and reports, per
object, in sync, modified (with each drifted field, desired and live), missing, extra (live, claimed
by the environment's reconciler, not in Git) or unknown (not readable, with the reason). Only fields
Git declares are compared; server defaults, status and metadata the server writes are not drift;
ignoreDifferences in .gitops-workbench.yaml apply. Also shows the commit the reconciler last applied
and how many commits the branch is ahead. Secret values are never printed (a short hash of each side).
--exact confirms each modified object with a server-side apply dry-run, as Flux does.
Exit 0 in sync, 1 drift, 2 usage error, cluster unreachable, or objects that could not be read.`;

/** drift is the `gitops-workbench drift` command. */
export async function drift(args: { argv: string[]; io: CliIo }): Promise<number> {
  const { values } = parseArgs({ args: args.argv, options: clusterOptions, allowPositionals: false });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const inspection = await inspectFromCli({ values, io: args.io });
  if (format === 'json') args.io.stdout(`${JSON.stringify(driftJson(inspection), null, 2)}\n`);
  else args.io.stdout(driftText(inspection));
  // Status problems are already in the reconciled line of the text output.
  const shown = format === 'text' ? new Set(inspection.reconciled?.problems.map((problem) => problem.message)) : new Set<string>();
  for (const problem of inspection.problems) if (!shown.has(problem)) args.io.stderr(`warning: ${problem}\n`);
  return driftExitCode(inspection);
}

/** driftExitCode: 1 when anything drifted, else 2 when the cluster or some objects could not be read, else 0. */
export function driftExitCode(inspection: EnvironmentInspection): number {
  if (inspection.cluster.state !== 'connected') return exitCodes.error;
  if (inspection.drift.some((resource) => resource.status === 'modified' || resource.status === 'missing' || resource.status === 'extra')) return exitCodes.findings;
  return inspection.drift.some((resource) => resource.status === 'unknown') ? exitCodes.error : exitCodes.clean;
}

function driftJson(inspection: EnvironmentInspection): Record<string, unknown> {
  const { reconciled, pending } = inspection;
  return {
    environment: inspection.environment.name,
    head: inspection.head ?? null,
    reconciled: {
      revision: reconciled?.revision ?? null,
      source: reconciled?.source ?? null,
      behind: pending?.behind ?? null,
      ...(reconciled?.ref ? { ref: reconciled.ref } : {}),
      ...(reconciled?.ready !== undefined ? { ready: reconciled.ready } : {}),
      ...(reconciled?.message ? { message: reconciled.message } : {}),
      pending: (pending?.pending ?? []).map((commit) => ({ sha: commit.sha, subject: commit.subject, author: commit.author, date: commit.date })),
    },
    cluster: inspection.cluster,
    resources: inspection.drift.map(resourceJson),
    problems: inspection.problems,
  };
}

/** resourceJson is one object's entry, its fields set one by one in output order (object spreads are slow across 10,000 entries). */
function resourceJson(resource: ResourceDrift): Record<string, unknown> {
  const entry: Record<string, unknown> = { apiVersion: resource.apiVersion, kind: resource.kind };
  if (resource.namespace) entry.namespace = resource.namespace;
  entry.name = resource.name;
  entry.status = resource.status;
  entry.fields = resource.fields;
  if (resource.reason) entry.reason = resource.reason;
  if (resource.origin) entry.origin = resource.origin;
  return entry;
}

function driftText(inspection: EnvironmentInspection): string {
  const lines: string[] = [];
  const { cluster, reconciled, pending } = inspection;
  lines.push(`Environment ${inspection.environment.name}${cluster.context ? `  context ${cluster.context}` : ''}${cluster.server ? ` (${cluster.server})` : ''}`);
  for (const warning of cluster.warnings) lines.push(`  warning: ${warning}`);
  if (cluster.state !== 'connected') {
    lines.push(`  cluster ${cluster.state}: ${cluster.message ?? ''}`);
  } else if (reconciled) {
    const revision = reconciled.revision ? reconciled.revision.slice(0, 12) : 'unknown';
    const state = reconciled.ready === true ? 'Ready' : reconciled.ready === false ? 'not Ready' : '';
    lines.push(`  reconciled by ${reconciled.source ?? 'nothing found'}: ${revision}${reconciled.ref ? ` (${reconciled.ref})` : ''}${state ? `, ${state}` : ''}${reconciled.message ? ` — ${reconciled.message}` : ''}`);
    if (pending?.behind !== undefined) {
      lines.push(`  ${pending.behind} commit${pending.behind === 1 ? '' : 's'} pending${pending.behind > 0 ? ':' : ''}`);
      for (const commit of pending.pending) lines.push(`    ${commit.sha.slice(0, 7)} ${commit.subject}`);
    } else if (pending?.message && !pending.message.includes(reconciled.message ?? '\u0000')) lines.push(`  pending commits unknown: ${pending.message}`);
  }
  for (const resource of inspection.drift) {
    if (resource.status === 'in-sync') continue;
    const id = `${resource.kind}/${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
    lines.push(`► ${id} ${driftStatusWords[resource.status]}${resource.reason ? ` (${resource.reason})` : ''}${resource.origin ? `  ${resource.origin.file}:${resource.origin.line}` : ''}`);
    for (const field of resource.fields) lines.push(`    ${field.path}: ${formatDriftValue(field.desired, 'desired' in field)} → ${formatDriftValue(field.live, 'live' in field)}`);
  }
  const counts = new Map<DriftStatus, number>();
  for (const resource of inspection.drift) counts.set(resource.status, (counts.get(resource.status) ?? 0) + 1);
  const summary = [...driftStatuses].reverse().filter((status) => counts.get(status)).map((status) => `${counts.get(status)} ${driftStatusWords[status]}`);
  lines.push(`${inspection.drift.length} object${inspection.drift.length === 1 ? '' : 's'}${summary.length > 0 ? `: ${summary.join(', ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}
