import { parseDocumentChunk } from './parseDocumentChunk';
import type { CachedChunk, ChunkCache } from './parseManifestText';

/** parseChunkText parses one document text, or takes its parse from the cache. */
export function parseChunkText(text: string, cache?: ChunkCache): CachedChunk {
  let parsed = cache?.get(text);
  if (!parsed) {
    const fresh = parseDocumentChunk(text);
    parsed = { value: fresh.value, problems: fresh.problems, tree: { yamlDocument: fresh.yamlDocument, lineCounter: fresh.lineCounter } };
    cache?.set(text, parsed);
  }
  return parsed;
}
