import type { Finding } from '../validation/Finding';
import type { ManifestDocument } from './ManifestDocument';
import type { ManifestPiece, PieceChunk } from './ManifestPiece';
import { hasDocumentContent } from './hasDocumentContent';
import { parseChunkText } from './parseChunkText';
import type { ChunkCache, ParsedManifestFile } from './parseManifestText';
import { readChunk } from './readChunk';
import { scanDocumentPieces } from './scanDocumentPieces';
import type { TextChange } from './TextChange';

/** Reparsed is a file's new parse and the stretch of text that was cut again, before and after. */
export interface Reparsed {
  parsed: ParsedManifestFile;
  /** The stretch cut again, in the previous text and in the new one: whole lines, so counts over them (bytes, comments) can be updated by difference. */
  window: { previousText: string; text: string };
}

/**
 * reparseManifestText updates the parse of a split file after an edit, from the previous parse's
 * pieces and the change alone (neither whole text is read: in an editor the new one is a rope that
 * reading would copy). Only the pieces between the last `---` line before the edit and the first
 * one after it are cut and parsed again; the pieces before keep their documents, those after move
 * by the lines and documents the edit added. The result equals parseManifestText({ keepPieces: true })
 * of the new text. Returns undefined when it cannot tell (no pieces kept, a change that does not
 * fit, an edit that makes the file one to parse whole): the caller parses the whole text then.
 * `recent` offers parses of texts seen before (an edit undone, a value typed back).
 */
export function reparseManifestText(args: { file: string; previous: ParsedManifestFile; change: TextChange; recent?: ChunkCache }): Reparsed | undefined {
  const { file, previous, change } = args;
  const { pieces, length: previousLength } = previous;
  const { start, previousEnd } = change;
  if (!pieces || pieces.length === 0 || previousLength === undefined) return undefined;
  if (!(start >= 0 && start <= previousEnd && previousEnd <= previousLength)) return undefined;
  const length = previousLength - (previousEnd - start) + change.text.length;

  // The first piece to cut again: the last whose `---` line (with its line break) lies before the
  // edit, so the pieces before it end where they ended; the text's start otherwise.
  const first = Math.max(0, lastIndexWhere(pieces, (piece) => piece.bodyOffset <= start));
  // The first piece to keep after: one whose `---` line and the line break before it lie after the edit.
  const after = firstIndexWhere(pieces, first + 1, (piece) => piece.offset > previousEnd);
  const delta = length - previousLength;
  const windowStart = pieces[first].offset;
  let previousWindow = '';
  for (let at = first; at < after; at++) previousWindow += pieces[at].text;
  const window = previousWindow.slice(0, start - windowStart) + change.text + previousWindow.slice(previousEnd - windowStart);
  const scanned = scanDocumentPieces(window, 0, window.length, pieces[first].line);
  if (!scanned) return undefined;
  const lineDelta = after < pieces.length ? scanned.endLine - pieces[after].line : 0;

  // Chunks of the window that come out with the same text keep their parse.
  const reusable = new Map<string, PieceChunk>();
  let previousWindowChunks = 0;
  for (let at = first; at < after; at++) {
    const chunk = pieces[at].chunk;
    if (!chunk) continue;
    previousWindowChunks++;
    if (!reusable.has(chunk.text)) reusable.set(chunk.text, chunk);
  }
  const firstIndex = chunksBefore(pieces, first);
  let index = firstIndex;
  const next: ManifestPiece[] = pieces.slice(0, first);
  scanned.pieces.forEach((piece, at) => {
    const pieceEnd = at + 1 < scanned.pieces.length ? scanned.pieces[at + 1].offset : window.length;
    const placed = { offset: piece.offset + windowStart, line: piece.line, bodyOffset: piece.bodyOffset + windowStart, bodyLine: piece.bodyLine, text: window.slice(piece.offset, pieceEnd) };
    const body = window.slice(piece.bodyOffset, pieceEnd);
    if (!hasDocumentContent(body)) {
      next.push(placed);
      return;
    }
    const known = reusable.get(body);
    const parsed = known?.parsed ?? parseChunkText(body, args.recent);
    next.push({ ...placed, chunk: readChunk({ file, index: index++, text: known?.text ?? body, startLine: piece.bodyLine, parsed }) });
  });
  // Texts the edit replaced may come back (undo, a value typed back): remember their parses.
  const kept = new Set<unknown>();
  for (let at = first; at < next.length; at++) kept.add(next[at].chunk?.parsed);
  for (const chunk of reusable.values()) if (!kept.has(chunk.parsed)) args.recent?.set(chunk.text, chunk.parsed);
  const indexDelta = index - firstIndex - previousWindowChunks;
  for (let at = after; at < pieces.length; at++) next.push(shiftPiece(pieces[at], delta, lineDelta, indexDelta));

  const documents: ManifestDocument[] = [];
  const problems: Finding[] = [];
  for (const piece of next) {
    if (!piece.chunk) continue;
    if (piece.chunk.problems.length > 0) problems.push(...piece.chunk.problems);
    if (piece.chunk.document) documents.push(piece.chunk.document);
  }
  return { parsed: { documents, problems, pieces: next, length }, window: { previousText: previousWindow, text: window } };
}

function shiftPiece(piece: ManifestPiece, delta: number, lineDelta: number, indexDelta: number): ManifestPiece {
  if (delta === 0 && lineDelta === 0 && indexDelta === 0) return piece;
  const moved: ManifestPiece = { offset: piece.offset + delta, line: piece.line + lineDelta, bodyOffset: piece.bodyOffset + delta, bodyLine: piece.bodyLine + lineDelta, text: piece.text };
  if (piece.chunk) moved.chunk = shiftChunk(piece.chunk, lineDelta, indexDelta);
  return moved;
}

/** shiftChunk moves a chunk's document and findings; its value and parse stay the same objects. */
function shiftChunk(chunk: PieceChunk, lineDelta: number, indexDelta: number): PieceChunk {
  if (lineDelta === 0 && indexDelta === 0) return chunk;
  const index = chunk.index + indexDelta;
  const document = chunk.document && {
    ...chunk.document,
    index,
    startLine: chunk.document.startLine + lineDelta,
    source: lineDelta === 0 ? chunk.document.source : { ...chunk.document.source, startLine: chunk.document.source.startLine + lineDelta },
  };
  const problems = lineDelta === 0 ? chunk.problems : chunk.problems.map((problem) => ({
    ...problem,
    range: {
      start: { line: problem.range.start.line + lineDelta, character: problem.range.start.character },
      end: { line: problem.range.end.line + lineDelta, character: problem.range.end.character },
    },
  }));
  return { ...chunk, index, document, problems };
}

/** chunksBefore counts the chunks of the pieces before `at` (the index of the next chunk). */
function chunksBefore(pieces: readonly ManifestPiece[], at: number): number {
  for (let back = at - 1; back >= 0; back--) {
    const chunk = pieces[back].chunk;
    if (chunk) return chunk.index + 1;
  }
  return 0;
}

/** lastIndexWhere: binary search for the last piece matching a predicate that holds for a prefix. */
function lastIndexWhere(pieces: readonly ManifestPiece[], holds: (piece: ManifestPiece) => boolean): number {
  let low = 0;
  let high = pieces.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (holds(pieces[middle])) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** firstIndexWhere: binary search from `from` for the first piece matching a predicate that holds for a suffix. */
function firstIndexWhere(pieces: readonly ManifestPiece[], from: number, holds: (piece: ManifestPiece) => boolean): number {
  let low = from;
  let high = pieces.length - 1;
  let found = pieces.length;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (holds(pieces[middle])) {
      found = middle;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  return found;
}
