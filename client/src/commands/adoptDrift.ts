import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AdoptDriftResult, ObjectRefDto } from '../../../server/src/protocol/dtos';
import { AdoptDriftRequest } from '../../../server/src/protocol/requests';
import type { Ctx } from '../ctx';
import { refOf } from '../documents/manifestUri';
import { driftMessage, entryOfTarget, isEditorDriftTarget, isInside } from '../drift/driftTarget';
import { toWorkspaceEdit } from '../drift/toWorkspaceEdit';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { errorCode, errorMessage } from '../model/requestErrors';
import { environmentOf } from '../ui/pickEnvironment';
import { formatValue } from '../views/format';
import { isTreeNode } from '../views/TreeNode';

export const adoptDriftId = 'gitopsWorkbench.adoptDrift';

/** AdoptChoice is one drifted field of one object in one environment. */
interface AdoptChoice {
  entry: EnvironmentEntry;
  object: ObjectRefDto;
  path: string;
  notAdoptable?: string;
}

interface FieldItem extends vscode.QuickPickItem {
  choice: AdoptChoice;
}

/** AdoptOutcome is what the command did (for the tests). */
export interface AdoptOutcome {
  result: AdoptDriftResult;
  applied: boolean;
  /** The files saved after the edits (those that had no unsaved changes before). */
  saved: string[];
}

/**
 * adoptDrift (GitOps: Adopt Drift) puts a drifted field's live value into Git: it asks the server
 * for the edits (gitops/adoptDrift, with the editors' unsaved texts), applies them with
 * workspace.applyEdit, saves the files that had no unsaved changes of the user's, and shows the
 * server's sentence saying what changed where and why there (in place; or a patch in the
 * environment's own overlay when the declaration is shared). Refusals (AdoptionRefused,
 * NoLiveState) are explained. The field comes from a drift code action, a tree row (a field, or
 * a resource: pick one of its fields), or the palette (the field under the cursor, else a pick).
 */
export async function adoptDrift(ctx: Ctx, arg?: unknown): Promise<AdoptOutcome | undefined> {
  const choice = await chooseField(ctx, arg);
  if (!choice) return undefined;
  const { entry, object, path: field } = choice;
  const name = `${object.kind}/${object.name}`;
  if (choice.notAdoptable) {
    void ctx.prompts.message('info', `${field} of ${name} cannot be adopted: ${choice.notAdoptable}`, {});
    return undefined;
  }
  const root = entry.repository.root;
  const unsaved = vscode.workspace.textDocuments.filter((document) => document.isDirty && document.uri.scheme === 'file' && isInside(root, document.uri.fsPath));
  let result: AdoptDriftResult;
  try {
    result = await ctx.client.sendRequest(AdoptDriftRequest, {
      folderUri: entry.repository.folderUri,
      environment: entry.environment.name,
      object,
      path: field,
      ...(ctx.contexts.selected ? { context: ctx.contexts.selected } : {}),
      ...(unsaved.length > 0 ? { documents: unsaved.map((document) => ({ uri: document.uri.toString(), text: document.getText() })) } : {}),
    });
  } catch (error) {
    await explainRefusal(ctx, { entry, name, field }, error);
    return undefined;
  }
  const dirtyBefore = new Set(unsaved.map((document) => document.uri.toString()));
  const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(result.workspaceEdit, `Adopt the live ${field} of ${name}`));
  if (!applied) {
    void ctx.prompts.message('error', `The edits adopting ${field} of ${name} could not be applied (a file changed meanwhile?). Nothing was changed; try again.`, {});
    return { result, applied, saved: [] };
  }
  ctx.output.appendLine(`[client] adopted ${field} of ${name} for ${entry.environment.name} (${result.strategy}): ${result.files.map((file) => vscode.workspace.asRelativePath(vscode.Uri.parse(file))).join(', ')}`);
  // Save what the adoption changed, unless the user had unsaved changes of their own there.
  const saved: string[] = [];
  const keptUnsaved: string[] = [];
  for (const file of result.files) {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === vscode.Uri.parse(file).toString());
    if (!document) continue;
    if (dirtyBefore.has(document.uri.toString())) keptUnsaved.push(vscode.workspace.asRelativePath(document.uri));
    else if (await document.save()) saved.push(file);
  }
  const changedElsewhere = result.files.map((file) => vscode.Uri.parse(file)).filter((uri) => uri.toString() !== vscode.window.activeTextEditor?.document.uri.toString());
  const open = changedElsewhere.length > 0 ? `Open ${path.basename(changedElsewhere[0].fsPath)}` : undefined;
  const tail = keptUnsaved.length > 0 ? ` Save ${keptUnsaved.join(', ')} to keep it (it had unsaved changes of yours).` : ' Commit and push it so the environment keeps the live value.';
  void ctx.prompts.message('info', `${result.message}${tail}`, {}, ...(open ? [open] : [])).then((picked) => {
    if (picked && picked === open) void vscode.window.showTextDocument(changedElsewhere[0], { preview: true });
  });
  return { result, applied, saved };
}

async function chooseField(ctx: Ctx, arg: unknown): Promise<AdoptChoice | undefined> {
  if (isEditorDriftTarget(arg)) {
    const entry = entryOfTarget(ctx.model, arg);
    if (!entry) {
      void ctx.prompts.message('info', `GitOps Workbench does not know the environment ${arg.environment} (yet): refresh the Environments view.`, {});
      return undefined;
    }
    if (arg.path) return { entry, object: arg.object, path: arg.path, ...(arg.notAdoptable ? { notAdoptable: arg.notAdoptable } : {}) };
    const fields = (ctx.editorDrift.stateOf(vscode.Uri.parse(arg.uri))?.fields ?? []).filter((field) => field.environment === arg.environment && sameObject(field.object, arg.object));
    return pickField(ctx, fields.map((field) => ({ label: `$(symbol-field) ${field.path}`, description: driftMessage({ ...field, declared: true }), choice: { entry, object: field.object, path: field.path, ...(field.notAdoptable ? { notAdoptable: field.notAdoptable } : {}) } })));
  }
  if (isTreeNode(arg) && arg.type === 'field') return { entry: arg.entry, object: refOf(arg.resource), path: arg.field.path };
  if (isTreeNode(arg) && arg.type === 'resource') {
    const { entry, resource } = arg;
    return pickField(ctx, resource.fields.map((field) => ({ label: `$(symbol-field) ${field.path}`, description: `live: ${formatValue(field.live)} (Git: ${formatValue(field.desired)})`, choice: { entry, object: refOf(resource), path: field.path } })));
  }

  // The palette: the drifted field under the cursor, else one of the active file's, else one of an environment's.
  const editor = vscode.window.activeTextEditor;
  const state = editor ? ctx.editorDrift.stateOf(editor.document.uri) : undefined;
  if (editor && state && state.fields.length > 0) {
    const items = state.fields.flatMap((field): FieldItem[] => {
      const entry = entryOfTarget(ctx.model, { kind: 'editorDrift', uri: editor.document.uri.toString(), environment: field.environment, object: field.object });
      if (!entry) return [];
      return [{ label: `$(symbol-field) ${field.path}`, description: `${driftMessage({ ...field, declared: true })} · ${field.environment}`, detail: `${field.object.kind}/${field.object.name}, line ${field.range.start.line + 1}`, choice: { entry, object: field.object, path: field.path, ...(field.notAdoptable ? { notAdoptable: field.notAdoptable } : {}) } }];
    });
    const cursor = editor.selection.active;
    const here = items.filter((item) => {
      const field = state.fields.find((candidate) => candidate.path === item.choice.path && candidate.environment === item.choice.entry.environment.name && sameObject(candidate.object, item.choice.object));
      return field !== undefined && field.range.start.line <= cursor.line && cursor.line <= field.range.end.line;
    });
    if (here.length === 1) return here[0].choice;
    return pickField(ctx, items);
  }
  const entry = await environmentOf(ctx, arg, 'GitOps: Adopt Drift');
  if (!entry) return undefined;
  const modified = (entry.status?.drift.resources ?? []).filter((resource) => resource.status === 'modified' && resource.location);
  return pickField(
    ctx,
    modified.flatMap((resource) =>
      resource.fields.map((field): FieldItem => ({ label: `$(symbol-field) ${field.path}`, description: `live: ${formatValue(field.live)} (Git: ${formatValue(field.desired)})`, detail: `${resource.kind}/${resource.name}`, choice: { entry, object: refOf(resource), path: field.path } })),
    ),
    entry,
  );
}

async function pickField(ctx: Ctx, items: FieldItem[], entry?: EnvironmentEntry): Promise<AdoptChoice | undefined> {
  if (items.length === 0) {
    void ctx.prompts.message('info', `No drifted field to adopt${entry ? ` in ${entry.environment.name}${entry.status ? '' : ' (not inspected yet)'}` : ''}.`, {});
    return undefined;
  }
  if (items.length === 1) return items[0].choice;
  const picked = await ctx.prompts.quickPick(items, { title: 'GitOps: Adopt Drift', placeHolder: 'The drifted field whose live value goes into Git', matchOnDescription: true, matchOnDetail: true });
  return picked?.choice;
}

/** explainRefusal says why nothing was adopted, in the words of what to do next. */
async function explainRefusal(ctx: Ctx, args: { entry: EnvironmentEntry; name: string; field: string }, error: unknown): Promise<void> {
  const code = errorCode(error);
  const message = errorMessage(error);
  ctx.output.appendLine(`[client] adopting ${args.field} of ${args.name} failed (${code ?? 'no code'}): ${message}`);
  if (code === 'AdoptionRefused') {
    await ctx.prompts.message('warning', `${args.field} of ${args.name} was not adopted: ${message}`, {});
    return;
  }
  if (code === 'NoLiveState') {
    const choice = await ctx.prompts.message('info', `${args.entry.environment.name} has no live state yet, so there is nothing to adopt: ${message}`, {}, 'Refresh');
    if (choice) await ctx.model.refreshEnvironment(args.entry);
    return;
  }
  const choice = await ctx.prompts.message('error', `Adopting ${args.field} of ${args.name} failed: ${message}`, {}, 'Show Log');
  if (choice) ctx.output.show(true);
}

function sameObject(a: ObjectRefDto, b: ObjectRefDto): boolean {
  return a.apiVersion === b.apiVersion && a.kind === b.kind && (a.namespace ?? '') === (b.namespace ?? '') && a.name === b.name;
}
