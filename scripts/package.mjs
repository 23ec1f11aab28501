// Builds a production bundle and packs the .vsix with @vscode/vsce; prints its path, size and
// checks that no sources, tests or benchmark corpus slipped in.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { name, version } = require('../package.json');
const vsix = `${name}-${version}.vsix`;

execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
const vsce = require.resolve('@vscode/vsce/vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { stdio: 'inherit' });
const listing = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const forbidden = listing.filter((entry) => /(^|\/)(src|test|bench|out|node_modules|examples)\//.test(entry) || /\.ts$|\.map$/.test(entry));
if (forbidden.length > 0) {
  console.error(`The package must not contain sources, tests or the bench corpus:\n${forbidden.join('\n')}`);
  process.exit(1);
}
console.log(`${vsix}: ${(statSync(vsix).size / (1024 * 1024)).toFixed(2)} MB, ${listing.length} files`);
