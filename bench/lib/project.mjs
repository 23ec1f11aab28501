// Paths of the project and access to the pieces of its engine the benchmarks reuse (the schema
// registry, the document splitter), bundled from the TypeScript sources with the project's esbuild
// into bench/results/.build (ignored by git).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const projectRoot = path.dirname(benchDir);
export const resultsDir = path.join(benchDir, 'results');
export const buildDir = path.join(resultsDir, '.build');
/** requireProject resolves packages from the project's node_modules. */
export const requireProject = createRequire(path.join(projectRoot, 'package.json'));
/** schemasDir is the schema bundle the CLI and the server use (copied into dist/ by the build). */
export function schemasDir() {
  return path.join(process.env.GW_BENCH_DIST ?? path.join(projectRoot, 'dist'), 'schemas');
}

/**
 * snapshotDist copies dist/ (the build `npm run bench:validate` just made) to
 * bench/results/.build/dist once per run, so that a rebuild by someone else during the run cannot
 * swap the program under measurement. GW_BENCH_DIST passes the snapshot on to child benchmarks.
 */
export function snapshotDist() {
  if (process.env.GW_BENCH_DIST && fs.existsSync(path.join(process.env.GW_BENCH_DIST, 'cli.js'))) return process.env.GW_BENCH_DIST;
  const source = path.join(projectRoot, 'dist');
  for (const name of ['cli.js', 'server.js', 'schemas']) {
    if (!fs.existsSync(path.join(source, name))) throw new Error(`dist/${name} is missing: run \`npm run build\` (npm run bench:validate does)`);
  }
  const target = path.join(buildDir, 'dist');
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(source, target, { recursive: true });
  process.env.GW_BENCH_DIST = target;
  return target;
}

const bundleFile = path.join(buildDir, 'engine.cjs');

/** buildEngineBundle bundles the engine pieces the benchmarks need (call once, in the parent). */
export async function buildEngineBundle() {
  const esbuild = requireProject('esbuild');
  fs.mkdirSync(buildDir, { recursive: true });
  await esbuild.build({
    stdin: {
      contents: [
        `export { createSchemaRegistry } from ${JSON.stringify(path.join(projectRoot, 'server/src/engine/schemas/createSchemaRegistry'))};`,
        `export { splitDocuments } from ${JSON.stringify(path.join(projectRoot, 'server/src/engine/manifests/splitDocuments'))};`,
      ].join('\n'),
      resolveDir: projectRoot,
      loader: 'ts',
      sourcefile: 'bench-engine.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundleFile,
    logLevel: 'warning',
  });
  return bundleFile;
}

/** loadEngine returns the bundled engine pieces (buildEngineBundle must have run). */
export function loadEngine() {
  return createRequire(import.meta.url)(bundleFile);
}

/** listYamlFiles lists *.yaml / *.yml under a directory (no .git), sorted, as the contenders read them. */
export function listYamlFiles(root) {
  const files = [];
  const walk = (directory) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(entry.name)) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

/** peakRssMb reads the process's peak resident set (VmHWM) from /proc, falling back to resourceUsage. */
export function peakRssMb(pid = process.pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    if (match) return Number(match[1]) / 1024;
  } catch {
    // Not Linux, or the process is gone.
  }
  return pid === process.pid ? process.resourceUsage().maxRSS / 1024 : undefined;
}
