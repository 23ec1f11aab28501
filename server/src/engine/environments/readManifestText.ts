import * as fs from 'node:fs';

/**
 * readManifestText reads a manifest file as discovery parses it (UTF-8, without a byte-order
 * mark); undefined when it cannot be read, as discovery works with what it can read.
 */
export function readManifestText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
