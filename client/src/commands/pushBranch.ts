import type { PushOutcomeDto } from '../../../server/src/protocol/dtos';
import type { Ctx } from '../ctx';
import type { RepositoryEntry } from '../model/EnvironmentsModel';
import { pushCurrentBranch } from '../ui/pushWithCredentials';
import { isTreeNode, nodeEntry } from '../views/TreeNode';

export const pushBranchId = 'gitopsWorkbench.pushBranch';

/**
 * pushBranch (GitOps: Push Current Branch) pushes the current branch of a repository of the
 * workspace (gitops/push), e.g. a revert or rollback commit whose push was refused: with the
 * remembered credentials, else git's credential helper; when the remote asks for credentials the
 * user may type them (password masked).
 */
export async function pushBranch(ctx: Ctx, arg?: unknown): Promise<PushOutcomeDto | undefined> {
  const repository = await repositoryOf(ctx, arg);
  if (!repository) return undefined;
  return pushCurrentBranch(ctx, repository);
}

async function repositoryOf(ctx: Ctx, arg: unknown): Promise<RepositoryEntry | undefined> {
  if (isTreeNode(arg)) {
    if (arg.type === 'repository') return arg.repo;
    const entry = nodeEntry(arg);
    if (entry) return entry.repository;
  }
  await ctx.model.ready();
  const repositories = ctx.model.repositories.filter((repository) => !repository.error);
  if (repositories.length <= 1) {
    if (repositories.length === 0) void ctx.prompts.message('info', 'GitOps Workbench found no git repository with environments in this workspace.', {});
    return repositories[0];
  }
  const picked = await ctx.prompts.quickPick(
    repositories.map((repository) => ({ label: repository.name, description: repository.root, repository })),
    { title: 'GitOps: Push Current Branch', placeHolder: 'Repository' },
  );
  return picked?.repository;
}
