import type { PushOutcomeDto } from '../../../server/src/protocol/dtos';
import type { Ctx } from '../ctx';
import type { PushCredentials } from '../git/PushCredentialStore';
import { remoteAccountFor } from '../git/remoteAccountFor';
import type { RepositoryEntry } from '../model/EnvironmentsModel';
import { pushWithAccount } from './pushWithAccount';
import { pushedWords, sendPush } from './sendPush';

/** The buttons of the push prompts. */
const pushButtons = { enter: 'Enter Credentials and Push…', signIn: 'Sign In and Push', retry: 'Try Again', remember: 'Remember', notNow: 'Not Now' } as const;

/** At most this many credential prompts in a row. */
const attempts = 3;

/**
 * pushCurrentBranch pushes the repository's current branch (gitops/push): with the credentials the
 * user asked to remember when there are some, else with git's credential helper; when the remote
 * asks for credentials (or refuses the remembered ones, which are then forgotten) it offers to
 * type them. Shows the outcome; returns it (undefined when the user gave up).
 */
export async function pushCurrentBranch(ctx: Ctx, repository: RepositoryEntry): Promise<PushOutcomeDto | undefined> {
  const root = repository.root;
  const stored = await ctx.pushCredentials.get(root);
  const outcome = await sendPush(ctx, repository, stored);
  if (!outcome) return undefined;
  if (outcome.ok) {
    void ctx.prompts.message('info', pushedWords(outcome), {});
    return outcome;
  }
  if (outcome.code === 'Authentication') {
    if (stored) await ctx.pushCredentials.delete(root);
    return askForCredentials(ctx, { repository, outcome, prefix: '' });
  }
  await explainPushFailure(ctx, outcome);
  return outcome;
}

/**
 * askForCredentials handles a push the remote refused for want of credentials: when a VS Code
 * account serves the remote's host (gitopsWorkbench.git.authenticationProviders) and already
 * granted a token, it pushes with that, asking nothing; otherwise it offers to sign in with the
 * account (when there is one) or to type credentials. `prefix` goes before the question (what
 * was done before the push). Returns the last outcome.
 */
export async function askForCredentials(ctx: Ctx, args: { repository: RepositoryEntry; outcome: Extract<PushOutcomeDto, { ok: false }>; prefix: string }): Promise<PushOutcomeDto | undefined> {
  const account = remoteAccountFor(args.outcome.url);
  if (account) {
    const silent = await pushWithAccount(ctx, { repository: args.repository, account, silent: true });
    if (silent?.ok) return silent;
  }
  const buttons = account ? [pushButtons.signIn, pushButtons.enter] : [pushButtons.enter];
  const choice = await ctx.prompts.message('warning', `${args.prefix}The push needs credentials: ${args.outcome.message}`, {}, ...buttons);
  if (choice === pushButtons.signIn && account) {
    const signedIn = await pushWithAccount(ctx, { repository: args.repository, account, silent: false });
    if (signedIn?.ok || !signedIn) return signedIn ?? args.outcome;
    if (signedIn.code !== 'Authentication') {
      await explainPushFailure(ctx, signedIn);
      return signedIn;
    }
    const again = await ctx.prompts.message('warning', `The remote refused the account's token: ${signedIn.message}`, {}, pushButtons.enter);
    return again === pushButtons.enter ? pushWithCredentials(ctx, args.repository) : signedIn;
  }
  return choice === pushButtons.enter ? pushWithCredentials(ctx, args.repository) : args.outcome;
}

/**
 * pushWithCredentials asks for a username and a password or token (masked input), pushes with them
 * (gitops/push), and shows the outcome; a refused password may be typed again. After a push that
 * worked it offers to remember them in SecretStorage; otherwise they are forgotten at once. They
 * are never logged.
 */
async function pushWithCredentials(ctx: Ctx, repository: RepositoryEntry): Promise<PushOutcomeDto | undefined> {
  let username: string | undefined;
  let outcome: PushOutcomeDto | undefined;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const credentials = await askCredentials(ctx, username);
    if (!credentials) return outcome;
    username = credentials.username;
    outcome = await sendPush(ctx, repository, credentials);
    if (!outcome) return undefined;
    if (outcome.ok) {
      const choice = await ctx.prompts.message('info', `${pushedWords(outcome)} Remember these credentials for this repository (in VS Code's secret storage)?`, {}, pushButtons.remember, pushButtons.notNow);
      if (choice === pushButtons.remember) await ctx.pushCredentials.store(repository.root, credentials);
      return outcome;
    }
    if (outcome.code !== 'Authentication') {
      await explainPushFailure(ctx, outcome);
      return outcome;
    }
    const again = await ctx.prompts.message('warning', `The remote refused the credentials: ${outcome.message}`, {}, pushButtons.retry);
    if (again !== pushButtons.retry) return outcome;
  }
  return outcome;
}

/** askCredentials asks for a username (may be empty: a token that needs none) and a password or token (masked). */
async function askCredentials(ctx: Ctx, previousUsername: string | undefined): Promise<PushCredentials | undefined> {
  const username = await ctx.prompts.inputBox({ title: 'Push credentials (1/2)', prompt: 'Username for the remote (leave empty for a token that needs none)', value: previousUsername ?? '', ignoreFocusOut: true });
  if (username === undefined) return undefined;
  const password = await ctx.prompts.inputBox({ title: 'Push credentials (2/2)', prompt: `Password or access token${username ? ` for ${username}` : ''}`, password: true, ignoreFocusOut: true, validateInput: (value) => (value === '' ? 'Enter a password or token' : undefined) });
  if (!password) return undefined;
  return { ...(username ? { username } : {}), password };
}

/** explainPushFailure says why a push failed (other than credentials) and what to do. */
async function explainPushFailure(ctx: Ctx, outcome: Extract<PushOutcomeDto, { ok: false }>): Promise<void> {
  const advice = outcome.code === 'PushRejected' ? 'The remote has commits you do not have: pull (or fetch and rebase), then push again.' : 'Check the remote and your connection, then push again (GitOps: Push Current Branch).';
  const choice = await ctx.prompts.message('warning', `The push failed: ${outcome.message} ${advice}`, {}, 'Show Log');
  if (choice) ctx.output.show(true);
}
