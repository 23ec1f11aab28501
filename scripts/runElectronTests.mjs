#!/usr/bin/env node
// Runs the extension-host suites (out/test/vscode/suite, the same files the code-server runner
// loads) in desktop VS Code through @vscode/test-electron 2.5.x (3.x needs Node 22).
//   - VSCODE_EXECUTABLE=/path/to/code (the VS Code binary) uses that installation;
//   - otherwise it tries to download VS Code (VSCODE_VERSION, default 1.100.3, the code-server
//     one) into .tools/vscode/desktop/; when that is not possible it says it skipped and why, and
//     exits 0 (the code-server runner is the one these machines use).
// Desktop VS Code needs a display: without DISPLAY it re-runs itself under xvfb-run when present.
// Exit codes: 0 passed or skipped, 1 failed. Options: --no-build, --require (a skip is a failure).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const requireRun = argv.includes('--require') || process.env.GITOPS_WORKBENCH_REQUIRE_ELECTRON === '1';
const version = process.env.VSCODE_VERSION || '1.100.3';

function say(message) {
  process.stdout.write(`[test-electron] ${message}\n`);
}

function skip(reason) {
  say(`SKIPPED: desktop VS Code suites not run: ${reason}`);
  say('Set VSCODE_EXECUTABLE=/path/to/code to run them against an installed VS Code.');
  process.exit(requireRun ? 1 : 0);
}

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

async function resolveExecutable() {
  const configured = process.env.VSCODE_EXECUTABLE;
  if (configured) {
    if (!existsSync(configured)) {
      say(`VSCODE_EXECUTABLE=${configured} does not exist`);
      process.exit(1);
    }
    return configured;
  }
  const { downloadAndUnzipVSCode } = require('@vscode/test-electron');
  say(`VSCODE_EXECUTABLE is not set; trying to download VS Code ${version}…`);
  try {
    return await downloadAndUnzipVSCode({
      version,
      cachePath: path.join(repoRoot, '.tools', 'vscode', 'desktop'),
      timeout: 10_000,
      reporter: { report: () => undefined, error: () => undefined },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    skip(`VSCODE_EXECUTABLE is not set and VS Code ${version} could not be downloaded (${message.split('\n')[0]})`);
  }
  return undefined;
}

async function main() {
  if (!argv.includes('--no-build')) {
    for (const [command, args] of [
      [process.execPath, ['esbuild.mjs']],
      ['npx', ['tsc', '-b']],
    ]) {
      if (spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' }).status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
    }
  }
  const suites = path.join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js');
  if (!existsSync(suites)) throw new Error(`${path.relative(repoRoot, suites)} is missing: run npx tsc -b`);
  const executable = await resolveExecutable();

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !argv.includes('--in-xvfb')) {
    const xvfb = which('xvfb-run');
    if (!xvfb) skip('there is no display (DISPLAY is unset) and xvfb-run is not installed (Debian package xvfb)');
    say('no display: re-running under xvfb-run');
    const result = spawnSync(xvfb, ['-a', process.execPath, fileURLToPath(import.meta.url), '--no-build', '--in-xvfb', ...argv.filter((a) => a !== '--no-build')], {
      stdio: 'inherit',
      env: { ...process.env, VSCODE_EXECUTABLE: executable },
    });
    process.exit(result.status ?? 1);
  }

  const { runTests } = require('@vscode/test-electron');
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-electron-'));
  const workspace = path.join(runDir, 'workspace');
  cpSync(path.join(repoRoot, 'test', 'vscode', 'fixtures', 'workspace-with-manifests'), workspace, { recursive: true });
  const userDataDir = path.join(runDir, 'user-data');
  say(`running ${path.relative(repoRoot, suites)} in ${executable}`);
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suites,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
      ],
      extensionTestsEnv: { GITOPS_WORKBENCH_TEST_USER_DATA_DIR: userDataDir },
    });
    say('desktop VS Code suites passed');
  } catch (error) {
    say(`desktop VS Code suites FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  say(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
