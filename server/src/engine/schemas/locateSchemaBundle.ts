import { existsSync } from 'node:fs';
import path from 'node:path';
import { SchemaBundleMissingError } from './SchemaBundleMissingError';

/**
 * locateSchemaBundle finds the directory holding the bundle's index.json. Bundled programs
 * (dist/server.js, dist/cli.js) find dist/schemas beside them; tsc output
 * (out/server/src/engine/schemas/) and sources find the repository's server/schemas/bundle by
 * walking up. Throws SchemaBundleMissingError when neither exists.
 */
export function locateSchemaBundle(args: { from?: string } = {}): string {
  const searched: string[] = [];
  let dir = path.resolve(args.from ?? __dirname);
  for (;;) {
    for (const candidate of [path.join(dir, 'schemas'), path.join(dir, 'server', 'schemas', 'bundle')]) {
      searched.push(candidate);
      if (existsSync(path.join(candidate, 'index.json'))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new SchemaBundleMissingError(searched.slice(0, 4));
    dir = parent;
  }
}
