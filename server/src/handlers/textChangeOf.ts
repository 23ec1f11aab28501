import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { TextChange } from '../engine/manifests/TextChange';

/**
 * textChangeOf sums up the content changes of one didChange, given the document before them, as
 * the one stretch of its text they replaced. Undefined when a change replaces the whole text.
 */
export function textChangeOf(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): TextChange | undefined {
  const ranged: Array<{ range: Range; text: string }> = [];
  for (const change of changes) {
    if (!('range' in change)) return undefined;
    ranged.push(change);
  }
  if (ranged.length === 0) return undefined;
  const previousText = document.getText();
  if (ranged.length === 1) {
    const { start, end } = offsetsOf(document, ranged[0].range);
    return { previousText, start, previousEnd: end, text: ranged[0].text };
  }
  // Changes apply one after the other: later ranges are positions in the text the earlier ones
  // made, so a scratch copy follows them. What stays untouched is the shortest prefix and suffix.
  const scratch = TextDocument.create(document.uri, document.languageId, document.version, previousText);
  let prefix = previousText.length;
  let suffix = previousText.length;
  for (const change of ranged) {
    const { start, end } = offsetsOf(scratch, change.range);
    prefix = Math.min(prefix, start);
    suffix = Math.min(suffix, scratch.getText().length - end);
    TextDocument.update(scratch, [change], scratch.version + 1);
  }
  const text = scratch.getText();
  return { previousText, start: prefix, previousEnd: previousText.length - suffix, text: text.slice(prefix, text.length - suffix) };
}

/** offsetsOf a range, ordered as TextDocument.update orders a reversed range. */
function offsetsOf(document: TextDocument, range: Range): { start: number; end: number } {
  const a = document.offsetAt(range.start);
  const b = document.offsetAt(range.end);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}
