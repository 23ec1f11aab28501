import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'vscode-uri';
import { NoLiveStateError } from '../engine/adopt/errors/NoLiveStateError';
import { planAdoption } from '../engine/adopt/planAdoption';
import type { EnvironmentInspection } from '../engine/inspect/EnvironmentInspection';
import type { AdoptDriftParams, AdoptDriftResult, WorkspaceEditDto } from '../protocol/dtos';

/**
 * adoptDrift answers gitops/adoptDrift: plans the adoption of one field's live value from the latest
 * inspection of the environment (of `context`, when given) and returns the edits as file URIs, and
 * as an LSP WorkspaceEdit; nothing is written. Unsaved editor texts in `documents` stand for the
 * files on disk.
 */
export function adoptDrift(args: { params: AdoptDriftParams; root: string; inspections: readonly EnvironmentInspection[] }): AdoptDriftResult {
  const { params, root } = args;
  const candidates = args.inspections.filter((inspection) => inspection.environment.name === params.environment && (params.context === undefined || inspection.cluster.context === params.context));
  const inspection = candidates[candidates.length - 1];
  if (!inspection) throw new NoLiveStateError(params.environment);
  const unsaved = new Map((params.documents ?? []).map((document) => [path.resolve(URI.parse(document.uri).fsPath), document.text]));
  const readFile = (file: string): string | undefined => {
    const absolute = path.resolve(root, file);
    if (unsaved.has(absolute)) return unsaved.get(absolute);
    try {
      return fs.readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
  };
  const plan = planAdoption({ root, inspection, object: params.object, path: params.path, readFile });
  const uriOf = (file: string): string => pathToFileURL(path.join(root, file)).toString();
  const edits = plan.edits.map((edit) => ({ uri: uriOf(edit.file), ...(edit.range ? { range: edit.range } : {}), ...(edit.create ? { create: true } : {}), newText: edit.newText }));
  const workspaceEdit: WorkspaceEditDto = { documentChanges: [] };
  for (const edit of edits) if (edit.create) workspaceEdit.documentChanges.push({ kind: 'create', uri: edit.uri, options: { ignoreIfExists: true } });
  for (const uri of [...new Set(edits.map((edit) => edit.uri))]) {
    const textEdits = edits.filter((edit) => edit.uri === uri).map((edit) => ({ range: edit.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: edit.newText }));
    workspaceEdit.documentChanges.push({ textDocument: { uri, version: null }, edits: textEdits });
  }
  return { edits, workspaceEdit, message: plan.message, strategy: plan.strategy, files: plan.files.map(uriOf) };
}
