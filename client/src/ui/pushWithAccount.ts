import * as vscode from 'vscode';
import type { PushOutcomeDto } from '../../../server/src/protocol/dtos';
import type { Ctx } from '../ctx';
import type { RemoteAccount } from '../git/remoteAccountFor';
import type { RepositoryEntry } from '../model/EnvironmentsModel';
import { errorMessage } from '../model/requestErrors';
import { pushedWords, sendPush } from './sendPush';

/**
 * pushWithAccount pushes the current branch with the access token of a VS Code account (the
 * Accounts menu) for the remote's host: `silent` uses only a session the account already granted
 * and asks nothing; otherwise VS Code asks the user to sign in. The token stays VS Code's: it goes
 * to the language server for this one push and is never stored or logged. Returns the outcome,
 * or undefined when there was no session (or the sign-in was declined).
 */
export async function pushWithAccount(ctx: Ctx, args: { repository: RepositoryEntry; account: RemoteAccount; silent: boolean }): Promise<PushOutcomeDto | undefined> {
  const { account } = args;
  let session: vscode.AuthenticationSession | undefined;
  try {
    session = await vscode.authentication.getSession(account.provider, account.scopes, args.silent ? { silent: true } : { createIfNone: true });
  } catch (error) {
    // No such provider (its extension is not installed), or the user cancelled the sign-in.
    ctx.output.appendLine(`[client] no ${account.provider} session for ${account.host}: ${errorMessage(error)}`);
    if (!args.silent) void ctx.prompts.message('warning', `Could not sign in with ${account.provider} for ${account.host}: ${errorMessage(error)}`, {});
    return undefined;
  }
  if (!session) return undefined;
  ctx.output.appendLine(`[client] pushing with the ${account.provider} account ${session.account.label}`);
  // Git hosts that take OAuth tokens over HTTPS accept the account name as the username.
  const outcome = await sendPush(ctx, args.repository, { username: session.account.label, password: session.accessToken });
  if (outcome?.ok) void ctx.prompts.message('info', `${pushedWords(outcome)} Signed in as ${session.account.label} (${account.provider}).`, {});
  return outcome;
}
