import * as vscode from 'vscode';
import { adoptDriftId } from '../commands/adoptDrift';
import { previewDiffId } from '../commands/previewDiff';
import { driftSource, fieldTarget } from './driftTarget';
import type { EditorDrift } from './EditorDrift';

/** The titles of the drift code actions (the UI scenarios look for them). */
export const adoptActionTitle = 'Adopt live value into Git';
export const previewActionTitle = 'Preview diff';

/**
 * DriftCodeActionProvider offers, on a drift diagnostic, "Adopt live value into Git" (the
 * gitopsWorkbench.adoptDrift command: the server's edits, applied) and "Preview diff" (desired ↔
 * live of the object). Adopting a field the server already knows cannot be adopted (a masked
 * Secret value) is shown disabled, with the reason.
 */
export class DriftCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly drift: EditorDrift) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const state = this.drift.stateOf(document.uri);
    if (!state) return [];
    const found = context.diagnostics
      .filter((diagnostic) => diagnostic.source === driftSource)
      .map((diagnostic) => ({ diagnostic, field: this.drift.fieldOf(document.uri, diagnostic) }))
      .filter((entry): entry is { diagnostic: vscode.Diagnostic; field: NonNullable<typeof entry.field> } => entry.field !== undefined);
    const severalFields = new Set(found.map((entry) => entry.field.path)).size > 1;
    const actions: vscode.CodeAction[] = [];
    const previews = new Map<string, vscode.CodeAction>();
    for (const { diagnostic, field } of found) {
      const environment = state.severalEnvironments ? ` (${field.environment})` : '';
      const target = fieldTarget(document.uri, field);
      const adopt = new vscode.CodeAction(`${adoptActionTitle}${severalFields ? `: ${field.path}` : ''}${environment}`, vscode.CodeActionKind.QuickFix);
      adopt.diagnostics = [diagnostic];
      adopt.command = { command: adoptDriftId, title: adopt.title, arguments: [target] };
      if (field.notAdoptable) adopt.disabled = { reason: field.notAdoptable };
      actions.push(adopt);
      const key = JSON.stringify([field.environment, field.object]);
      const preview = previews.get(key);
      if (preview) {
        preview.diagnostics = [...(preview.diagnostics ?? []), diagnostic];
        continue;
      }
      const diff = new vscode.CodeAction(`${previewActionTitle}${environment}`, vscode.CodeActionKind.QuickFix);
      diff.diagnostics = [diagnostic];
      diff.command = { command: previewDiffId, title: diff.title, arguments: [{ kind: 'editorDrift', uri: target.uri, environment: target.environment, object: target.object }] };
      previews.set(key, diff);
    }
    return [...actions, ...previews.values()];
  }
}
