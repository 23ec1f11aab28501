#!/usr/bin/env node
// Git benchmark (npm run bench:git, which builds first). See docs/git.md.
//
//   node bench/git.mjs [--reps N] [--commits N] [--environments N] [--env NAME]
//
// On a generated GitOps repository (git fast-import: 20,000 commits with merges, 50
// environments as kustomize overlays + cluster directories sharing a base, then repacked and
// given a commit-graph as `git gc` would) it measures side by side, repetitions interleaved,
// median reported:
//   history: the last 50 commits of one environment
//     - native `git log -n 50 --format=%H -- <paths>` (process wall time; the baseline)
//     - the engine in a fresh process, timed inside it: the first call (cold: packs opened,
//       nothing in memory) with the on-disk history cache (HistoryCache: written by an earlier
//       process), without it the first time ever (no file: the walk fills and writes it), with
//       it turned off (the walk alone), and for another environment when the file holds only
//       what env-07's history wrote; then the same call again (warm, median of three: the
//       language server refreshing a view), a call from another HEAD (warm after a commit: the
//       walk restarts, object and path caches kept), and the next page; and once more, cold,
//       on a copy whose history cache holds every commit (its whole history walked once)
//     - the CLI: `gitops-workbench history --env NAME --limit 50 --format json` (process wall time),
//       with its compile cache in a directory of this run (the first repetition fills it) and the
//       history cache written by the runs before; without the compile cache
//       (NODE_DISABLE_COMPILE_CACHE=1: as the first run after an install or upgrade); and without
//       the history cache file (the first history ever run in that repository)
//     - `node -e 0` (process wall time): the floor of any Node.js program on this machine
//   revert: one commit of that environment, each contender on its own fresh copy
//     - native `git revert --no-edit SHA`, the CLI `gitops-workbench revert SHA`, and the engine's
//       revertCommit timed in a fresh process
// It checks that every contender gives the same answer (commit list; revert tree), prints a
// table with the targets (history ≤ 2× native git, revert ≤ 1 s) and writes bench/results/git.json.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { benchDir, buildDir, projectRoot, requireProject, resultsDir, snapshotDist } from './lib/project.mjs';
import { median } from './lib/runMeasured.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const log = (message) => process.stderr.write(`${message}\n`);
const targets = { historyMaxRatioToGit: 2, revertMaxSeconds: 1 };
const engineBundle = path.join(buildDir, 'git-engine.cjs');

// git fast-import churns through malloc's top of heap on small inline blobs; a larger pad and
// trim threshold avoid tens of thousands of brk calls (10× faster imports on this kind of VM).
const fastImportEnv = { MALLOC_TOP_PAD_: String(256 << 20), MALLOC_TRIM_THRESHOLD_: String(512 << 20) };
const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_AUTHOR_DATE: '1800000000 +0000',
  GIT_COMMITTER_DATE: '1800000000 +0000',
};
const git = (dir, gitArgs, extraEnv = {}) => execFileSync('git', ['-C', dir, ...gitArgs], { encoding: 'utf8', env: { ...gitEnv, ...extraEnv }, maxBuffer: 1 << 30 }).trim();

if (args[0] === '--child') {
  await child(args[1], JSON.parse(args[2]));
} else {
  await main();
}

async function main() {
  const reps = Math.max(1, Math.min(15, Number(option('--reps', 5))));
  const commits = Number(option('--commits', 20000));
  const environments = Number(option('--environments', 50));
  const envName = option('--env', 'env-07');
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg();
  // The CLI's compile cache (see server/src/cli/loadCommandBundle.ts) in a directory of this run:
  // the first CLI run fills it, as a user's first run does, whatever earlier runs left.
  const cliEnv = { ...process.env, XDG_CACHE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-cache-')) };
  const dist = snapshotDist();
  const cli = path.join(dist, 'cli.js');
  await buildEngine();

  const corpus = path.join(benchDir, 'corpus', `git-${commits}-${environments}`);
  const params = { commits, environments, seed: 42, version: 3 };
  const paramsFile = path.join(corpus, '.git', 'bench-params.json');
  if (!fs.existsSync(paramsFile) || fs.readFileSync(paramsFile, 'utf8') !== JSON.stringify(params)) {
    log(`generating ${path.relative(projectRoot, corpus)} (${commits} commits, ${environments} environments) with git fast-import …`);
    const started = Date.now();
    generateRepository({ dir: corpus, ...params });
    fs.writeFileSync(paramsFile, JSON.stringify(params));
    log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const stats = {
    commits: Number(git(corpus, ['rev-list', '--count', 'HEAD'])),
    merges: Number(git(corpus, ['rev-list', '--count', '--merges', 'HEAD'])),
    files: git(corpus, ['ls-files']).split('\n').length,
    packMb: fs.readdirSync(path.join(corpus, '.git', 'objects', 'pack')).filter((name) => name.endsWith('.pack')).reduce((sum, name) => sum + fs.statSync(path.join(corpus, '.git', 'objects', 'pack', name)).size, 0) / 1e6,
  };
  log(`repository: ${stats.commits} commits (${stats.merges} merges), ${stats.files} files, pack ${stats.packMb.toFixed(1)} MB`);

  // The paths --env resolves to: the environment's paths and inputs, as discovery reports them.
  const envs = JSON.parse(execFileSync(process.execPath, [cli, 'envs', '--repo', corpus, '--format', 'json'], { encoding: 'utf8' })).environments;
  const environment = envs.find((candidate) => candidate.name === envName);
  if (!environment) throw new Error(`no environment ${envName}; found ${envs.map((candidate) => candidate.name).join(', ')}`);
  const all = [...new Set([...environment.paths, ...environment.inputs])].sort();
  const paths = all.filter((entry) => !all.some((other) => other !== entry && entry.startsWith(`${other}/`)));
  log(`environment ${envName}: ${environments} environments discovered; paths ${paths.join(', ')}`);
  // Another environment, for a cold history whose cache file holds only what env-07's wrote.
  const otherEnvironment = envs.find((candidate) => candidate.name !== envName && candidate.name.endsWith('12')) ?? envs.find((candidate) => candidate.name !== envName);
  const otherAll = [...new Set([...otherEnvironment.paths, ...otherEnvironment.inputs])].sort();
  const otherPaths = otherAll.filter((entry) => !otherAll.some((other) => other !== entry && entry.startsWith(`${other}/`)));
  const otherNativeShas = git(corpus, ['log', '-n', '50', '--format=%H', '--', ...otherPaths]).split('\n');
  const historyCacheFile = path.join(corpus, '.git', 'gitops-workbench', 'history-cache');
  const forgetHistoryCache = () => fs.rmSync(historyCacheFile, { force: true });

  // History.
  const nativeShas = git(corpus, ['log', '-n', '50', '--format=%H', '--', ...paths]).split('\n');
  const walked = Number(git(corpus, ['rev-list', '--count', `${nativeShas.at(-1)}^..HEAD`]));
  // A copy whose history cache holds every commit (a walk of the whole history listed them all):
  // the largest file a repository of this size gets.
  const fullCopy = copyRepository(corpus);
  fs.rmSync(path.join(fullCopy, '.git', 'gitops-workbench'), { recursive: true, force: true });
  runChild('history', { repo: fullCopy, paths: ['.'], limit: 100000, coldOnly: true });
  const fullCacheBytes = fs.statSync(path.join(fullCopy, '.git', 'gitops-workbench', 'history-cache')).size;
  const history = { native: [], nodeFloor: [], engineCold: [], engineFullCache: [], engineFirstRun: [], engineCacheOff: [], engineOtherEnvironment: [], engineWarm: [], engineNewHead: [], engineNextPage: [], cli: [], cliNoCompileCache: [], cliFirstRun: [], historyCacheBytes: [] };
  const cliHistoryArgs = [cli, 'history', '--env', envName, '--repo', corpus, '--limit', '50', '--format', 'json'];
  const checkShas = (shas, expected, who) => {
    if (shas.join() !== expected.join()) throw new Error(`${who}: the history differs from git log`);
  };
  for (let rep = 1; rep <= reps; rep++) {
    history.native.push(timeProcess('git', ['-C', corpus, 'log', '-n', '50', '--format=%H', '--', ...paths]).seconds);
    history.nodeFloor.push(timeProcess(process.execPath, ['-e', '0']).seconds);
    // The first history ever in this repository: no cache file; the walk writes it.
    forgetHistoryCache();
    const first = runChild('history', { repo: corpus, paths, coldOnly: true });
    checkShas(first.shas, nativeShas, 'the engine (first run)');
    history.engineFirstRun.push(first.coldSeconds);
    history.historyCacheBytes.push(fs.statSync(historyCacheFile).size);
    // The next process: the file is there.
    const engine = runChild('history', { repo: corpus, paths });
    checkShas(engine.shas, nativeShas, 'the engine');
    history.engineCold.push(engine.coldSeconds);
    history.engineWarm.push(engine.warmSeconds);
    history.engineNewHead.push(engine.newHeadSeconds);
    history.engineNextPage.push(engine.nextPageSeconds);
    const full = runChild('history', { repo: fullCopy, paths, coldOnly: true });
    checkShas(full.shas, nativeShas, 'the engine (whole history cached)');
    history.engineFullCache.push(full.coldSeconds);
    const other = runChild('history', { repo: corpus, paths: otherPaths, coldOnly: true });
    checkShas(other.shas, otherNativeShas, 'the engine (another environment)');
    history.engineOtherEnvironment.push(other.coldSeconds);
    const off = runChild('history', { repo: corpus, paths, coldOnly: true, historyCache: false });
    checkShas(off.shas, nativeShas, 'the engine (history cache off)');
    history.engineCacheOff.push(off.coldSeconds);
    const cliRun = timeProcess(process.execPath, cliHistoryArgs, cliEnv);
    checkShas(JSON.parse(cliRun.stdout).commits.map((commit) => commit.sha), nativeShas, 'the CLI');
    history.cli.push(cliRun.seconds);
    const uncached = timeProcess(process.execPath, cliHistoryArgs, { ...cliEnv, NODE_DISABLE_COMPILE_CACHE: '1' });
    if (uncached.status !== 0) throw new Error(`the CLI's history failed: ${uncached.stderr}`);
    history.cliNoCompileCache.push(uncached.seconds);
    forgetHistoryCache();
    const cliFirst = timeProcess(process.execPath, cliHistoryArgs, cliEnv);
    checkShas(JSON.parse(cliFirst.stdout).commits.map((commit) => commit.sha), nativeShas, 'the CLI (first run)');
    history.cliFirstRun.push(cliFirst.seconds);
    log(`history rep ${rep}/${reps}: git ${ms(history.native.at(-1))}, node -e 0 ${ms(history.nodeFloor.at(-1))}, engine cold ${ms(engine.coldSeconds)} (whole history cached ${ms(full.coldSeconds)}, first run ever ${ms(first.coldSeconds)}, cache off ${ms(off.coldSeconds)}, other environment ${ms(other.coldSeconds)}) / warm ${ms(engine.warmSeconds)} / new HEAD ${ms(engine.newHeadSeconds)}, CLI ${ms(cliRun.seconds)} (without compile cache ${ms(uncached.seconds)}, first run ever ${ms(cliFirst.seconds)})`);
  }

  // Revert: the newest non-merge commit of the environment that git reverts cleanly.
  let revertSha;
  for (const sha of nativeShas.slice(3)) {
    if (git(corpus, ['rev-list', '--parents', '-n', '1', sha]).split(' ').length !== 2) continue;
    const probe = copyRepository(corpus);
    const ok = spawnSync('git', ['-C', probe, 'revert', '--no-edit', sha], { env: gitEnv }).status === 0;
    fs.rmSync(probe, { recursive: true, force: true });
    if (ok) {
      revertSha = sha;
      break;
    }
  }
  if (!revertSha) throw new Error('no cleanly revertible commit found');
  const revert = { native: [], cli: [], engine: [] };
  for (let rep = 1; rep <= reps; rep++) {
    const nativeCopy = copyRepository(corpus);
    const native = timeProcess('git', ['-C', nativeCopy, 'revert', '--no-edit', revertSha], gitEnv);
    if (native.status !== 0) throw new Error(`git revert failed: ${native.stderr}`);
    const expectedTree = git(nativeCopy, ['rev-parse', 'HEAD^{tree}']);
    const expectedCommit = git(nativeCopy, ['rev-parse', 'HEAD']);
    const cliCopy = copyRepository(corpus);
    const cliRun = timeProcess(process.execPath, [cli, 'revert', revertSha, '--repo', cliCopy], { ...gitEnv, XDG_CACHE_HOME: cliEnv.XDG_CACHE_HOME });
    if (cliRun.status !== 0) throw new Error(`the CLI's revert failed: ${cliRun.stderr}`);
    if (git(cliCopy, ['rev-parse', 'HEAD^{tree}']) !== expectedTree) throw new Error('the CLI\'s revert tree differs from git revert\'s');
    const engineCopy = copyRepository(corpus);
    const engine = runChild('revert', { repo: engineCopy, sha: revertSha });
    if (engine.sha !== expectedCommit) throw new Error('the engine\'s revert commit differs from git revert\'s');
    revert.native.push(native.seconds);
    revert.cli.push(cliRun.seconds);
    revert.engine.push(engine.seconds);
    for (const copy of [nativeCopy, cliCopy, engineCopy]) fs.rmSync(copy, { recursive: true, force: true });
    log(`revert rep ${rep}/${reps}: git ${ms(native.seconds)}, CLI ${ms(cliRun.seconds)}, engine ${ms(engine.seconds)}`);
  }

  const m = (values) => median(values);
  const result = {
    benchmark: 'git',
    startedAt: startedAt.toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverageAtStart, loadAverageAtEnd: os.loadavg(), node: process.version, git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim(), nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS !== undefined },
    repository: { ...stats, environments, environment: envName, paths, commitsWalkedForHistory: walked },
    reps,
    targets,
    history: {
      gitLogSeconds: m(history.native),
      nodeFloorSeconds: m(history.nodeFloor),
      engineColdSeconds: m(history.engineCold),
      engineFullCacheSeconds: m(history.engineFullCache),
      fullHistoryCacheBytes: fullCacheBytes,
      engineFirstRunSeconds: m(history.engineFirstRun),
      engineCacheOffSeconds: m(history.engineCacheOff),
      engineOtherEnvironmentSeconds: m(history.engineOtherEnvironment),
      historyCacheBytes: m(history.historyCacheBytes),
      engineWarmSeconds: m(history.engineWarm),
      engineNewHeadSeconds: m(history.engineNewHead),
      engineNextPageSeconds: m(history.engineNextPage),
      cliSeconds: m(history.cli),
      cliNoCompileCacheSeconds: m(history.cliNoCompileCache),
      cliFirstRunSeconds: m(history.cliFirstRun),
      ratioColdToGit: m(history.engineCold) / m(history.native),
      ratioFirstRunToGit: m(history.engineFirstRun) / m(history.native),
      ratioFullCacheToGit: m(history.engineFullCache) / m(history.native),
      ratioCacheOffToGit: m(history.engineCacheOff) / m(history.native),
      ratioOtherEnvironmentToGit: m(history.engineOtherEnvironment) / m(history.native),
      ratioCliFirstRunToGit: m(history.cliFirstRun) / m(history.native),
      ratioWarmToGit: m(history.engineWarm) / m(history.native),
      ratioNewHeadToGit: m(history.engineNewHead) / m(history.native),
      ratioCliToGit: m(history.cli) / m(history.native),
      ratioCliNoCompileCacheToGit: m(history.cliNoCompileCache) / m(history.native),
      ratioNodeFloorToGit: m(history.nodeFloor) / m(history.native),
      runs: history,
    },
    revert: {
      sha: revertSha,
      gitRevertSeconds: m(revert.native),
      cliSeconds: m(revert.cli),
      engineSeconds: m(revert.engine),
      runs: revert,
    },
  };
  result.verdict = {
    historyWarmWithin2xOfGit: result.history.ratioWarmToGit <= targets.historyMaxRatioToGit,
    historyNewHeadWithin2xOfGit: result.history.ratioNewHeadToGit <= targets.historyMaxRatioToGit,
    historyColdWithin2xOfGit: result.history.ratioColdToGit <= targets.historyMaxRatioToGit,
    historyFirstRunWithin2xOfGit: result.history.ratioFirstRunToGit <= targets.historyMaxRatioToGit,
    historyCliWithin2xOfGit: result.history.ratioCliToGit <= targets.historyMaxRatioToGit,
    revertCliWithin1s: result.revert.cliSeconds <= targets.revertMaxSeconds,
    revertEngineWithin1s: result.revert.engineSeconds <= targets.revertMaxSeconds,
  };
  fs.rmSync(cliEnv.XDG_CACHE_HOME, { recursive: true, force: true });
  fs.rmSync(fullCopy, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'git.json'), `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
}

function printTable(result) {
  const h = result.history;
  const r = result.revert;
  const row = (what, seconds, comparison) => `${what.padEnd(58)} ${ms(seconds).padStart(9)}  ${comparison}`;
  const verdict = (ok) => (ok ? 'meets target' : 'misses target');
  const lines = [
    '',
    `GitOps Workbench git benchmark — ${result.repository.commits} commits (${result.repository.merges} merges), ${result.repository.environments} environments, median of ${result.reps}`,
    `history of ${result.repository.environment}: last 50 commits (git walks ${result.repository.commitsWalkedForHistory} commits)`,
    row('  git log -n 50 -- <paths> (process, baseline)', h.gitLogSeconds, ''),
    row('  engine readHistory, warm (same HEAD: the kept walk)', h.engineWarmSeconds, `${h.ratioWarmToGit.toFixed(2)}× git  (target ≤ ${targets.historyMaxRatioToGit}×: ${verdict(result.verdict.historyWarmWithin2xOfGit)})`),
    row('  engine readHistory, warm after HEAD moved (kept cache)', h.engineNewHeadSeconds, `${h.ratioNewHeadToGit.toFixed(2)}× git  (target ≤ ${targets.historyMaxRatioToGit}×: ${verdict(result.verdict.historyNewHeadWithin2xOfGit)})`),
    row('  engine readHistory, cold, with the on-disk history cache', h.engineColdSeconds, `${h.ratioColdToGit.toFixed(2)}× git  (target ≤ ${targets.historyMaxRatioToGit}×: ${verdict(result.verdict.historyColdWithin2xOfGit)})`),
    row('  … with every commit in the cache (whole history walked)', h.engineFullCacheSeconds, `${h.ratioFullCacheToGit.toFixed(2)}× git; file ${(h.fullHistoryCacheBytes / 1024).toFixed(0)} KiB`),
    row('  engine readHistory, cold, first run ever (fills the cache)', h.engineFirstRunSeconds, `${h.ratioFirstRunToGit.toFixed(2)}× git  (${verdict(result.verdict.historyFirstRunWithin2xOfGit)}); file ${(h.historyCacheBytes / 1024).toFixed(0)} KiB`),
    row('  engine readHistory, cold, history cache turned off', h.engineCacheOffSeconds, `${h.ratioCacheOffToGit.toFixed(2)}× git`),
    row('  engine readHistory, cold, another env (cache from env-07)', h.engineOtherEnvironmentSeconds, `${h.ratioOtherEnvironmentToGit.toFixed(2)}× git`),
    row('  engine readHistory, next page (skip 50, warm; fills the cache)', h.engineNextPageSeconds, ''),
    row('  gitops-workbench history --env (process)', h.cliSeconds, `${h.ratioCliToGit.toFixed(2)}× git  (target ≤ ${targets.historyMaxRatioToGit}×: ${verdict(result.verdict.historyCliWithin2xOfGit)})`),
    row('  … without its compile cache (first run after install)', h.cliNoCompileCacheSeconds, `${h.ratioCliNoCompileCacheToGit.toFixed(2)}× git`),
    row('  … without the history cache file (first history ever)', h.cliFirstRunSeconds, `${h.ratioCliFirstRunToGit.toFixed(2)}× git`),
    row('  node -e 0 (process: the floor of any Node.js CLI here)', h.nodeFloorSeconds, `${h.ratioNodeFloorToGit.toFixed(2)}× git`),
    `revert ${r.sha.slice(0, 12)} (a commit of ${result.repository.environment}; same commit as git revert)`,
    row('  git revert --no-edit (process, baseline)', r.gitRevertSeconds, ''),
    row('  gitops-workbench revert (process)', r.cliSeconds, `target ≤ ${targets.revertMaxSeconds} s: ${verdict(result.verdict.revertCliWithin1s)}`),
    row('  engine revertCommit (fresh process, in process)', r.engineSeconds, `target ≤ ${targets.revertMaxSeconds} s: ${verdict(result.verdict.revertEngineWithin1s)}`),
    `load average (1, 5, 15 min): ${result.machine.loadAverageAtStart.map((value) => value.toFixed(2)).join(' ')} at start, ${result.machine.loadAverageAtEnd.map((value) => value.toFixed(2)).join(' ')} at end, ${result.machine.cpus} CPUs${result.machine.nodeExtraCaCerts ? '; NODE_EXTRA_CA_CERTS is set (Node loads those certificates at every start)' : ''}`,
    `results: ${path.relative(projectRoot, path.join(resultsDir, 'git.json'))}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

function ms(seconds) {
  return `${(seconds * 1000).toFixed(seconds < 0.1 ? 1 : 0)} ms`;
}

function timeProcess(command, commandArgs, env = process.env) {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, commandArgs, { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function copyRepository(dir) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-git-'));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

/** runChild measures the engine in a fresh Node process (nothing cached, as after a start). */
function runChild(kind, input) {
  const run = spawnSync(process.execPath, [path.join(benchDir, 'git.mjs'), '--child', kind, JSON.stringify(input)], { encoding: 'utf8', env: gitEnv, maxBuffer: 1 << 28 });
  const line = run.stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
  if (run.status !== 0 || !line) throw new Error(`bench child ${kind} failed: ${run.stderr}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length));
}

async function child(kind, input) {
  const engine = createRequire(import.meta.url)(engineBundle);
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  if (kind === 'history') {
    const repo = engine.openRepository({ dir: input.repo, options: { historyCache: input.historyCache !== false } });
    let started = now();
    const cold = await engine.readHistory({ repo, paths: input.paths, limit: input.limit ?? 50 });
    const coldSeconds = now() - started;
    if (input.coldOnly) {
      process.stdout.write(`BENCH_RESULT ${JSON.stringify({ shas: cold.commits.map((commit) => commit.sha), coldSeconds })}\n`);
      return;
    }
    // Warm: the same call again, three times (the first may pay for the cold walk's garbage).
    const warmRuns = [];
    for (let run = 0; run < 3; run++) {
      started = now();
      await engine.readHistory({ repo, paths: input.paths, limit: 50 });
      warmRuns.push(now() - started);
    }
    const warmSeconds = median(warmRuns);
    // A new HEAD (here: starting one commit back) walks again, with the signatures already known.
    started = now();
    await engine.readHistory({ repo, paths: input.paths, limit: 50, ref: 'HEAD~1' });
    const newHeadSeconds = now() - started;
    started = now();
    await engine.readHistory({ repo, paths: input.paths, limit: 50, skip: 50 });
    const nextPageSeconds = now() - started;
    process.stdout.write(`BENCH_RESULT ${JSON.stringify({ shas: cold.commits.map((commit) => commit.sha), coldSeconds, warmSeconds, newHeadSeconds, nextPageSeconds })}\n`);
  } else if (kind === 'revert') {
    const started = now();
    const repo = engine.openRepository({ dir: input.repo });
    const result = await engine.revertCommit({ repo, sha: input.sha, env: process.env });
    process.stdout.write(`BENCH_RESULT ${JSON.stringify({ sha: result.sha, seconds: now() - started })}\n`);
  }
}

async function buildEngine() {
  const esbuild = requireProject('esbuild');
  fs.mkdirSync(buildDir, { recursive: true });
  const source = (name) => JSON.stringify(path.join(projectRoot, 'server/src/engine/git', name));
  await esbuild.build({
    stdin: {
      contents: [`export { openRepository } from ${source('openRepository')};`, `export { readHistory } from ${source('readHistory')};`, `export { revertCommit } from ${source('revertCommit')};`].join('\n'),
      resolveDir: projectRoot,
      loader: 'ts',
      sourcefile: 'bench-git-engine.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: engineBundle,
    logLevel: 'warning',
  });
}

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * generateRepository writes a GitOps repository with git fast-import: a shared kustomize base,
 * one overlay and one cluster directory per environment, .gitops-workbench.yaml naming them.
 * Each commit edits one value of one ConfigMap (a base file 5% of the time, docs 5%, else an
 * environment); about 6% of the time a feature branch of 1-4 commits on one environment starts
 * and is merged back with a merge commit while main moves on. Dates rise by 30-120 s a commit.
 */
function generateRepository({ dir, commits, environments, seed }) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const envs = Array.from({ length: environments }, (_, index) => `env-${String(index).padStart(2, '0')}`);
  const configMap = (name, prefix) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, 'data:', ...Array.from({ length: 24 }, (_, index) => `  ${prefix}${index}: "0"`)];
  const files = new Map();
  files.set('apps/base/kustomization.yaml', ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - app-config.yaml', '  - feature-flags.yaml', '  - limits.yaml']);
  for (const name of ['app-config', 'feature-flags', 'limits']) files.set(`apps/base/${name}.yaml`, configMap(name, 'k'));
  const editable = { base: ['apps/base/app-config.yaml', 'apps/base/feature-flags.yaml', 'apps/base/limits.yaml'], docs: [], env: new Map() };
  for (const env of envs) {
    files.set(`apps/overlays/${env}/kustomization.yaml`, ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - ../../base', '  - settings.yaml', '  - images.yaml']);
    files.set(`apps/overlays/${env}/settings.yaml`, configMap(`${env}-settings`, 's'));
    files.set(`apps/overlays/${env}/images.yaml`, configMap(`${env}-images`, 'i'));
    files.set(`clusters/${env}/cluster.yaml`, configMap(`${env}-cluster`, 'c'));
    editable.env.set(env, [`apps/overlays/${env}/settings.yaml`, `apps/overlays/${env}/images.yaml`, `clusters/${env}/cluster.yaml`]);
  }
  for (let index = 0; index < 10; index++) {
    files.set(`docs/notes-${index}.md`, Array.from({ length: 24 }, (_, line) => `note ${line}: 0`));
    editable.docs.push(`docs/notes-${index}.md`);
  }
  files.set('.gitops-workbench.yaml', ['environments:', ...envs.flatMap((env) => [`  - name: ${env}`, `    paths: [apps/overlays/${env}, clusters/${env}]`])]);

  const chunks = [];
  const out = (text) => chunks.push(Buffer.from(text, 'utf8'));
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const fileCommand = (name, lines) => `M 100644 inline ${name}\n${data(`${lines.join('\n')}\n`)}`;
  let mark = 0;
  let time = 1_600_000_000;
  let counter = 0;
  const edit = (state, name) => {
    const lines = state.get(name).slice();
    const first = name.startsWith('docs/') ? 0 : 5;
    const line = first + Math.floor(random() * (lines.length - first));
    lines[line] = lines[line].replace(/\d+"?$/, (value) => (value.endsWith('"') ? `${++counter}"` : String(++counter)));
    state.set(name, lines);
    return fileCommand(name, lines);
  };
  const people = ['Alice Example <alice@example.com>', 'Bob Example <bob@example.com>', 'Carol Example <carol@example.com>'];
  const commit = ({ ref, subject, from, merge, body }) => {
    mark++;
    time += 30 + Math.floor(random() * 90);
    const who = pick(people);
    out(`commit ${ref}\nmark :${mark}\nauthor ${who} ${time} +0000\ncommitter ${who} ${time} +0000\n${data(subject)}`);
    if (from) out(`from :${from}\n`);
    if (merge) out(`merge :${merge}\n`);
    out(body);
    return mark;
  };

  const main = files;
  let mainTip = commit({ ref: 'refs/heads/main', subject: 'Initial layout', body: [...files].map(([name, lines]) => fileCommand(name, lines)).join('') });
  let total = 1;
  let branch;
  let branchCount = 0;
  const mergeBranch = () => {
    const body = [...branch.changed].map((name) => {
      main.set(name, branch.state.get(name));
      return fileCommand(name, main.get(name));
    }).join('');
    mainTip = commit({ ref: 'refs/heads/main', subject: `Merge branch 'feature-${branchCount}' (${branch.env})`, from: mainTip, merge: branch.tip, body });
    branch = undefined;
    total++;
  };
  while (total < commits) {
    if (branch && branch.todo === 0 && (random() < 0.5 || total === commits - 1)) {
      mergeBranch();
      continue;
    }
    if (!branch && random() < 0.06 && total < commits - 8) {
      branchCount++;
      branch = { env: pick(envs), state: new Map(main), tip: mainTip, todo: 1 + Math.floor(random() * 4), changed: new Set(), first: true };
    }
    if (branch && branch.todo > 0 && random() < 0.5) {
      const name = pick(editable.env.get(branch.env));
      branch.changed.add(name);
      const body = edit(branch.state, name);
      branch.tip = commit({ ref: `refs/heads/feature-${branchCount}`, subject: `${branch.env}: tune ${path.basename(name)}`, from: branch.first ? branch.tip : undefined, body });
      branch.first = false;
      branch.todo--;
      total++;
      continue;
    }
    const roll = random();
    let name;
    let subject;
    if (roll < 0.05) {
      name = pick(editable.base);
      subject = `base: update ${path.basename(name)}`;
    } else if (roll < 0.1) {
      name = pick(editable.docs);
      subject = `docs: ${path.basename(name)}`;
    } else {
      let env = pick(envs);
      while (branch && env === branch.env) env = pick(envs);
      name = pick(editable.env.get(env));
      subject = `${env}: change ${path.basename(name)}`;
    }
    mainTip = commit({ ref: 'refs/heads/main', subject, from: mainTip, body: edit(main, name) });
    total++;
  }
  if (branch) {
    // Branch commits not merged yet are not reachable from main; leave them out of the count.
    branch = undefined;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: gitEnv });
  const imported = spawnSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: Buffer.concat(chunks), maxBuffer: 1 << 30, env: { ...gitEnv, ...fastImportEnv } });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr}`);
  const refs = git(dir, ['for-each-ref', '--format=delete %(refname)', 'refs/heads/feature-*']);
  spawnSync('git', ['-C', dir, 'update-ref', '--stdin'], { input: `${refs}\n`, env: gitEnv });
  // As a clone or `git gc` leaves it: one well-deltified pack (newest objects whole) and a
  // commit-graph, which native git uses to walk history.
  git(dir, ['repack', '-a', '-d', '-f', '-q', '--depth=50', '--window=10'], fastImportEnv);
  git(dir, ['commit-graph', 'write', '--reachable']);
  git(dir, ['prune']);
  git(dir, ['reset', '-q', '--hard', 'main']);
}
