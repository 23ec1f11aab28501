import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * locatePrecompiledValidators finds the build's validators directory (dist/schemas/validators)
 * beside the running bundle: dist/server.js, or a CLI command's bundle in dist/cli/. They are
 * code, so unlike the schema bundle they are never looked for in directories further up.
 * Undefined when not found (tsc output, tests): the schemas are then compiled at run time.
 */
export function locatePrecompiledValidators(args: { from?: string } = {}): string | undefined {
  const from = path.resolve(args.from ?? __dirname);
  for (const candidate of [path.join(from, 'schemas', 'validators'), path.join(path.dirname(from), 'schemas', 'validators')]) {
    if (existsSync(path.join(candidate, 'manifest.json'))) return candidate;
  }
  return undefined;
}
