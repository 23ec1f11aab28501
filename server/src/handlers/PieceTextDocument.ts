import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { TextChange } from '../engine/manifests/TextChange';

/** More pieces than this are joined into one text (a copy of the whole text, once in a long while). */
const maxPieces = 4096;

/**
 * PieceTextDocument is the language server's TextDocument: an edit costs what the edit costs.
 * vscode-languageserver-textdocument's document splices its text with `substring` on every change,
 * which makes V8 copy the whole text each time (≈10 ms per keystroke in a 2.6 MB file). Here the
 * text is a list of pieces (slices of earlier texts and the inserted texts), and `getText()` joins
 * them as a rope that is copied only when something reads it whole. Offsets, positions and line
 * offsets follow FullTextDocument's rules exactly (same line-break handling, same clamping).
 */
export class PieceTextDocument implements TextDocument {
  private pieces: string[];
  /** Offset of each piece in the text. */
  private starts: number[];
  private length: number;
  private joined?: string;
  private lineOffsets?: number[];
  /**
   * What the last update replaced, as one stretch of the text before it (undefined after a
   * whole-text change and for a new document): the validator re-parses only that stretch.
   */
  lastChange?: TextChange;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
  ) {
    this.pieces = content === '' ? [] : [content];
    this.starts = content === '' ? [] : [0];
    this.length = content.length;
    this.joined = content;
    // The first edit needs the line offsets; finding them with the open keeps that edit as fast as the next.
    this.getLineOffsets();
  }

  /** create and update make the class a TextDocuments configuration, like the library's TextDocument. */
  static create(uri: string, languageId: string, version: number, content: string): TextDocument {
    return new PieceTextDocument(uri, languageId, version, content);
  }

  static update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    if (!(document instanceof PieceTextDocument)) throw new Error('PieceTextDocument.update: the document must come from PieceTextDocument.create');
    document.update(changes, version);
    return document;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  getText(range?: Range): string {
    if (range) return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    if (this.joined === undefined) {
      // Concatenation makes a rope: nothing is copied until a reader needs the characters.
      let text = '';
      for (const piece of this.pieces) text += piece;
      this.joined = text;
    }
    return this.joined;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: offset };
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (lineOffsets[middle] > offset) high = middle;
      else low = middle + 1;
    }
    const line = low - 1;
    offset = this.ensureBeforeEOL(offset, lineOffsets[line]);
    return { line, character: offset - lineOffsets[line] };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.length;
    if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line];
    if (position.character <= 0) return lineOffset;
    const nextLineOffset = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this.length;
    const offset = Math.min(lineOffset + position.character, nextLineOffset);
    return this.ensureBeforeEOL(offset, lineOffset);
  }

  /** update applies content changes in order, as FullTextDocument.update does, and notes what they replaced (lastChange). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const previousText = this.getText();
    // What no change touched: the shortest prefix and suffix any change left alone.
    let prefix = previousText.length;
    let suffix = previousText.length;
    let whole = changes.length === 0;
    for (const change of changes) {
      if ('range' in change && change.range !== undefined) {
        const range = wellFormed(change.range);
        const startOffset = this.offsetAt(range.start);
        const endOffset = this.offsetAt(range.end);
        prefix = Math.min(prefix, startOffset);
        suffix = Math.min(suffix, this.length - endOffset);
        this.replace(startOffset, endOffset, change.text);
        const startLine = Math.max(range.start.line, 0);
        const endLine = Math.max(range.end.line, 0);
        let lineOffsets = this.lineOffsets as number[];
        const added = computeLineOffsets(change.text, false, startOffset);
        if (endLine - startLine === added.length) {
          for (let index = 0; index < added.length; index++) lineOffsets[index + startLine + 1] = added[index];
        } else if (added.length < 10000) {
          lineOffsets.splice(startLine + 1, endLine - startLine, ...added);
        } else {
          this.lineOffsets = lineOffsets = lineOffsets.slice(0, startLine + 1).concat(added, lineOffsets.slice(endLine + 1));
        }
        const diff = change.text.length - (endOffset - startOffset);
        if (diff !== 0) for (let index = startLine + 1 + added.length; index < lineOffsets.length; index++) lineOffsets[index] += diff;
      } else {
        whole = true;
        this.pieces = change.text === '' ? [] : [change.text];
        this.starts = change.text === '' ? [] : [0];
        this.length = change.text.length;
        this.joined = change.text;
        this.lineOffsets = undefined;
      }
    }
    this.currentVersion = version;
    this.lastChange = whole ? undefined : { previousText, start: prefix, previousEnd: previousText.length - suffix, text: this.slice(prefix, this.length - suffix) };
  }

  private getLineOffsets(): number[] {
    if (this.lineOffsets === undefined) {
      const offsets = [0];
      let offset = 0;
      // Whether the character before the current piece is a CR: a CR LF pair is one line break,
      // even when the two lie in different pieces.
      let afterCr = false;
      for (const piece of this.pieces) {
        // Line breaks are found with indexOf (native, fast on megabytes), LF and CR in turn.
        let lf = piece.indexOf('\n');
        let cr = piece.indexOf('\r');
        if (afterCr && lf === 0) {
          offsets[offsets.length - 1] = offset + 1;
          lf = piece.indexOf('\n', 1);
        }
        while (lf !== -1 || cr !== -1) {
          if (cr !== -1 && (lf === -1 || cr < lf)) {
            if (lf === cr + 1) {
              offsets.push(offset + lf + 1);
              lf = piece.indexOf('\n', lf + 1);
            } else {
              offsets.push(offset + cr + 1);
            }
            cr = piece.indexOf('\r', cr + 1);
          } else {
            offsets.push(offset + lf + 1);
            lf = piece.indexOf('\n', lf + 1);
          }
        }
        afterCr = piece.length > 0 ? piece.charCodeAt(piece.length - 1) === 13 : afterCr;
        offset += piece.length;
      }
      this.lineOffsets = offsets;
    }
    return this.lineOffsets;
  }

  private ensureBeforeEOL(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEOL(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  /** pieceAt is the index of the piece holding `offset` (pieces.length at the end of the text). */
  private pieceAt(offset: number): number {
    if (offset >= this.length) return this.pieces.length;
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private charCodeAt(offset: number): number {
    const at = this.pieceAt(offset);
    return at < this.pieces.length ? this.pieces[at].charCodeAt(offset - this.starts[at]) : NaN;
  }

  /** slice is the text between two offsets, in either order (as String.prototype.substring takes them). */
  private slice(from: number, to: number): string {
    const start = Math.min(from, to);
    const end = Math.max(from, to);
    if (end === start) return '';
    let text = '';
    for (let at = this.pieceAt(start); at < this.pieces.length && this.starts[at] < end; at++) {
      text += this.pieces[at].slice(Math.max(0, start - this.starts[at]), end - this.starts[at]);
    }
    return text;
  }

  /** replace puts `text` in place of [start, end): the pieces around are sliced, not copied. */
  private replace(start: number, end: number, text: string): void {
    const first = this.pieceAt(start);
    const last = this.pieceAt(end);
    const replacement: string[] = [];
    if (first < this.pieces.length && start > this.starts[first]) replacement.push(this.pieces[first].slice(0, start - this.starts[first]));
    if (text !== '') replacement.push(text);
    if (last < this.pieces.length && end - this.starts[last] < this.pieces[last].length) replacement.push(this.pieces[last].slice(end - this.starts[last]));
    this.pieces.splice(first, Math.min(last + 1, this.pieces.length) - first, ...replacement);
    this.length += text.length - (end - start);
    this.joined = undefined;
    let from = first;
    if (this.pieces.length > maxPieces) {
      this.pieces = [this.getText()];
      from = 0;
    }
    this.starts.length = from;
    let offset = from > 0 ? this.starts[from - 1] + this.pieces[from - 1].length : 0;
    for (let at = from; at < this.pieces.length; at++) {
      this.starts.push(offset);
      offset += this.pieces[at].length;
    }
  }
}

function computeLineOffsets(text: string, isAtLineStart: boolean, textOffset = 0): number[] {
  const result = isAtLineStart ? [textOffset] : [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isEOL(code)) {
      if (code === 13 && index + 1 < text.length && text.charCodeAt(index + 1) === 10) index++;
      result.push(textOffset + index + 1);
    }
  }
  return result;
}

function isEOL(code: number): boolean {
  return code === 13 || code === 10;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return { start: end, end: start };
  return range;
}
