#!/usr/bin/env node
// Where does the CLI's time go? Bundles the CLI from the current sources (unminified, with a source
// map, into bench/results/.build/cli.js), runs it under `node --cpu-prof` on the benchmark corpus and
// prints self time per original source file (engine files, rules and dependencies by name) and the
// inclusive time of the main engine steps. Writes bench/results/cli.cpuprofile.
//
//   node bench/profile.mjs [--corpus DIR] [--top N] [--profile FILE.cpuprofile]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultCorpusDir, generateCorpus } from './generateCorpus.mjs';
import { buildDir, projectRoot, requireProject, resultsDir } from './lib/project.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const corpusDir = path.resolve(option('--corpus', defaultCorpusDir));
const top = Number(option('--top', 30));

const cliFile = path.join(buildDir, 'cli.js');
let profileFile = option('--profile');
if (!profileFile) {
  const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  await requireProject('esbuild').build({
    entryPoints: [path.join(projectRoot, 'server/src/cli/main.ts')],
    outfile: cliFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: ['vscode', 'prettier'],
    define: { GITOPS_WORKBENCH_VERSION: JSON.stringify(version) },
  });
  if (corpusDir === defaultCorpusDir) generateCorpus();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cli-profile-'));
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', directory, cliFile, 'validate', '--format', 'json'], { cwd: corpusDir, maxBuffer: 1 << 28 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`CLI failed: ${run.stderr}`);
  process.stdout.write(`CLI wall time with the profiler: ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
  profileFile = path.join(directory, fs.readdirSync(directory).find((name) => name.endsWith('.cpuprofile')));
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.copyFileSync(profileFile, path.join(resultsDir, 'cli.cpuprofile'));
  fs.rmSync(directory, { recursive: true, force: true });
  profileFile = path.join(resultsDir, 'cli.cpuprofile');
  process.stdout.write(`profile: ${path.relative(projectRoot, profileFile)} (open in Chrome DevTools → Performance)\n`);
}

const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
const mapFile = `${cliFile}.map`;
const sourceMap = fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : undefined;

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const selfTime = new Map();
profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

/** origin maps a call frame to its original source file and function name. */
const originCache = new Map();
function origin(frame) {
  const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
  let found = originCache.get(key);
  if (found) return found;
  let file = frame.url ? frame.url.replace(/^file:\/\//, '') : `(${frame.functionName || 'native'})`;
  if (sourceMap && frame.url.endsWith('/.build/cli.js') && frame.lineNumber >= 0) {
    const entry = sourceMap.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry?.originalSource) file = entry.originalSource.replace(/^.*?(node_modules\/|server\/src\/)/, '$1');
  }
  file = file.replace(`${projectRoot}/`, '');
  found = { file, name: frame.functionName || '(anonymous)' };
  originCache.set(key, found);
  return found;
}

const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
const byFile = new Map();
const byFunction = new Map();
for (const [id, time] of selfTime) {
  const { file, name } = origin(nodes.get(id).callFrame);
  byFile.set(file, (byFile.get(file) ?? 0) + time);
  byFunction.set(`${name}  ${file}`, (byFunction.get(`${name}  ${file}`) ?? 0) + time);
}

// Inclusive time of engine steps: a sample counts once for each step found on its stack.
const steps = {
  'findManifestFiles (walk + .gitignore)': (o) => o.name === 'findManifestFiles',
  'readFileSync': (o) => o.name === 'readFileSync',
  'parseManifestText (split + parse)': (o) => o.name === 'parseManifestText',
  '  js-yaml (fast path)': (o) => o.file.startsWith('node_modules/js-yaml'),
  '  parseCarefully (yaml package)': (o) => o.name === 'parseCarefully',
  'schema rule (ajv validate)': (o) => o.name === 'check' && o.file.endsWith('rules/schema.ts'),
  '  ajv compile': (o) => o.name === 'compile' || o.name === 'compileSchema' || o.name === '_compileSchemaEnv',
  'document rules incl. schema (documentRuleResults)': (o) => o.name === 'documentRuleResults',
  'buildValidationScopes': (o) => o.name === 'buildValidationScopes',
  'environment/repository rules': (o) => o.name === 'check' && /rules\/(refMissing|imageLatest|duplicateResource|fluxSourceMissing|fluxDependencyCycle|kustomizeRefMissing)\.ts$/.test(o.file),
  'resolveFinding (positions)': (o) => o.name === 'resolveFinding',
  'finish (dedupe, suppressions, sort)': (o) => o.name === 'finish',
  'formatFindingsJson': (o) => o.name === 'formatFindingsJson',
  'garbage collector': (o) => o.name === '(garbage collector)',
  'module compilation (wrapSafe)': (o) => o.name === 'wrapSafe' || o.name === 'compileFunction',
};
const inclusive = Object.fromEntries(Object.keys(steps).map((step) => [step, 0]));
const stackSteps = new Map();
function stepsOf(id) {
  if (stackSteps.has(id)) return stackSteps.get(id);
  const own = new Set();
  const o = origin(nodes.get(id).callFrame);
  for (const [step, test] of Object.entries(steps)) if (test(o)) own.add(step);
  const parent = parents.get(id);
  const result = parent !== undefined ? new Set([...stepsOf(parent), ...own]) : own;
  stackSteps.set(id, result);
  return result;
}
profile.samples.forEach((id, index) => {
  for (const step of stepsOf(id)) inclusive[step] += profile.timeDeltas[index] ?? 0;
});

const ms = (value) => `${(value / 1000).toFixed(0).padStart(7)} ms ${((100 * value) / total).toFixed(1).padStart(5)}%`;
process.stdout.write(`\nsampled CPU time: ${(total / 1000).toFixed(0)} ms\n\nengine steps (inclusive):\n`);
for (const [step, time] of Object.entries(inclusive)) process.stdout.write(`${ms(time)}  ${step}\n`);
process.stdout.write(`\nself time by source file (top ${top}):\n`);
for (const [file, time] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${ms(time)}  ${file}\n`);
process.stdout.write(`\nself time by function (top ${top}):\n`);
for (const [name, time] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${ms(time)}  ${name}\n`);
