// Bundles the extension, the language server and the CLI into dist/ as CommonJS for Node 20.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync, readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // vscode-json-languageservice's UMD build requires modules dynamically; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  plugins: [
    {
      // yaml-language-server deep-imports the UMD build, whose factories require modules that a
      // bundler cannot see; the ESM build of the same files bundles cleanly.
      name: 'json-languageservice-esm',
      setup(build) {
        build.onResolve({ filter: /^vscode-json-languageservice\/lib\/umd\// }, (args) =>
          build.resolve(args.path.replace('/lib/umd/', '/lib/esm/'), { kind: args.kind, resolveDir: args.resolveDir }),
        );
      },
    },
    {
      // prettier is only used by yaml-language-server's formatter, which we never call: a stub
      // keeps 2 MB of formatter out of the bundle.
      name: 'stub-prettier',
      setup(build) {
        build.onResolve({ filter: /^prettier(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'stub-prettier' }));
        build.onLoad({ filter: /.*/, namespace: 'stub-prettier' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      },
    },
  ],
  define: { GITOPS_WORKBENCH_VERSION: JSON.stringify(version) },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['test/support/kubeEmulator/main.ts'], outfile: 'dist/kube-emulator.js' },
].filter((entry) => existsSync(entry.entryPoints[0]));

mkdirSync('dist', { recursive: true });
// A fresh copy, so kinds dropped from the bundle do not linger in dist/.
rmSync('dist/schemas', { recursive: true, force: true });
if (existsSync('server/schemas/bundle')) cpSync('server/schemas/bundle', 'dist/schemas', { recursive: true });
const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
