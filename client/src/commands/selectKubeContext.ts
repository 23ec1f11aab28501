import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

export const selectKubeContextId = 'gitopsWorkbench.selectContext';

interface ContextItem extends vscode.QuickPickItem {
  context?: string;
}

/**
 * selectKubeContext (GitOps: Select Kube Context…) lists the kubeconfig's contexts
 * (gitops/listContexts), remembers the choice for this workspace and inspects every environment
 * with it. The first entry goes back to the default: each environment's own context, else the
 * kubeconfig's current one.
 */
export async function selectKubeContext(ctx: Ctx): Promise<string | undefined> {
  const listing = ctx.contexts.list(true);
  const selected = ctx.contexts.selected;
  const items = listing.then((result): ContextItem[] => {
    const defaultItem: ContextItem = {
      label: `${selected === undefined ? '$(check) ' : ''}Default`,
      description: `each environment's own context, else the current one${result.current ? ` (${result.current})` : ''}`,
    };
    return [
      defaultItem,
      { label: 'Contexts', kind: vscode.QuickPickItemKind.Separator },
      ...result.contexts.map((context) => ({
        label: `${context.name === selected ? '$(check) ' : ''}${context.name}`,
        description: [context.name === result.current ? 'current' : '', context.cluster, context.namespace ? `namespace ${context.namespace}` : ''].filter(Boolean).join(' · '),
        detail: context.server,
        context: context.name,
      })),
    ];
  });
  const result = await listing;
  if (result.contexts.length === 0) {
    const choice = await ctx.prompts.message('error', `No kube contexts found${result.message ? `: ${result.message}` : ''}`, {}, 'Open Settings');
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'gitopsWorkbench.kubeconfig');
    return undefined;
  }
  const picked = await ctx.prompts.quickPick(items, { title: 'GitOps: Select Kube Context', placeHolder: 'The context the Environments view inspects', matchOnDescription: true, matchOnDetail: true });
  if (!picked) return undefined;
  await ctx.contexts.select(picked.context);
  void ctx.model.refreshAll();
  return picked.context ?? '';
}
