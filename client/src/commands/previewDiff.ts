import * as vscode from 'vscode';
import type { ObjectRefDto } from '../../../server/src/protocol/dtos';
import type { Ctx } from '../ctx';
import { diffTitle, manifestUri, refOf } from '../documents/manifestUri';
import { entryOfTarget, isEditorDriftTarget } from '../drift/driftTarget';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { environmentOf } from '../ui/pickEnvironment';
import { statusLabel } from '../views/format';
import { isTreeNode } from '../views/TreeNode';

export const previewDiffId = 'gitopsWorkbench.previewDiff';

/**
 * previewDiff (GitOps: Preview Diff) opens VS Code's diff editor between the desired
 * (`gitops-desired:`) and live (`gitops-live:`) YAML of a resource, or of a whole environment when
 * invoked on an environment or its drift summary. From the palette it asks for the environment,
 * then for a resource (drifted first) or the whole environment. From the editor's drift (a code
 * lens or code action) it is invoked on one object of one environment.
 */
export async function previewDiff(ctx: Ctx, arg?: unknown): Promise<{ left: vscode.Uri; right: vscode.Uri; title: string } | undefined> {
  let entry: EnvironmentEntry | undefined;
  let object: ObjectRefDto | undefined;
  if (isEditorDriftTarget(arg)) {
    entry = entryOfTarget(ctx.model, arg);
    object = arg.object;
    if (!entry) {
      void ctx.prompts.message('info', `GitOps Workbench does not know the environment ${arg.environment} (yet): refresh the Environments view.`, {});
      return undefined;
    }
  } else if (isTreeNode(arg) && (arg.type === 'resource' || arg.type === 'field')) {
    entry = arg.entry;
    object = refOf(arg.resource);
  } else if (isTreeNode(arg) && arg.type !== 'repository') {
    entry = arg.entry;
  } else {
    entry = await environmentOf(ctx, arg, 'GitOps: Preview Diff');
    if (!entry) return undefined;
    const resources = entry.status?.drift.resources ?? [];
    if (resources.length > 0) {
      const order = ['modified', 'missing', 'extra', 'unknown', 'in-sync'];
      const picked = await ctx.prompts.quickPick(
        [
          { label: `$(files) Whole environment ${entry.environment.name}`, object: undefined as ObjectRefDto | undefined },
          ...[...resources]
            .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status))
            .map((resource) => ({ label: `${resource.kind}/${resource.name}`, description: [statusLabel(resource.status), resource.namespace].filter(Boolean).join(' · '), object: refOf(resource) })),
        ],
        { title: `GitOps: Preview Diff — ${entry.environment.name}`, placeHolder: 'Resource', matchOnDescription: true },
      );
      if (!picked) return undefined;
      object = picked.object;
    }
  }
  if (!entry) return undefined;
  const target = { folderUri: entry.repository.folderUri, environment: entry.environment.name, ...(object ? { object } : {}) };
  const left = manifestUri({ ...target, side: 'desired' });
  const right = manifestUri({ ...target, side: 'live' });
  const title = diffTitle(target);
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  return { left, right, title };
}
