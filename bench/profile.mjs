#!/usr/bin/env node
// Where does the CLI's time go? Bundles the CLI from the current sources (unminified, with a source
// map, into bench/results/.build/cli.js), runs it under `node --cpu-prof` on the benchmark corpus and
// prints self time per original source file (engine files, rules and dependencies by name) and the
// inclusive time of the main engine steps. Writes bench/results/cli.cpuprofile.
//
//   node bench/profile.mjs [--corpus DIR] [--top N] [--profile FILE.cpuprofile]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultCorpusDir, generateCorpus } from './generateCorpus.mjs';
import { buildDir, projectRoot, requireProject, resultsDir } from './lib/project.mjs';
import { summarizeProfile } from './lib/summarizeProfile.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const corpusDir = path.resolve(option('--corpus', defaultCorpusDir));
const top = Number(option('--top', 30));

const cliFile = path.join(buildDir, 'cli.js');
let profileFile = option('--profile');
if (!profileFile) {
  const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  await requireProject('esbuild').build({
    entryPoints: { cli: path.join(projectRoot, 'server/src/cli/main.ts') },
    outdir: buildDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: ['vscode', 'prettier'],
    define: { GITOPS_WORKBENCH_VERSION: JSON.stringify(version) },
  });
  // The schema bundle and the validators the build generated, beside the profiled bundle as in
  // dist/ (without them the profile would show the schemas compiled at run time).
  const builtSchemas = path.join(projectRoot, 'dist', 'schemas');
  if (!fs.existsSync(path.join(builtSchemas, 'validators', 'manifest.json'))) throw new Error('run `npm run build` first: dist/schemas/validators is missing');
  fs.rmSync(path.join(buildDir, 'schemas'), { recursive: true, force: true });
  fs.cpSync(builtSchemas, path.join(buildDir, 'schemas'), { recursive: true });
  if (corpusDir === defaultCorpusDir) generateCorpus();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cli-profile-'));
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', directory, cliFile, 'validate', '--format', 'json'], { cwd: corpusDir, maxBuffer: 1 << 28 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`CLI failed: ${run.stderr}`);
  process.stdout.write(`CLI wall time with the profiler: ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
  const profiles = fs.readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'));
  profileFile = path.join(directory, profiles[0]);
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.copyFileSync(profileFile, path.join(resultsDir, 'cli.cpuprofile'));
  fs.rmSync(directory, { recursive: true, force: true });
  profileFile = path.join(resultsDir, 'cli.cpuprofile');
  process.stdout.write(`profile: ${path.relative(projectRoot, profileFile)} (open in Chrome DevTools → Performance)\n`);
}

const summary = summarizeProfile({ profileFile, bundleFile: cliFile, top });
process.stdout.write(`\n${summary.text}\n`);
