import * as vscode from 'vscode';
import type { PlanSyncParams, PlanSyncResult, SyncResult } from '../../../server/src/protocol/dtos';
import { PlanSyncRequest, SyncRequest } from '../../../server/src/protocol/requests';
import { readClientSettings } from '../config';
import type { Ctx } from '../ctx';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { errorCode, errorMessage, isCancelled } from '../model/requestErrors';
import { describeNotPruned, describeSyncFailures, describeSyncPlan, indent, objectName, pruneCandidates } from '../ui/describeSyncPlan';
import { environmentOf } from '../ui/pickEnvironment';
import { plural } from '../views/format';

export const syncEnvironmentId = 'gitopsWorkbench.syncEnvironment';

/** The buttons of the sync dialogs. */
const syncButtons = { sync: 'Sync', prune: 'Prune', keep: "Don't Prune" } as const;

/** SyncRun is what the command did (for the tests): the plan shown, whether prune was chosen, the outcome. */
export interface SyncRun {
  plan: PlanSyncResult;
  prune: boolean;
  result?: SyncResult;
}

/**
 * syncEnvironment (GitOps: Sync Environment) makes an environment's cluster match Git the way its
 * reconciler works. It asks the server for a plan (gitops/planSync: a dry-run that changes
 * nothing), shows it in a modal dialog (push: creates, updates field by field, prunes, what is
 * kept; Flux / Argo CD: what will be requested of them and the drift they will undo; blockers
 * explained instead), asks separately whether to prune (off unless the user says so), then runs
 * exactly that plan (gitops/sync with its planId) with a cancellable progress notification fed by
 * gitops/syncProgress, lists per-object failures, and inspects the environment again so the tree
 * shows the result.
 */
export async function syncEnvironment(ctx: Ctx, arg?: unknown): Promise<SyncRun | undefined> {
  const entry = await environmentOf(ctx, arg, 'GitOps: Sync Environment');
  if (!entry) return undefined;
  const environment = entry.environment.name;
  const params = planParams(ctx, entry);

  let plan: PlanSyncResult;
  try {
    plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Previewing the sync of ${environment} (dry-run)…`, cancellable: true }, (_progress, token) =>
      ctx.client.sendRequest(PlanSyncRequest, params, token),
    );
  } catch (error) {
    if (!isCancelled(error)) await explainFailure(ctx, entry, `The sync of ${environment} could not be previewed`, error);
    return undefined;
  }
  const text = describeSyncPlan(plan);
  ctx.output.appendLine(`[client] sync plan for ${environment} (${plan.reconciler}): ${plan.blockers.length > 0 ? `blocked: ${plan.blockers.map((blocker) => blocker.code).join(', ')}` : text.detail.replace(/\n/g, '\n    ')}`);
  if (plan.blockers.length > 0) {
    await explainBlockers(ctx, plan);
    return { plan, prune: false };
  }
  if (text.nothingToDo) {
    void ctx.prompts.message('info', `${environment} is in sync with ${plan.head ? plan.head.slice(0, 7) : 'Git'}: nothing to apply.`, {});
    return { plan, prune: false };
  }
  const confirmed = await ctx.prompts.message('warning', text.title, { modal: true, detail: text.detail }, syncButtons.sync);
  if (confirmed !== syncButtons.sync) return { plan, prune: false };

  let prune = false;
  const candidates = pruneCandidates(plan);
  if (candidates.length > 0) {
    const list = candidates.slice(0, 12).map((object) => `${indent(1)}- ${objectName(object)}`).join('\n');
    const answer = await ctx.prompts.message(
      'warning',
      `Also prune ${plural(candidates.length, 'object')} from ${environment}?`,
      {
        modal: true,
        detail: `${candidates.length === 1 ? 'It is' : 'They are'} in the cluster but no longer in Git; pruning deletes ${candidates.length === 1 ? 'it' : 'them'}:\n${list}${candidates.length > 12 ? `\n${indent(1)}…and ${candidates.length - 12} more` : ''}\n\nWithout pruning ${candidates.length === 1 ? 'it stays' : 'they stay'} (shown as extra).`,
      },
      syncButtons.keep,
      syncButtons.prune,
    );
    if (answer === undefined) return { plan, prune: false };
    prune = answer === syncButtons.prune;
  }

  let result: SyncResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Syncing ${environment}`, cancellable: true }, async (progress, token) => {
      const listener = ctx.syncProgress((event) => {
        if (event.environment !== environment || !sameFolder(event.folderUri, entry.repository.folderUri)) return;
        ctx.output.appendLine(`[client] sync ${environment}: ${event.message}`);
        progress.report({ message: event.message });
      });
      try {
        return await ctx.client.sendRequest(SyncRequest, { ...params, planId: plan.planId, prune }, token);
      } finally {
        listener.dispose();
      }
    });
  } catch (error) {
    void ctx.model.refreshEnvironment(entry);
    if (isCancelled(error)) {
      void ctx.prompts.message('info', `The sync of ${environment} was cancelled; what was already applied stays. The view shows where it is.`, {});
      return { plan, prune };
    }
    await explainFailure(ctx, entry, `The sync of ${environment} failed`, error);
    return { plan, prune };
  }
  const refreshed = ctx.model.refreshEnvironment(entry);
  await reportResult(ctx, entry, result);
  await refreshed;
  return { plan, prune, result };
}

function planParams(ctx: Ctx, entry: EnvironmentEntry): PlanSyncParams {
  const settings = readClientSettings(entry.repository.rootUri);
  const context = ctx.contexts.selected;
  return {
    folderUri: entry.repository.folderUri,
    environment: entry.environment.name,
    trusted: vscode.workspace.isTrusted,
    ...(context ? { context } : {}),
    ...(settings.kubeconfigPaths.length > 0 ? { kubeconfigPaths: settings.kubeconfigPaths } : {}),
  };
}

/** reportResult tells how the sync ended; failures are listed object by object (and logged). */
async function reportResult(ctx: Ctx, entry: EnvironmentEntry, result: SyncResult): Promise<void> {
  const environment = entry.environment.name;
  const failures = describeSyncFailures(result);
  const notPruned = describeNotPruned(result);
  ctx.output.appendLine(`[client] sync ${environment}: ${result.outcome}: ${result.message}`);
  for (const object of result.applied ?? []) ctx.output.appendLine(`    ${object.action} ${objectName(object)}`);
  for (const object of result.pruned ?? []) ctx.output.appendLine(`    pruned ${objectName(object)}`);
  for (const line of [...failures, ...notPruned]) ctx.output.appendLine(`    ${line}`);
  if (result.outcome === 'succeeded') {
    void ctx.prompts.message('info', `${environment}: ${result.message}`, {}, ...(failures.length > 0 ? ['Show Log'] : [])).then((choice) => choice && ctx.output.show(true));
    return;
  }
  if (result.outcome === 'cancelled') {
    void ctx.prompts.message('info', `${environment}: ${result.message}`, {});
    return;
  }
  const choice = await ctx.prompts.message(
    'error',
    `${environment}: ${result.message}`,
    { modal: true, detail: [...(failures.length > 0 ? [`${result.outcome === 'timed-out' ? 'Not finished' : 'Failed'}:`, ...failures] : []), ...notPruned].join('\n') || undefined },
    'Show Log',
  );
  if (choice) ctx.output.show(true);
}

/** explainBlockers says why the sync cannot run; nothing was changed. */
async function explainBlockers(ctx: Ctx, plan: PlanSyncResult): Promise<void> {
  const [first] = plan.blockers;
  const detail = plan.blockers.map((blocker) => `• ${blocker.message}${blocker.files && blocker.files.length > 0 ? `\n${blocker.files.slice(0, 12).map((file) => `${indent(2)}${file}`).join('\n')}` : ''}`).join('\n');
  const advice = first.code === 'UncommittedChanges' ? '\n\nA sync applies what is committed: commit (or stash) these changes first.' : '';
  const choice = await ctx.prompts.message('error', `${plan.environment} cannot be synced: ${first.message}`, { modal: true, detail: `Nothing was changed.\n\n${detail}${advice}` }, ...(first.code === 'UncommittedChanges' ? ['Open Source Control'] : []));
  if (choice === 'Open Source Control') await vscode.commands.executeCommand('workbench.view.scm');
}

/** explainFailure turns a failed request into what to do next. */
async function explainFailure(ctx: Ctx, entry: EnvironmentEntry, what: string, error: unknown): Promise<void> {
  const code = errorCode(error);
  const message = errorMessage(error);
  ctx.output.appendLine(`[client] ${what} (${code ?? 'no code'}): ${message}`);
  switch (code) {
    case 'PlanOutdated': {
      const choice = await ctx.prompts.message('warning', `${what}: ${message}`, {}, 'Preview Again');
      if (choice) await vscode.commands.executeCommand(syncEnvironmentId, { type: 'environment', entry });
      return;
    }
    case 'ClusterNotConnected':
    case 'ClusterUnreachable': {
      const choice = await ctx.prompts.message('error', `${what}: ${message}`, {}, 'Select Kube Context', 'Show Log');
      if (choice === 'Select Kube Context') await vscode.commands.executeCommand('gitopsWorkbench.selectContext');
      else if (choice) ctx.output.show(true);
      return;
    }
    case 'SyncInProgress':
      await ctx.prompts.message('info', `${what}: ${message}`, {});
      return;
    default: {
      const choice = await ctx.prompts.message('error', `${what}: ${message}`, {}, 'Show Log');
      if (choice) ctx.output.show(true);
    }
  }
}

function sameFolder(a: string, b: string): boolean {
  return vscode.Uri.parse(a).fsPath === vscode.Uri.parse(b).fsPath;
}
