import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * loadCommandBundle loads a command's bundle (dist/cli/<command>.js) as `require` would, with a
 * V8 code cache: the bytecode of the functions a run compiled is kept in a per-user cache
 * directory and given to V8 on the next run, which then skips parsing and compiling them.
 * Most of a CLI run is code that runs once, so compiling it was a noticeable part of a cold
 * `history` (Node ≥ 22.1 has this built in as module.enableCompileCache; Node 20 has not).
 *
 * The cache is an optimisation only: any failure (no home directory, a read-only or foreign
 * directory, a cache V8 rejects because Node changed) loads the bundle without it. Entries are
 * named after a hash of the bundle, Node's version and architecture, so a new build or a new
 * Node never uses a stale one; V8 checks them again. The directory is the user's own cache
 * directory, created private (0700), never a shared temporary one: bytecode from there runs.
 * NODE_DISABLE_COMPILE_CACHE (as Node ≥ 22.1 reads it) turns it off.
 */
export function loadCommandBundle(file: string): unknown {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = compileCacheFile({ file, source });
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // import() inside the bundle resolves as in any CommonJS module (Node's default loader; the
  // constant is Node ≥ 20.12's, and the bundles do not use import() anyway).
  const script = new vm.Script(wrapCommonJs(source), { filename: file, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected === true)) {
    // Written at exit, so that the functions the command compiled while running are in it.
    process.once('exit', () => writeCompileCache({ file: cacheFile, data: script.createCachedData() }));
  }
  const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return module.exports;
}

/** wrapCommonJs wraps a CommonJS module's source as Node's module loader does (a #! line is blanked, as Node ignores it). */
function wrapCommonJs(source: string): string {
  const body = source.startsWith('#!') ? source.replace(/^#![^\n]*/, '') : source;
  return `(function (exports, require, module, __filename, __dirname) { ${body}\n});`;
}

/** compileCacheFile is where the code cache of a bundle lives; undefined when there is no usable cache directory. */
function compileCacheFile(args: { file: string; source: string }): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const directory = compileCacheDirectory();
  if (!directory) return undefined;
  const key = createHash('sha256').update(process.version).update('\0').update(process.arch).update('\0').update(args.source).digest('hex').slice(0, 24);
  return path.join(directory, `${path.basename(args.file, '.js')}-${key}.v8cache`);
}

/** compileCacheDirectory is <user cache>/gitops-workbench/compile-cache, made private; undefined when it cannot be. */
function compileCacheDirectory(): string | undefined {
  try {
    const base = process.platform === 'win32' ? process.env.LOCALAPPDATA : process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    if (!base || !path.isAbsolute(base)) return undefined;
    const directory = path.join(base, 'gitops-workbench', 'compile-cache');
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') {
      // Only a directory of this user's, that no one else can write to, may hold code to run.
      const stat = fs.lstatSync(directory);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return undefined;
    }
    return directory;
  } catch {
    return undefined;
  }
}

/** writeCompileCache replaces a cache entry atomically (concurrent runs may write it too) and drops older entries of the bundle. */
function writeCompileCache(args: { file: string; data: Buffer }): void {
  const temporary = `${args.file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, args.data, { mode: 0o600 });
    fs.renameSync(temporary, args.file);
    const [, bundle] = /^(.*)-[0-9a-f]+\.v8cache$/.exec(path.basename(args.file)) ?? [];
    for (const name of fs.readdirSync(path.dirname(args.file))) {
      const other = /^(.*)-[0-9a-f]+\.v8cache$/.exec(name);
      if (other && other[1] === bundle && name !== path.basename(args.file)) fs.rmSync(path.join(path.dirname(args.file), name), { force: true });
    }
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the cache is an optimisation.
    }
  }
}
