import { loadWithCodeCache } from '../engine/codeCache/loadWithCodeCache';

/**
 * loadCommandBundle loads a command's bundle (dist/cli/<command>.js) with a V8 code cache
 * (loadWithCodeCache): most of a CLI run is code that runs once, so compiling it was a noticeable
 * part of a cold `history`.
 */
export function loadCommandBundle(file: string): unknown {
  return loadWithCodeCache({ file });
}
