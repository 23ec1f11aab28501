import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * loadWithCodeCache loads a CommonJS file of the build (a CLI command bundle, a schema validator
 * module) as `require` would, with a V8 code cache: the bytecode of the functions a run compiled
 * is kept in a per-user cache directory and given to V8 on the next run, which then skips parsing
 * and compiling them (Node ≥ 22.1 has this built in as module.enableCompileCache; Node 20 has not).
 *
 * The cache is an optimisation only: any failure (no home directory, a read-only or foreign
 * directory, a cache V8 rejects because Node changed) loads the file without it. Entries are named
 * after a hash of the file, Node's version and architecture, so a new build or a new Node never
 * uses a stale one; V8 checks them again. The directory is the user's own cache directory
 * (`<cache>/gitops-workbench/compile-cache[/<group>]`), created private (0700), never a shared
 * temporary one: bytecode from there runs. NODE_DISABLE_COMPILE_CACHE (as Node ≥ 22.1 reads it)
 * turns it off.
 */
export function loadWithCodeCache(args: { file: string; group?: string }): unknown {
  const { file } = args;
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile({ file, source, group: args.group });
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // import() inside the file resolves as in any CommonJS module (Node's default loader; the
  // constant is Node ≥ 20.12's, and the bundles do not use import() anyway).
  const script = new vm.Script(wrapCommonJs(source), { filename: file, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected === true)) {
    // Written at exit, so that it holds the functions the run compiled. One listener for every
    // file: a run may load dozens of validator modules (Node warns from 11 listeners on).
    if (unwritten.size === 0) process.once('exit', () => unwritten.forEach((pending, entry) => writeCodeCache({ file: entry, data: pending.createCachedData() })));
    unwritten.set(cacheFile, script);
  }
  const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return module.exports;
}

/** The scripts whose code cache is written at exit, by cache file. */
const unwritten = new Map<string, vm.Script>();

/** wrapCommonJs wraps a CommonJS module's source as Node's module loader does (a #! line is blanked, as Node ignores it). */
function wrapCommonJs(source: string): string {
  const body = source.startsWith('#!') ? source.replace(/^#![^\n]*/, '') : source;
  return `(function (exports, require, module, __filename, __dirname) { ${body}\n});`;
}

/** codeCacheFile is where the code cache of a file lives; undefined when there is no usable cache directory. */
function codeCacheFile(args: { file: string; source: string; group: string | undefined }): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const directory = codeCacheDirectory(args.group);
  if (!directory) return undefined;
  const key = createHash('sha256').update(process.version).update('\0').update(process.arch).update('\0').update(args.source).digest('hex').slice(0, 24);
  return path.join(directory, `${path.basename(args.file, '.js')}-${key}.v8cache`);
}

/** The cache directory of each group, once checked (a run loads dozens of validator modules). */
const checkedDirectories = new Map<string | undefined, string | undefined>();

/** codeCacheDirectory is <user cache>/gitops-workbench/compile-cache[/<group>], made private; undefined when it cannot be. */
function codeCacheDirectory(group: string | undefined): string | undefined {
  if (!checkedDirectories.has(group)) checkedDirectories.set(group, findCodeCacheDirectory(group));
  return checkedDirectories.get(group);
}

function findCodeCacheDirectory(group: string | undefined): string | undefined {
  try {
    const base = process.platform === 'win32' ? process.env.LOCALAPPDATA : process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    if (!base || !path.isAbsolute(base)) return undefined;
    const parent = path.join(base, 'gitops-workbench', 'compile-cache');
    const directory = group ? path.join(parent, group) : parent;
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') {
      // Only directories of this user's, that no one else can write to, may hold code to run.
      for (const checked of new Set([parent, directory])) {
        const stat = fs.lstatSync(checked);
        if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return undefined;
      }
    }
    return directory;
  } catch {
    return undefined;
  }
}

/** writeCodeCache replaces a cache entry atomically (concurrent runs may write it too) and drops the file's older entries. */
function writeCodeCache(args: { file: string; data: Buffer }): void {
  const temporary = `${args.file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, args.data, { mode: 0o600 });
    fs.renameSync(temporary, args.file);
    const [, name] = /^(.*)-[0-9a-f]+\.v8cache$/.exec(path.basename(args.file)) ?? [];
    for (const entry of fs.readdirSync(path.dirname(args.file))) {
      const other = /^(.*)-[0-9a-f]+\.v8cache$/.exec(entry);
      if (other && other[1] === name && entry !== path.basename(args.file)) fs.rmSync(path.join(path.dirname(args.file), entry), { force: true });
    }
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the cache is an optimisation.
    }
  }
}
