import type { ChunkCache } from './parseManifestText';
import type { PreparedChunk } from './PreparedManifestFile';

/**
 * preparedChunkCache offers parseManifestText the values a parse worker made (prepareManifestFile),
 * in the order it asks for them: one per document text with content. A chunk the worker left
 * (null), or whose length differs, is parsed by parseManifestText itself.
 */
export function preparedChunkCache(chunks: PreparedChunk[]): ChunkCache {
  let next = 0;
  return {
    get(text) {
      const chunk = chunks[next++];
      if (!chunk || chunk.json === null) return undefined;
      if (chunk.length !== text.length) {
        // Not the text the worker parsed and checked: neither its value nor its findings apply.
        chunk.checked = undefined;
        return undefined;
      }
      // The same shape as parseChunkText's fast path: no YAML tree (positions parse it when needed).
      return { value: JSON.parse(chunk.json) as unknown, problems: [], tree: { yamlDocument: undefined, lineCounter: undefined } };
    },
    set() {
      // Nothing is kept: each file is parsed once.
    },
  };
}
