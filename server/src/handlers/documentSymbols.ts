import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { locateInDocument } from '../engine/manifests/locateInDocument';
import type { Workspace } from './ValidationService';

/** documentSymbols lists one symbol per resource of a file, named `Kind name`. */
export function documentSymbols(args: { workspace: Workspace; file: string }): DocumentSymbol[] {
  return args.workspace.validator.documentsOf(args.file).map((document) => {
    const identity = document.identity;
    const name = identity ? `${identity.kind} ${identity.name}`.trim() : `document ${document.index + 1}`;
    const lineCount = document.source.text.split('\n').length;
    const startLine = document.startLine;
    const range = { start: { line: startLine, character: 0 }, end: { line: startLine + Math.max(lineCount - 1, 0), character: 0 } };
    const selectionRange = identity?.name ? locateInDocument({ document, path: ['metadata', 'name'] }) : { start: range.start, end: range.start };
    return {
      name,
      detail: identity ? [identity.namespace, identity.apiVersion].filter(Boolean).join(' · ') : undefined,
      kind: SymbolKind.Object,
      range,
      selectionRange: within(selectionRange, range) ? selectionRange : { start: range.start, end: range.start },
    };
  });
}

function within(inner: DocumentSymbol['range'], outer: DocumentSymbol['range']): boolean {
  return inner.start.line >= outer.start.line && inner.end.line <= outer.end.line;
}
