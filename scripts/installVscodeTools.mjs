#!/usr/bin/env node
// Installs what `npm run test:vscode` and `npm start` need to run the extension in a real VS Code on
// machines that reach only the npm registry and Debian's packages:
//   - Debian: chromium, libkrb5-dev (gssapi headers for the kerberos native module), ripgrep, and
//     make, g++, python3 for the native builds when missing
//   - npm, into the git-ignored .tools/vscode/: code-server 4.100.3 (VS Code 1.100.3, the newest
//     that accepts Node 20) and playwright-core, with code-server's native modules rebuilt by hand
//     (its postinstall refuses root under npm 11 and @vscode/ripgrep's downloads from GitHub).
// Idempotent: a marker file records a finished install; delete .tools/vscode/ to start over.
// Usage: node scripts/installVscodeTools.mjs [--quiet] [--no-apt]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_CORE_VERSION = '1.56.1';
export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
const MARKER_CONTENT = `code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_CORE_VERSION} node-abi@${process.versions.modules}\n`;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = path.join(repoRoot, '.tools', 'vscode');
const markerFile = path.join(toolsDir, '.installed');
export const codeServerDir = path.join(toolsDir, 'node_modules', 'code-server');
export const codeServerEntry = path.join(codeServerDir, 'out', 'node', 'entry.js');

/** chromiumPath finds Debian's Chromium (or CHROMIUM_PATH), or undefined. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((candidate) => existsSync(candidate));
}

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

function log(message) {
  process.stdout.write(`[install-vscode-tools] ${message}\n`);
}

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${path.relative(repoRoot, options.cwd) || '.'})` : ''}`);
  const result = spawnSync(command, args, {
    stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...(options.env ?? {}) },
  });
  if (result.status !== 0) {
    if (options.quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

function missingDebianPackages() {
  const missing = [];
  if (!chromiumPath()) missing.push('chromium');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) missing.push('libkrb5-dev');
  if (!which('rg')) missing.push('ripgrep');
  // node-gyp builds code-server's native modules (node-pty, spdlog, kerberos, argon2…).
  if (!which('make')) missing.push('make');
  if (!which('g++')) missing.push('g++');
  if (!which('python3')) missing.push('python3');
  return missing;
}

function ensureDebianPackages({ allowApt }) {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (!allowApt || !which('apt-get')) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}. Install them with\n` +
        `    sudo apt-get update && sudo apt-get install -y ${[...new Set([...DEBIAN_PACKAGES, ...missing])].join(' ')}\n` +
        `(or set CHROMIUM_PATH to a Chromium binary) and run again.`,
    );
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  const aptEnv = { DEBIAN_FRONTEND: 'noninteractive' };
  run(prefix[0] ?? 'apt-get', [...prefix.slice(1), ...(asRoot ? [] : ['apt-get']), 'update', '-q'], { env: aptEnv, quiet: true });
  run(prefix[0] ?? 'apt-get', [...prefix.slice(1), ...(asRoot ? [] : ['apt-get']), 'install', '-y', '-q', '--no-install-recommends', ...missing], {
    env: aptEnv,
    quiet: true,
  });
  const still = missingDebianPackages();
  if (still.length > 0) throw new Error(`apt-get did not provide: ${still.join(' ')}`);
}

function symlinkForce(target, link) {
  try {
    lstatSync(link);
    rmSync(link, { recursive: true, force: true });
  } catch {
    // absent
  }
  symlinkSync(target, link);
}

function installNpmTools() {
  mkdirSync(toolsDir, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's package.json.
  writeFileSync(
    path.join(toolsDir, 'package.json'),
    JSON.stringify({ name: 'gitops-workbench-vscode-tools', private: true, description: 'Installed by scripts/installVscodeTools.mjs' }, null, 2) + '\n',
  );
  const npmEnv = { npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
  run('npm', ['install', '--ignore-scripts', '--no-save', '--prefix', toolsDir, `code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_CORE_VERSION}`], {
    env: npmEnv,
  });
  const vscodeDir = path.join(codeServerDir, 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save'], { cwd: vscodeDir, env: npmEnv });
  const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  symlinkForce(which('rg') ?? '/usr/bin/rg', path.join(rgBin, 'rg'));
  run('npm', ['rebuild'], { cwd: vscodeDir, env: npmEnv });
  symlinkForce('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save'], { cwd: path.join(vscodeDir, 'extensions'), env: npmEnv });
  run('npm', ['rebuild', 'argon2'], { cwd: toolsDir, env: npmEnv });
}

/** isInstalled tells whether a finished install for this Node ABI is in .tools/vscode/. */
export function isInstalled() {
  try {
    return readFileSync(markerFile, 'utf8') === MARKER_CONTENT && existsSync(codeServerEntry) && Boolean(chromiumPath());
  } catch {
    return false;
  }
}

/** installVscodeTools installs whatever is missing; returns the paths the runners need. */
export function installVscodeTools({ allowApt = true, quiet = false } = {}) {
  ensureDebianPackages({ allowApt });
  if (!isInstalled()) {
    const started = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} and playwright-core ${PLAYWRIGHT_CORE_VERSION} into ${path.relative(repoRoot, toolsDir)}/ (once per machine, ~2 min)`);
    rmSync(markerFile, { force: true });
    installNpmTools();
    writeFileSync(markerFile, MARKER_CONTENT);
    log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  } else if (!quiet) {
    log(`already installed (${path.relative(repoRoot, markerFile)})`);
  }
  return { toolsDir, codeServerEntry, chromium: chromiumPath(), playwrightCore: path.join(toolsDir, 'node_modules', 'playwright-core') };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    installVscodeTools({ allowApt: !process.argv.includes('--no-apt'), quiet: process.argv.includes('--quiet') });
  } catch (error) {
    process.stderr.write(`[install-vscode-tools] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
