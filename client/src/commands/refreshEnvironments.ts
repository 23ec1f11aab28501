import type { Ctx } from '../ctx';
import { entryOfTarget, isEditorDriftTarget } from '../drift/driftTarget';
import { isTreeNode, nodeEntry } from '../views/TreeNode';

export const refreshEnvironmentsId = 'gitopsWorkbench.refresh';

/**
 * refreshEnvironments (GitOps: Refresh) inspects the environment of the row (or code lens) it was invoked on, or
 * lists and inspects every environment again. Resolves when the server answered; the view shows
 * progress meanwhile and stays usable.
 */
export function refreshEnvironments(ctx: Ctx, arg?: unknown): Promise<void> {
  const entry = isTreeNode(arg) ? nodeEntry(arg) : isEditorDriftTarget(arg) ? entryOfTarget(ctx.model, arg) : undefined;
  if (entry) return ctx.model.refreshEnvironment(entry);
  void ctx.contexts.list(true);
  return ctx.model.refreshAll();
}
