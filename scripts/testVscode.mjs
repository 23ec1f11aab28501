#!/usr/bin/env node
// `npm run test:vscode`: the extension in a real VS Code.
//  1. installs what is missing (Debian chromium/libkrb5-dev/ripgrep, code-server 4.100.3 and
//     playwright-core into .tools/vscode/) — scripts/installVscodeTools.mjs;
//  2. builds (node esbuild.mjs, npx tsc -b);
//  3. prepares the environments repository (test/support/vscode/environmentsRepo.ts), starts the kube
//     emulator (dist/kube-emulator.js) seeded to match it, then code-server on a free loopback port
//     with a fresh user-data dir whose settings point gitopsWorkbench.kubeconfig at the emulator,
//     and Chromium;
//  4. runs the extension-host suites (out/test/vscode/suite, mocha inside the extension host) and the
//     UI scenarios (test/vscode/ui/scenarios.ts), one PNG per scenario in .artifacts/vscode/;
//  5. stops every process it started, then runs the same suites in desktop VS Code through
//     @vscode/test-electron when that is possible (scripts/runElectronTests.mjs), else says why not;
//  6. exits non-zero on any failure.
// Options: --no-install --no-build --no-suites --no-ui --no-electron --headed --keep
//          --only name,name (UI scenarios; add "suites" to also run the suites) --grep <mocha grep>
//          --update-screenshot (copy the demo screenshot to media/demo-problems.png)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installVscodeTools, isInstalled } from './installVscodeTools.mjs';
import { prepareDemoRepo } from './startDemo.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifactsDir = path.join(repoRoot, '.artifacts', 'vscode');

function parseArgs(argv) {
  const value = (name) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const only = value('--only')?.split(',').map((name) => name.trim()).filter(Boolean);
  return {
    install: !argv.includes('--no-install'),
    build: !argv.includes('--no-build'),
    suites: !argv.includes('--no-suites') && (!only || only.includes('suites')),
    ui: !argv.includes('--no-ui') && (!only || only.some((name) => name !== 'suites')),
    electron: !argv.includes('--no-electron') && !only && process.env.GITOPS_WORKBENCH_SKIP_ELECTRON !== '1',
    headed: argv.includes('--headed'),
    keep: argv.includes('--keep'),
    updateScreenshot: argv.includes('--update-screenshot'),
    only: only?.filter((name) => name !== 'suites'),
    grep: value('--grep'),
  };
}

function step(title) {
  process.stdout.write(`\n== ${title}\n`);
}

function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  return { status: result.status ?? 1, ms: Date.now() - started };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const timings = [];

  step('tools');
  let tools;
  {
    const t = Date.now();
    if (!args.install && !isInstalled()) throw new Error('code-server/Chromium are not installed in .tools/vscode/: run without --no-install');
    tools = installVscodeTools({ allowApt: args.install, quiet: false });
    timings.push(['tools', Date.now() - t]);
  }

  if (args.build) {
    step('build (node esbuild.mjs, npx tsc -b)');
    const esbuild = run(process.execPath, ['esbuild.mjs']);
    if (esbuild.status !== 0) throw new Error('node esbuild.mjs failed');
    const tsc = run('npx', ['tsc', '-b']);
    if (tsc.status !== 0) throw new Error('npx tsc -b failed');
    timings.push(['build', esbuild.ms + tsc.ms]);
  }
  for (const required of ['dist/extension.js', 'dist/server.js', 'out/test/vscode/suite/index.js', 'out/test/vscode/runInCodeServer.js']) {
    if (!existsSync(path.join(repoRoot, required))) throw new Error(`${required} is missing: build first (drop --no-build)`);
  }

  // Fresh artifacts: a stale PNG must not pass for this run's evidence.
  mkdirSync(artifactsDir, { recursive: true });
  for (const name of readdirSync(artifactsDir)) {
    if (name.endsWith('.png') || name === 'logs' || name === 'results.json') rmSync(path.join(artifactsDir, name), { recursive: true, force: true });
  }

  const demoParent = mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-demo-'));
  const results = [];
  try {
    const demoWorkspace = prepareDemoRepo(path.join(demoParent, 'demo-repo'));
    step(`code-server ${'4.100.3'} + Chromium (${tools.chromium})`);
    const t = Date.now();
    const { runInCodeServer } = await import(pathToFileURL(path.join(repoRoot, 'out', 'test', 'vscode', 'runInCodeServer.js')).href);
    results.push(
      ...(await runInCodeServer({
        repoRoot,
        codeServerEntry: tools.codeServerEntry,
        chromiumPath: tools.chromium,
        artifactsDir,
        demoWorkspace,
        only: args.only,
        grep: args.grep,
        skipSuites: !args.suites,
        skipUi: !args.ui,
        headed: args.headed,
        keepRunDir: args.keep,
      })),
    );
    timings.push(['code-server run', Date.now() - t]);
  } finally {
    if (!args.keep) rmSync(demoParent, { recursive: true, force: true });
  }

  if (args.updateScreenshot) {
    const shot = path.join(artifactsDir, 'demo-repo.png');
    const demoResult = results.find((result) => result.name === 'demo-repo');
    if (demoResult?.ok && existsSync(shot)) {
      mkdirSync(path.join(repoRoot, 'media'), { recursive: true });
      copyFileSync(shot, path.join(repoRoot, 'media', 'demo-problems.png'));
      process.stdout.write('updated media/demo-problems.png\n');
    } else {
      process.stdout.write('not updating media/demo-problems.png: the demo-repo scenario did not pass\n');
    }
  }

  let electron = { status: 'not run' };
  if (args.electron) {
    step('desktop VS Code (@vscode/test-electron)');
    const t = Date.now();
    const result = run(process.execPath, [path.join('scripts', 'runElectronTests.mjs'), '--no-build']);
    // Exit code 0 = passed or skipped (it says which); anything else failed.
    electron = { status: result.status === 0 ? 'passed or skipped (see above)' : 'failed', ok: result.status === 0 };
    timings.push(['test-electron', Date.now() - t]);
  }

  const passed = results.reduce((sum, r) => sum + (r.kind === 'extension-host' ? r.passed ?? 0 : r.ok ? 1 : 0), 0);
  const failed = results.reduce((sum, r) => sum + (r.kind === 'extension-host' ? r.failed ?? (r.ok ? 0 : 1) : r.ok ? 0 : 1), 0) + (electron.ok === false ? 1 : 0);
  writeFileSync(path.join(artifactsDir, 'results.json'), JSON.stringify({ results, electron, timings }, null, 2) + '\n');

  step('summary');
  for (const result of results) {
    const counts = result.kind === 'extension-host' ? ` (${result.passed ?? 0} passed, ${result.failed ?? 0} failed)` : '';
    process.stdout.write(`  ${result.ok ? '✔' : '✘'} ${result.kind === 'ui' ? 'ui:' : ''}${result.name}${counts} ${Math.round(result.ms / 100) / 10} s${result.ok ? (result.flaky ? ` (flaky: ${result.flaky})` : '') : ` — ${result.error?.split('\n')[0]}`}\n`);
  }
  if (args.electron) process.stdout.write(`  desktop VS Code: ${electron.status}\n`);
  process.stdout.write(`  screenshots: ${path.relative(repoRoot, artifactsDir)}/ (${readdirSync(artifactsDir).filter((n) => n.endsWith('.png')).length} PNG)\n`);
  process.stdout.write(`  timings: ${timings.map(([name, ms]) => `${name} ${Math.round(ms / 100) / 10} s`).join(', ')}; total ${Math.round((Date.now() - started) / 1000)} s\n`);
  if (results.length === 0) {
    process.stdout.write('vscode: nothing ran\n');
    return 1;
  }
  process.stdout.write(`vscode: ${passed} passed, ${failed} failed\n`);
  return failed === 0 && results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`test:vscode: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
