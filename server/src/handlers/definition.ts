import type { Location, Position } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { findDefinition } from '../engine/manifests/findDefinition';
import { locateInDocument } from '../engine/manifests/locateInDocument';
import { pathAtPosition } from '../engine/manifests/pathAtPosition';
import type { Workspace } from './ValidationService';

/** definition jumps from a reference (ConfigMap name, sourceRef, kustomization entry…) to what defines it. */
export function definition(args: { workspace: Workspace; file: string; position: Position }): Location[] {
  const { validator } = args.workspace;
  const documents = validator.documentsOf(args.file);
  const document = [...documents].reverse().find((candidate) => candidate.startLine <= args.position.line);
  if (!document) return [];
  const at = pathAtPosition({ document, line: args.position.line, character: args.position.character });
  if (!at || at.onKey) return [];
  const targets = findDefinition({ document, path: at.path, documents: validator.allDocuments(), repoRoot: args.workspace.root });
  return targets.map((target) =>
    'document' in target
      ? { uri: URI.file(target.document.file).toString(), range: locateInDocument({ document: target.document, path: ['metadata', 'name'] }) }
      : { uri: URI.file(target.file).toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
  );
}
