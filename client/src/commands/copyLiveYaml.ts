import * as vscode from 'vscode';
import { ObjectManifestRequest } from '../../../server/src/protocol/requests';
import type { Ctx } from '../ctx';
import { refOf } from '../documents/manifestUri';
import { errorMessage } from '../model/requestErrors';
import { environmentOf } from '../ui/pickEnvironment';
import { statusLabel } from '../views/format';
import { isTreeNode } from '../views/TreeNode';

export const copyLiveYamlId = 'gitopsWorkbench.copyLiveYaml';

/**
 * copyLiveYaml (GitOps: Copy Live YAML) puts a resource's live YAML on the clipboard, as
 * gitops/objectManifest gives it: server noise left out, Secret values masked.
 */
export async function copyLiveYaml(ctx: Ctx, arg?: unknown): Promise<string | undefined> {
  let node = isTreeNode(arg) && (arg.type === 'resource' || arg.type === 'field') ? { entry: arg.entry, resource: arg.resource } : undefined;
  if (!node) {
    const entry = await environmentOf(ctx, arg, 'GitOps: Copy Live YAML');
    if (!entry) return undefined;
    const live = (entry.status?.drift.resources ?? []).filter((resource) => resource.status !== 'missing' && resource.status !== 'unknown');
    if (live.length === 0) {
      void ctx.prompts.message('info', `No live objects of ${entry.environment.name} are known${entry.status ? '' : ' yet'}.`, {});
      return undefined;
    }
    const picked = await ctx.prompts.quickPick(
      live.map((resource) => ({ label: `${resource.kind}/${resource.name}`, description: [statusLabel(resource.status), resource.namespace].filter(Boolean).join(' · '), resource })),
      { title: 'GitOps: Copy Live YAML', placeHolder: 'Resource', matchOnDescription: true },
    );
    if (!picked) return undefined;
    node = { entry, resource: picked.resource };
  }
  const { entry, resource } = node;
  try {
    const result = await ctx.client.sendRequest(ObjectManifestRequest, { ...ctx.model.statusParams(entry), side: 'live', object: refOf(resource) });
    await vscode.env.clipboard.writeText(result.yaml);
    void vscode.window.setStatusBarMessage(`$(copy) Copied the live YAML of ${resource.kind}/${resource.name}${resource.kind === 'Secret' ? ' (values masked)' : ''}`, 5000);
    return result.yaml;
  } catch (error) {
    void ctx.prompts.message('error', `Could not read the live YAML of ${resource.kind}/${resource.name}: ${errorMessage(error)}`, {});
    return undefined;
  }
}
