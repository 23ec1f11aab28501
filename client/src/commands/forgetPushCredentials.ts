import type { Ctx } from '../ctx';

export const forgetPushCredentialsId = 'gitopsWorkbench.forgetPushCredentials';

/**
 * forgetPushCredentials (GitOps: Forget Push Credentials) deletes the push credentials remembered
 * (in SecretStorage) for the workspace's repositories. Resolves to the repositories that had some.
 */
export async function forgetPushCredentials(ctx: Ctx): Promise<string[]> {
  await ctx.model.ready();
  const forgotten: string[] = [];
  for (const repository of ctx.model.repositories) if (await ctx.pushCredentials.delete(repository.root)) forgotten.push(repository.root);
  void ctx.prompts.message('info', forgotten.length > 0 ? `Forgot the push credentials of ${forgotten.length === 1 ? 'this repository' : `${forgotten.length} repositories`}.` : 'No push credentials were remembered.', {});
  return forgotten;
}
