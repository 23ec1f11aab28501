import type { SyncObjectRef, SyncPlan } from '../../engine/sync/SyncPlan';
import type { SyncOutcome } from '../../engine/sync/SyncResult';
import { fluxReconcileRequestAnnotation } from '../../engine/sync/requestFluxReconcile';
import { formatDriftValue } from './formatDriftValue';

function id(ref: SyncObjectRef): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** formatDuration writes milliseconds like Go's time.Duration (5m0s, 1m30s, 45s, 500ms). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${rest}s`;
}

/**
 * formatSyncPlanText writes a sync plan for a terminal: for push, one line per object to create
 * (+), update (~, with each field live → desired) and prune (-), the unchanged count, what is
 * kept, skipped or blocked, and a summary; for Flux and Argo CD, what will be requested and the
 * drift the reconciler will correct. Secret values arrive masked from the engine.
 */
export function formatSyncPlanText(args: { plan: SyncPlan; prune: boolean; timeoutMs: number }): string {
  const { plan } = args;
  const lines: string[] = [];
  const at = plan.head ? `${plan.head.slice(0, 12)}${plan.ref ? ` (${plan.ref})` : ''}` : 'no commit';
  if (plan.reconciler === 'push') {
    lines.push(`Push sync of ${at}: server-side apply as gitops-workbench; ApplySet parent ConfigMap ${plan.parent.namespace}/${plan.parent.name}${plan.parent.found ? '' : ' (created by this sync)'}`);
    for (const object of plan.creates) lines.push(`  + ${id(object)} create${object.afterCrd ? ' (after its CustomResourceDefinition)' : ''}${object.dryRunError ? `\n      ! the server refuses it: ${object.dryRunError}` : ''}`);
    for (const object of plan.updates) {
      lines.push(`  ~ ${id(object)} update${object.joins ? ' (joins the ApplySet)' : ''}${object.dryRunError ? `\n      ! the server refuses it: ${object.dryRunError}` : ''}`);
      for (const field of object.fields) lines.push(`      ${field.path}: ${formatDriftValue(field.live, 'live' in field)} → ${formatDriftValue(field.desired, 'desired' in field)}`);
    }
    for (const object of plan.prunes) lines.push(`  - ${id(object)} prune${args.prune ? '' : ' (only with --prune: left in place)'}`);
    const joining = plan.unchanged.filter((object) => object.joins).length;
    if (plan.unchanged.length > 0) lines.push(`  = ${plan.unchanged.length} unchanged${joining > 0 ? ` (${joining} join${joining === 1 ? 's' : ''} the ApplySet)` : ''}`);
    for (const object of plan.kept) lines.push(`  kept ${id(object)}: ${object.reason}`);
    for (const object of plan.skipped) lines.push(`  skipped ${id(object)}: ${object.reason}`);
    for (const object of plan.blocked) lines.push(`  ✗ ${id(object)} cannot be applied: ${object.reason}`);
    const prunes = args.prune ? `${plan.prunes.length} to prune` : `${plan.prunes.length} to prune with --prune`;
    lines.push(`Plan: ${plan.creates.length} to create, ${plan.updates.length} to update, ${prunes}, ${plan.unchanged.length} unchanged${plan.blocked.length > 0 ? `, ${plan.blocked.length} blocked` : ''}.`);
  } else if (plan.reconciler === 'flux') {
    lines.push(`Flux sync of ${at}: annotate with ${fluxReconcileRequestAnnotation}, in order, and wait up to ${formatDuration(args.timeoutMs)} for each to be reconciled:`);
    plan.targets.forEach((target, index) => lines.push(`  ${index + 1}. ${target.kind} ${target.namespace}/${target.name}`));
  } else {
    lines.push(`Argo CD sync of ${at}: set the sync operation of each Application (initiated by gitops-workbench) and wait up to ${formatDuration(args.timeoutMs)}:`);
    for (const application of plan.applications) {
      const sync = (application.operation.sync ?? {}) as { revision?: string; revisions?: string[]; prune?: boolean };
      lines.push(`  Application ${application.namespace}/${application.name}: sync ${sync.revisions ? `revisions ${sync.revisions.join(', ')}` : `revision ${sync.revision ?? 'HEAD'}`}${sync.prune ? ', prune' : ''}`);
    }
  }
  if (plan.reconciler !== 'push') {
    const changes = plan.drift.changes;
    lines.push(changes.length === 0 ? 'The cluster matches Git: the reconciler has nothing to change.' : `What ${plan.reconciler === 'flux' ? 'Flux' : 'Argo CD'} will change (${plural(changes.length, 'object')} not in sync):`);
    for (const change of changes) {
      lines.push(`  ► ${id(change)} ${change.status}${change.reason && change.status !== 'modified' ? ` (${change.reason})` : ''}`);
      for (const field of change.fields) lines.push(`      ${field.path}: ${formatDriftValue(field.live, 'live' in field)} → ${formatDriftValue(field.desired, 'desired' in field)}`);
    }
  }
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  for (const blocker of plan.blockers) lines.push(`cannot sync [${blocker.code}]: ${blocker.message}`);
  return `${lines.join('\n')}\n`;
}

/** formatSyncOutcomeText writes what a sync did: per object, then one summary line. */
export function formatSyncOutcomeText(args: { outcome: SyncOutcome }): string {
  const { outcome } = args;
  const lines: string[] = [];
  if (outcome.reconciler === 'push') {
    for (const object of outcome.applied) if (object.action !== 'unchanged') lines.push(`  ${object.action} ${id(object)}`);
    const unchanged = outcome.applied.filter((object) => object.action === 'unchanged').length;
    if (unchanged > 0) lines.push(`  ${unchanged} unchanged`);
    for (const object of outcome.pruned) lines.push(`  pruned ${id(object)}`);
    for (const failure of outcome.failures) lines.push(`  ✗ ${id(failure)} ${failure.phase === 'prune' ? 'not pruned' : 'not applied'}: ${failure.message}`);
    for (const object of outcome.notPruned) lines.push(`  not pruned ${id(object)}: ${object.reason}`);
  } else {
    for (const object of outcome.objects) lines.push(`  ${object.outcome} ${object.kind} ${object.namespace}/${object.name}${object.revision ? ` at ${object.revision}` : ''}${object.message ? `: ${object.message}` : ''}`);
  }
  const word = { succeeded: 'Sync succeeded', failed: 'Sync failed', 'timed-out': 'Sync timed out', cancelled: 'Sync cancelled' }[outcome.outcome];
  lines.push(`${word}: ${outcome.message}`);
  return `${lines.join('\n')}\n`;
}
