import * as vscode from 'vscode';
import type { PushOutcomeDto } from '../../../server/src/protocol/dtos';
import { PushRequest } from '../../../server/src/protocol/requests';
import type { Ctx } from '../ctx';
import { refreshGitStatus } from '../git/gitExtension';
import type { PushCredentials } from '../git/PushCredentialStore';
import type { RepositoryEntry } from '../model/EnvironmentsModel';
import { errorMessage } from '../model/requestErrors';
import { sendWithCredentials } from '../git/sendWithCredentials';

/**
 * sendPush sends gitops/push with a progress notification and logs the outcome (never the
 * credentials). A request that fails outright (no outcome from the server) is shown as an error
 * and gives undefined.
 */
export async function sendPush(ctx: Ctx, repository: RepositoryEntry, credentials: PushCredentials | undefined): Promise<PushOutcomeDto | undefined> {
  let outcome: PushOutcomeDto;
  try {
    outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Pushing…' }, () =>
      sendWithCredentials({ client: ctx.client, credentials, send: () => ctx.client.sendRequest(PushRequest, { folderUri: repository.folderUri, ...(credentials ?? {}) }) }),
    );
  } catch (error) {
    void ctx.prompts.message('error', `The push failed: ${errorMessage(error)}`, {});
    return undefined;
  }
  ctx.output.appendLine(outcome.ok ? `[client] pushed to ${outcome.remote} (${outcome.remoteRef})` : `[client] push failed (${outcome.code}): ${outcome.message}`);
  if (outcome.ok) void refreshGitStatus(repository.rootUri);
  return outcome;
}

/** pushedWords says where a push went. */
export function pushedWords(outcome: Extract<PushOutcomeDto, { ok: true }>): string {
  return `Pushed to ${outcome.remote} (${outcome.remoteRef.replace(/^refs\/heads\//, '')}).`;
}
