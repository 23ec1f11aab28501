import * as vscode from 'vscode';
import type { DriftedObjectDto, DriftStatusDto } from '../../../server/src/protocol/dtos';
import { previewDiffId } from '../commands/previewDiff';
import { refreshEnvironmentsId } from '../commands/refreshEnvironments';
import { objectTarget } from './driftTarget';
import type { EditorDrift } from './EditorDrift';

const icons: Record<DriftStatusDto, string> = { modified: 'diff-modified', missing: 'diff-removed', extra: 'diff-added', unknown: 'question', 'in-sync': 'pass' };

/**
 * DriftCodeLensProvider puts a code lens above each object of an open manifest with its live
 * status in each environment that renders it ("$(diff-modified) production · live: modified (2 fields)");
 * clicking it previews the desired ↔ live diff (or, when the live state is unknown, refreshes).
 */
export class DriftCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly drift: EditorDrift) {
    this.subscription = drift.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const state = this.drift.stateOf(document.uri);
    if (!state) return [];
    return state.objects
      .filter((object) => object.line < document.lineCount)
      .map((object) => new vscode.CodeLens(new vscode.Range(object.line, 0, object.line, 0), lensCommand(document.uri, object)));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function lensCommand(uri: vscode.Uri, object: DriftedObjectDto): vscode.Command {
  const title = `$(${icons[object.status]}) ${object.environment} · ${object.summary}`;
  const name = `${object.object.kind}/${object.object.name}`;
  if (object.status === 'unknown') {
    return { title, tooltip: `The live state of ${name} in ${object.environment} is unknown: click to inspect the environment again`, command: refreshEnvironmentsId, arguments: [objectTarget(uri, object)] };
  }
  return { title, tooltip: `Preview the diff of ${name} in ${object.environment}, desired ↔ live`, command: previewDiffId, arguments: [objectTarget(uri, object)] };
}
