import type { PlannedApplyDto, PlanSyncResult, ResourceDriftDto, SyncNoteDto, SyncObjectDto, SyncResult } from '../../../server/src/protocol/dtos';
import { formatValue, plural, shortSha } from '../views/format';

/** The most entries a list of the confirmation dialog shows (the rest is counted). */
const listLimit = 12;

/** indent: no-break spaces, since the dialog collapses ordinary leading spaces. */
export function indent(depth: number): string {
  return '\u00a0'.repeat(depth * 2);
}

/** PlanText is the confirmation dialog of a sync plan: its question and the plan in words. */
export interface PlanText {
  title: string;
  detail: string;
  /** Nothing would change in the cluster and the applied commit is already the head. */
  nothingToDo: boolean;
}

/** objectName reads "Deployment shop/web" (namespace when there is one). */
export function objectName(object: { kind: string; namespace?: string; name: string }): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

/** pruneCandidates are what the sync deletes when the user ticks prune: push prunes; Argo CD's extra objects. */
export function pruneCandidates(plan: PlanSyncResult): (SyncObjectDto | ResourceDriftDto)[] {
  if (plan.push) return plan.push.prunes;
  if (plan.argocd) return (plan.drift?.resources ?? []).filter((resource) => resource.status === 'extra');
  return [];
}

function limited<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, listLimit).map(line);
  if (items.length > listLimit) lines.push(`${indent(1)}…and ${items.length - listLimit} more`);
  return lines;
}

function applyLine(sign: string, object: PlannedApplyDto): string[] {
  const notes = [
    object.afterCrd ? 'after its CRD' : '',
    object.joins ? 'joins the ApplySet' : '',
    object.ownedBy ? `also claimed by ${object.ownedBy}: the sync takes over the fields Git declares` : '',
    object.dryRunError ? `the API server refuses it: ${object.dryRunError}` : '',
  ].filter(Boolean);
  return [
    `${indent(1)}${sign} ${objectName(object)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
    ...object.fields.slice(0, 6).map((field) => `${indent(3)}${field.path}: ${formatValue(field.live)} → ${formatValue(field.desired)}`),
    ...(object.fields.length > 6 ? [`${indent(3)}…and ${object.fields.length - 6} more fields`] : []),
  ];
}

function noteLine(sign: string, note: SyncNoteDto): string {
  return `${indent(1)}${sign} ${objectName(note)} — ${note.reason}`;
}

function driftLines(resources: readonly ResourceDriftDto[]): string[] {
  const sign: Record<string, string> = { modified: '~', missing: '+', extra: '-', unknown: '?' };
  return limited(
    resources.filter((resource) => resource.status !== 'in-sync'),
    (resource) =>
      `${indent(1)}${sign[resource.status] ?? ' '} ${objectName(resource)} ${resource.status}${resource.fields.length > 0 ? `: ${resource.fields.slice(0, 3).map((field) => `${field.path} ${formatValue(field.live)} → ${formatValue(field.desired)}`).join(', ')}${resource.fields.length > 3 ? ', …' : ''}` : ''}`,
  );
}

/**
 * describeSyncPlan writes a sync plan for the modal confirmation: what the server-side apply
 * creates, updates (field by field, live → Git), leaves unchanged and could prune; or what Flux /
 * Argo CD will be asked to do and the drift they will undo.
 */
export function describeSyncPlan(plan: PlanSyncResult): PlanText {
  const at = plan.head ? `${shortSha(plan.head)}${plan.ref ? ` (${plan.ref.replace(/^refs\/heads\//, '')})` : ''}` : 'the work tree';
  const cluster = `Context ${plan.cluster.context ?? '(default)'}${plan.cluster.server ? ` (${plan.cluster.server})` : ''}.`;
  const warnings = plan.warnings.length > 0 ? ['', 'Warnings:', ...limited(plan.warnings, (warning) => `${indent(1)}! ${warning}`)] : [];
  if (plan.push) {
    const push = plan.push;
    const changes = push.creates.length + push.updates.length + push.prunes.length;
    const parentRecord = push.parent.found ? (push.parent.revision ? `it records ${shortSha(push.parent.revision)} as applied now` : 'it records no applied commit yet') : 'created by this sync';
    const lines = [
      `${cluster} Server-side apply as gitops-workbench; ApplySet parent ConfigMap ${push.parent.namespace}/${push.parent.name} (${parentRecord}).`,
      '',
      ...(push.creates.length > 0 ? [`Create ${push.creates.length}:`, ...limited(push.creates, (object) => applyLine('+', object).join('\n'))] : []),
      ...(push.updates.length > 0 ? [`Update ${push.updates.length}:`, ...limited(push.updates, (object) => applyLine('~', object).join('\n'))] : []),
      ...(push.unchanged.length > 0 ? [`Unchanged: ${plural(push.unchanged.length, 'object')} (applied too: that keeps ${push.unchanged.length === 1 ? 'it' : 'them'} in the ApplySet).`] : []),
      ...(push.prunes.length > 0 ? [`Prune ${push.prunes.length} — only if you choose to, next:`, ...limited(push.prunes, (note) => noteLine('-', note))] : []),
      ...(push.kept.length > 0 ? ['Not in Git, never pruned:', ...limited(push.kept, (note) => noteLine('=', note))] : []),
      ...(push.skipped.length > 0 ? ['Skipped:', ...limited(push.skipped, (note) => noteLine('·', note))] : []),
      ...(push.blocked.length > 0 ? ['Cannot be applied (the sync will fail on these):', ...limited(push.blocked, (note) => noteLine('✗', note))] : []),
      ...(changes === 0 ? ['Nothing changes in the cluster.'] : []),
      ...warnings,
    ];
    const nothingToDo = changes === 0 && push.blocked.length === 0 && push.parent.found && push.parent.revision !== undefined && push.parent.revision === plan.head;
    return { title: `Sync ${plan.environment} to ${at} by server-side apply?`, detail: lines.join('\n'), nothingToDo };
  }
  if (plan.flux) {
    const stages = [...new Set(plan.flux.targets.map((target) => target.stage))].sort((a, b) => a - b);
    const lines = [
      `${cluster} Flux applies the environment; GitOps Workbench asks it to reconcile now (reconcile.fluxcd.io/requestedAt), then follows it until Ready, failed or timed out:`,
      ...stages.map((stage, index) => `${indent(1)}${index + 1}. ${plan.flux!.targets.filter((target) => target.stage === stage).map((target) => `${target.kind} ${target.namespace}/${target.name}`).join(', ')}`),
      '',
      ...((plan.drift?.resources.length ?? 0) > 0 ? ['What Flux will change (the live drift):', ...driftLines(plan.drift!.resources)] : ['No drift is known: Flux should find nothing to change.']),
      ...warnings,
    ];
    return { title: `Ask Flux to reconcile ${plan.environment} at ${at}?`, detail: lines.join('\n'), nothingToDo: false };
  }
  const applications = plan.argocd?.applications ?? [];
  const lines = [
    `${cluster} Argo CD applies the environment; GitOps Workbench sets a sync operation, then follows it until it succeeds, fails or times out:`,
    ...limited(applications, (application) => `${indent(1)}• Application ${application.namespace}/${application.name}${revisionOf(application.operation)}`),
    '',
    ...((plan.drift?.resources.length ?? 0) > 0 ? ['What Argo CD will change (the live drift):', ...driftLines(plan.drift!.resources)] : ['No drift is known: Argo CD should find nothing to change.']),
    ...warnings,
  ];
  return { title: `Ask Argo CD to sync ${plan.environment}?`, detail: lines.join('\n'), nothingToDo: false };
}

function revisionOf(operation: Record<string, unknown>): string {
  const sync = operation.sync as { revision?: unknown; revisions?: unknown } | undefined;
  const revision = typeof sync?.revision === 'string' ? sync.revision : Array.isArray(sync?.revisions) ? sync.revisions.join(', ') : undefined;
  return revision ? ` (revision ${revision})` : '';
}

/** describeNotPruned lists the prunes left in place, with why (not asked for, an apply failed…). */
export function describeNotPruned(result: SyncResult): string[] {
  return (result.notPruned ?? []).map((kept) => `= not pruned ${objectName(kept)}: ${kept.reason}`);
}

/** describeSyncFailures lists what failed, one object a line (push failures, or Flux / Argo CD objects not succeeded). */
export function describeSyncFailures(result: SyncResult): string[] {
  const lines: string[] = [];
  for (const failure of result.failures ?? []) lines.push(`✗ ${failure.phase === 'prune' ? 'prune ' : ''}${objectName(failure)}: ${failure.message}${failure.reason ? ` (${failure.reason})` : ''}`);
  for (const object of result.objects ?? []) if (object.outcome !== 'succeeded') lines.push(`${object.outcome === 'not-started' ? '·' : '✗'} ${object.kind} ${object.namespace}/${object.name}: ${object.outcome}${object.message ? ` — ${object.message}` : ''}`);
  if (result.parent?.error) lines.push(`! ApplySet parent ${result.parent.namespace}/${result.parent.name}: ${result.parent.error}`);
  return lines;
}
