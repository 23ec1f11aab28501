import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** bundleIndexHash identifies a schema bundle by its index.json text (sha256, hex). */
export function bundleIndexHash(bundleDir: string): string {
  return createHash('sha256').update(readFileSync(path.join(bundleDir, 'index.json'))).digest('hex');
}
