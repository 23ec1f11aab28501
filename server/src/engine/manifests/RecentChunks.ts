import type { CachedChunk, ChunkCache } from './parseManifestText';

/** How many parses RecentChunks keeps: a few edits' worth of undo per file. */
const capacity = 32;

/**
 * RecentChunks is a small ChunkCache of the document texts an editor recently replaced or typed,
 * oldest forgotten first: undoing an edit, or typing a value back, finds the earlier parse (and the
 * same value, so the rules' results for it are reused too).
 */
export class RecentChunks implements ChunkCache {
  private readonly entries = new Map<string, CachedChunk>();

  get(text: string): CachedChunk | undefined {
    const parsed = this.entries.get(text);
    if (parsed) {
      // Most recently used last, so eviction takes the oldest.
      this.entries.delete(text);
      this.entries.set(text, parsed);
    }
    return parsed;
  }

  set(text: string, parsed: CachedChunk): void {
    this.entries.delete(text);
    this.entries.set(text, parsed);
    if (this.entries.size > capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
