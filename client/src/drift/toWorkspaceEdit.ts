import * as vscode from 'vscode';
import type { WorkspaceEditDto } from '../../../server/src/protocol/dtos';
import { toRange } from './driftTarget';

/**
 * toWorkspaceEdit converts the server's WorkspaceEdit (file creations first, then one list of
 * text edits per file, `version: null`) to VS Code's, in the same order.
 */
export function toWorkspaceEdit(dto: WorkspaceEditDto, label: string): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: false };
  for (const change of dto.documentChanges) {
    if ('kind' in change) {
      edit.createFile(vscode.Uri.parse(change.uri), { ignoreIfExists: change.options.ignoreIfExists }, metadata);
      continue;
    }
    const uri = vscode.Uri.parse(change.textDocument.uri);
    for (const text of change.edits) edit.replace(uri, toRange(text.range), text.newText, metadata);
  }
  return edit;
}
