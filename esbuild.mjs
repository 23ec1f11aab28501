// Bundles the extension, the language server and the CLI into dist/ as CommonJS for Node 20.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

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
      // Only @kubernetes/client-node's KubeConfig is used (loading and auth; requests are our own):
      // its config module still imports the generated API client and node-fetch, about 1 MB that is
      // never called. Stubs keep them out; makeApiClient would throw, and nothing calls it.
      name: 'client-node-kubeconfig-only',
      setup(build) {
        const fromConfig = (args) => /@kubernetes[\\/]client-node[\\/]dist[\\/]config\.js$/.test(args.importer);
        build.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) => (fromConfig(args) ? { path: 'gen', namespace: 'client-node-stub' } : undefined));
        build.onResolve({ filter: /^node-fetch$/ }, (args) => (fromConfig(args) ? { path: 'node-fetch', namespace: 'client-node-stub' } : undefined));
        build.onLoad({ filter: /.*/, namespace: 'client-node-stub' }, (args) => ({
          loader: 'js',
          contents:
            args.path === 'gen'
              ? 'const unavailable = () => { throw new Error("the generated Kubernetes API client is not bundled"); }; export const createConfiguration = unavailable; export class ServerConfiguration { constructor() { unavailable(); } }'
              : 'export const Headers = globalThis.Headers;',
        }));
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

// The CLI is a small dispatcher (dist/cli.js) and one bundle per command (dist/cli/<command>.js,
// from every file of server/src/cli/commands/), which the dispatcher requires when the command
// runs: a process loads only its command's code (`history` no validator, no renderer). esbuild
// cannot split CommonJS output into chunks, hence separate bundles; code they share is in each.
const commandsDir = 'server/src/cli/commands';
const commandEntries = existsSync(commandsDir) ? readdirSync(commandsDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).map((name) => `${commandsDir}/${name}`) : [];
/** @type {import('esbuild').Plugin} */
const cliCommandsApart = {
  name: 'cli-commands-apart',
  setup(build) {
    // runCli's `import('./commands/<name>')` loads dist/cli/<name>.js through loadCommandBundle
    // (a V8 code cache), when it runs (see `supported`).
    build.onResolve({ filter: /^\.\/commands\/[A-Za-z0-9_-]+$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.importer.endsWith(`server/src/cli/runCli.ts`)) return undefined;
      return { path: args.path.slice('./commands/'.length), namespace: 'cli-command' };
    });
    build.onLoad({ filter: /.*/, namespace: 'cli-command' }, (args) => ({
      loader: 'js',
      resolveDir: path.resolve('server/src/cli'),
      contents: `module.exports = require('./loadCommandBundle').loadCommandBundle(require('node:path').join(__dirname, 'cli', ${JSON.stringify(`${args.path}.js`)}));`,
    }));
  },
};

// Big packages that commands import but often do not call (`history` imports isomorphic-git for
// rare fallbacks and yaml for unusual YAML) are bundled once into dist/cli/vendor/<package>.js,
// and in the command bundles the import is a stub that requires that file on first use of an
// export: compiling and running them at load was a fifth of a CLI `history`. Only packages whose
// exports are a plain object (no function export) can be stubbed.
const lazyCliPackages = ['isomorphic-git', 'yaml'];

/** lazyPackageStubs makes each lazy package's import a stub with its exports as getters (see lazyCliPackages). */
function lazyPackageStubs(exportsByPackage) {
  return {
    name: 'lazy-package-stubs',
    setup(build) {
      const filter = new RegExp(`^(${lazyCliPackages.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-package' }));
      build.onResolve({ filter: /^\.\/vendor\//, namespace: 'lazy-package' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
        const { names, esModule } = exportsByPackage.get(args.path);
        return {
          loader: 'js',
          contents: [
            `let real;`,
            `const load = () => (real ??= require(${JSON.stringify(`./vendor/${args.path}.js`)}));`,
            // __esModule is read when the stub is imported: a value, so that reading it loads nothing.
            esModule ? `Object.defineProperty(exports, '__esModule', { value: true });` : '',
            `for (const [name, enumerable] of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable, get: () => load()[name] });`,
          ].join('\n'),
        };
      });
    },
  };
}

/** buildCliVendor bundles the lazy packages and reads their export names for the stubs. */
async function buildCliVendor() {
  await esbuild.build({ ...common, sourcemap: false, entryPoints: Object.fromEntries(lazyCliPackages.map((name) => [name, name])), outdir: 'dist/cli/vendor' });
  const requireBuilt = createRequire(import.meta.url);
  const exportsByPackage = new Map();
  for (const name of lazyCliPackages) {
    const built = requireBuilt(path.resolve('dist/cli/vendor', `${name}.js`));
    if (built === null || typeof built !== 'object') throw new Error(`${name} exports a ${typeof built}, not an object: it cannot be loaded lazily`);
    const names = Object.getOwnPropertyNames(built).filter((key) => key !== '__esModule').map((key) => [key, Object.getOwnPropertyDescriptor(built, key).enumerable]);
    exportsByPackage.set(name, { names, esModule: built.__esModule === true });
  }
  return exportsByPackage;
}

/**
 * buildSchemaValidators writes dist/schemas/validators/: every bundled schema's validator as ajv
 * standalone code (generateBundleValidators), so that no run compiles a bundled schema (~0.3 s of
 * a CLI run, the language server's first validation too). Made once per bundle and generator
 * (~10 s) and kept in node_modules/.cache; each module is bundled with the ajv runtime helpers it
 * requires, since node_modules is not shipped.
 */
async function buildSchemaValidators() {
  // The generator is TypeScript (it uses the registry's own ajv options): bundled, then run here.
  const generator = await esbuild.build({
    ...common, plugins: [], sourcemap: false, minify: false, write: false, stdin: {
      contents: `export { generateBundleValidators } from './server/src/engine/schemas/generateBundleValidators'; export { loadSchemaBundle } from './server/src/engine/schemas/loadSchemaBundle';`,
      resolveDir: path.resolve('.'), loader: 'ts',
    },
  });
  const generatorCode = generator.outputFiles[0].text;
  const hash = createHash('sha256').update(generatorCode);
  for (const file of readdirSync('dist/schemas').sort()) if (file.endsWith('.json')) hash.update(`\0${file}\0`).update(readFileSync(path.join('dist/schemas', file)));
  const cached = path.resolve('node_modules/.cache/gitops-workbench/validators', hash.digest('hex').slice(0, 24));
  if (!existsSync(path.join(cached, 'manifest.json'))) {
    const module = { exports: {} };
    new Function('module', 'exports', 'require', generatorCode)(module, module.exports, createRequire(import.meta.url));
    const { generateBundleValidators, loadSchemaBundle } = module.exports;
    const { manifest, modules } = generateBundleValidators({ bundle: loadSchemaBundle(path.resolve('dist/schemas')) });
    const codeByModule = new Map(modules.map(({ file, code }) => [file, code]));
    const building = `${cached}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    await esbuild.build({
      ...common, plugins: [{
        name: 'schema-validators',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'entry-point' ? { path: args.path, namespace: 'schema-validator' } : undefined));
          build.onLoad({ filter: /.*/, namespace: 'schema-validator' }, (args) => ({ contents: codeByModule.get(args.path), loader: 'js', resolveDir: path.resolve('.') }));
        },
      }],
      entryPoints: Object.fromEntries([...codeByModule.keys()].map((name) => [name.replace(/\.js$/, ''), name])),
      outdir: building, sourcemap: false, minify: true, logLevel: 'error',
    });
    writeFileSync(path.join(building, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    rmSync(cached, { recursive: true, force: true });
    renameSync(building, cached);
  }
  cpSync(cached, 'dist/schemas/validators', { recursive: true });
}

mkdirSync('dist', { recursive: true });
// A fresh copy, so kinds dropped from the bundle do not linger in dist/.
rmSync('dist/schemas', { recursive: true, force: true });
if (existsSync('server/schemas/bundle')) {
  cpSync('server/schemas/bundle', 'dist/schemas', { recursive: true });
  await buildSchemaValidators();
}
// The vendor bundles first: the command bundles' stubs are made from their exports.
const lazyPackages = commandEntries.length > 0 ? lazyPackageStubs(await buildCliVendor()) : undefined;

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...common.plugins, cliCommandsApart],
    // A `require` the dispatcher runs at once, rather than import(), which starts Node's ESM loader.
    supported: { 'dynamic-import': false },
  },
  { entryPoints: commandEntries, outdir: 'dist/cli', entryNames: '[name]', plugins: [...common.plugins, lazyPackages] },
  { entryPoints: ['test/support/kubeEmulator/main.ts'], outfile: 'dist/kube-emulator.js' },
].filter((entry) => entry.entryPoints.length > 0 && existsSync(entry.entryPoints[0]));

const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  pruneCliBundles();
}

/**
 * pruneCliBundles removes files of dist/cli/ that this build did not write (commands since
 * removed, maps of a production build). After the build, not by emptying the directory first:
 * a CLI started meanwhile (a test run beside the build) would find its command missing.
 */
function pruneCliBundles() {
  const written = new Set([
    ...commandEntries.flatMap((entry) => {
      const name = path.basename(entry, '.ts');
      return [`dist/cli/${name}.js`, ...(common.sourcemap ? [`dist/cli/${name}.js.map`] : [])];
    }),
    ...lazyCliPackages.map((name) => `dist/cli/vendor/${name}.js`),
  ].map((file) => path.resolve(file)));
  for (const directory of ['dist/cli', 'dist/cli/vendor']) {
    if (!existsSync(directory)) continue;
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const file = path.resolve(directory, entry.name);
      if (entry.isFile() && !written.has(file)) rmSync(file, { force: true });
    }
  }
}
