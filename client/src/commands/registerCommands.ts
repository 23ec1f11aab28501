import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { adoptDrift, adoptDriftId } from './adoptDrift';
import { copyLiveYaml, copyLiveYamlId } from './copyLiveYaml';
import { forgetPushCredentials, forgetPushCredentialsId } from './forgetPushCredentials';
import { openReconciledCommit, openReconciledCommitId } from './openReconciledCommit';
import { openResource, openResourceId } from './openResource';
import { previewDiff, previewDiffId } from './previewDiff';
import { pushBranch, pushBranchId } from './pushBranch';
import { refreshEnvironments, refreshEnvironmentsId } from './refreshEnvironments';
import { revealEnvironment, revealEnvironmentId } from './revealEnvironment';
import { revertCommit, revertCommitId } from './revertCommit';
import { rollbackEnvironment, rollbackEnvironmentId } from './rollbackEnvironment';
import { selectKubeContext, selectKubeContextId } from './selectKubeContext';
import { showCommitChanges, showCommitChangesId } from './showCommitChanges';
import { showOutput, showOutputId } from './showOutput';
import { syncEnvironment, syncEnvironmentId } from './syncEnvironment';

/** The extension's commands: id → handler (each in its own file under commands/). */
const commands: [string, (ctx: Ctx, ...args: unknown[]) => unknown][] = [
  [showOutputId, showOutput],
  [refreshEnvironmentsId, refreshEnvironments],
  [selectKubeContextId, selectKubeContext],
  [previewDiffId, previewDiff],
  [showCommitChangesId, showCommitChanges],
  [revertCommitId, revertCommit],
  [rollbackEnvironmentId, rollbackEnvironment],
  [openReconciledCommitId, openReconciledCommit],
  [copyLiveYamlId, copyLiveYaml],
  [openResourceId, openResource],
  [revealEnvironmentId, revealEnvironment],
  [syncEnvironmentId, syncEnvironment],
  [adoptDriftId, adoptDrift],
  [pushBranchId, pushBranch],
  [forgetPushCredentialsId, forgetPushCredentials],
];

/** registerCommands registers every command; a failure is logged and shown, never thrown at VS Code. */
export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return commands.map(([id, run]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(ctx, ...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        ctx.output.appendLine(`[client] ${id} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
        void vscode.window.showErrorMessage(`GitOps Workbench: ${message}`);
        return undefined;
      }
    }),
  );
}
