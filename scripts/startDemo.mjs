#!/usr/bin/env node
// `npm start`: builds the extension, makes a git repository from examples/demo-repo/ in a temporary
// directory, and opens it in VS Code with the extension loaded:
//   - desktop VS Code (`code --extensionDevelopmentPath`) when the `code` command exists;
//   - otherwise code-server on 127.0.0.1 (installed into .tools/vscode/ on first use), printing the
//     URL and opening it in a browser when one is available. Ctrl+C stops it.
// Options: --code-server (even if `code` exists), --port N, --no-open, --smoke (start, check the
// page answers, stop: used to test this script), --keep (keep the temporary repository on exit).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDemoClusters } from './startDemoClusters.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const demoSource = path.join(repoRoot, 'examples', 'demo-repo');

/** The demo history: each commit adds these paths (the last one adds everything left). */
const demoHistory = [
  {
    message: 'Bootstrap Flux for staging and production',
    date: '2025-03-03T09:00:00Z',
    paths: ['README.md', '.gitops-workbench.yaml', 'clusters/staging/flux-system', 'clusters/production/flux-system', 'infrastructure'],
  },
  {
    message: 'Deploy the shop to staging and production through kustomize overlays',
    date: '2025-03-04T14:30:00Z',
    paths: ['.'],
  },
];

function git(cwd, args, env = {}) {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Demo Maintainer',
      GIT_AUTHOR_EMAIL: 'maintainer@shop.example',
      GIT_COMMITTER_NAME: 'Demo Maintainer',
      GIT_COMMITTER_EMAIL: 'maintainer@shop.example',
      ...env,
    },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout.trim();
}

/**
 * prepareDemoRepo copies examples/demo-repo/ to `target` (a new directory) and makes it a git
 * repository on branch main with a short, deterministic history. The project keeps the demo as
 * plain files (no nested .git); every run gets a fresh repository.
 */
export function prepareDemoRepo(target) {
  if (existsSync(target)) throw new Error(`${target} already exists`);
  cpSync(demoSource, target, { recursive: true });
  git(target, ['init', '--quiet', '--initial-branch=main']);
  for (const commit of demoHistory) {
    git(target, ['add', '--', ...commit.paths]);
    git(target, ['commit', '--quiet', '--no-gpg-sign', '-m', commit.message], { GIT_AUTHOR_DATE: commit.date, GIT_COMMITTER_DATE: commit.date });
  }
  return target;
}

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  return result.status ?? 1;
}

function printTips(demoDir) {
  process.stdout.write(
    [
      '',
      `Demo repository (a fresh git repository): ${demoDir}`,
      'Things to try:',
      '  - Problems panel (Ctrl+Shift+M): one deliberate problem per rule family (see the demo README.md):',
      '      schema (apps/production/order-worker.yaml), removed API, broken reference, plaintext Secret,',
      '      image-latest, resources-missing, and a Flux path that does not exist.',
      '  - Fix `replica:` -> `replicas:` in apps/production/order-worker.yaml; the problem disappears as you type.',
      '  - Hover `replicas` or `containerPort` in a Deployment for the schema description.',
      '  - Ctrl+Shift+O in infrastructure/controllers/ingress-nginx.yaml: one symbol per resource.',
      '  - The GitOps entry in the activity bar: staging in sync; production one commit behind, with drift',
      '    (a scaled Deployment, a changed ConfigMap, an extra object); Preview diff on a drifted resource.',
      '  - F1 > "GitOps: Show Language Server Log".',
      '',
    ].join('\n'),
  );
}

async function startCodeServerDemo({ demoDir, port, open, smoke, clusters }) {
  const { installVscodeTools } = await import(pathToFileURL(path.join(repoRoot, 'scripts', 'installVscodeTools.mjs')).href);
  const tools = installVscodeTools({ quiet: true });
  const compiled = path.join(repoRoot, 'out', 'test', 'support', 'vscode', 'codeServer.js');
  if (!existsSync(compiled)) throw new Error(`${path.relative(repoRoot, compiled)} is missing: \`npx tsc -b\` did not build the test support code`);
  const { startCodeServer, workbenchUrl, freeLoopbackPort } = await import(pathToFileURL(compiled).href);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-demo-vscode-'));
  const server = await startCodeServer({
    entry: tools.codeServerEntry,
    userDataDir: path.join(stateDir, 'user-data'),
    extensionsDir: path.join(stateDir, 'extensions'),
    logFile: path.join(stateDir, 'code-server.log'),
    port: port ?? (await freeLoopbackPort()),
    settings: { 'workbench.startupEditor': 'readme', 'git.enabled': true, ...(clusters ? { 'gitopsWorkbench.kubeconfig': [clusters.kubeconfig] } : {}) },
  });
  const url = workbenchUrl(server, { folder: demoDir, extensionDevelopmentPath: repoRoot });
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    clusters?.stop();
    rmSync(stateDir, { recursive: true, force: true });
    if (!smoke) process.stdout.write(`\nStopped code-server. The demo repository stays at ${demoDir} (delete it when done).\n`);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  if (smoke) {
    const response = await fetch(url);
    const body = await response.text();
    const ok = response.ok && /workbench/i.test(body);
    process.stdout.write(`smoke: GET ${server.origin}/?folder=… → HTTP ${response.status}${ok ? ' (workbench page)' : ''}\n`);
    await stop(ok ? 0 : 1);
    return;
  }
  process.stdout.write(`\nGitOps Workbench demo in code-server ${readCodeServerVersion(tools.codeServerEntry)} (log: ${server.logFile})\n`);
  process.stdout.write(`Open: ${url}\n`);
  process.stdout.write('(code-server listens on 127.0.0.1 only; from another machine, forward the port with ssh -L.)\n');
  printTips(demoDir);
  if (open) openBrowser(url, tools.chromium);
  process.stdout.write('Press Ctrl+C to stop code-server.\n');
  await new Promise(() => undefined);
}

function readCodeServerVersion(entry) {
  try {
    return JSON.parse(readFileSync(path.join(path.dirname(entry), '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '';
  }
}

function openBrowser(url, chromium) {
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  let command;
  if (process.env.BROWSER) command = [process.env.BROWSER, url];
  else if (hasDisplay && which('xdg-open')) command = ['xdg-open', url];
  else if (hasDisplay && chromium) command = [chromium, `--app=${url}`];
  if (!command) {
    process.stdout.write('(No browser to open here: no display. Open the URL above in yours.)\n');
    return;
  }
  const child = spawn(command[0], command.slice(1), { stdio: 'ignore', detached: true });
  child.on('error', () => process.stdout.write(`(Could not start ${command[0]}; open the URL above yourself.)\n`));
  child.unref();
}

async function main() {
  const argv = process.argv.slice(2);
  const flag = (name) => argv.includes(name);
  const portIndex = argv.indexOf('--port');
  const port = portIndex >= 0 ? Number(argv[portIndex + 1]) : process.env.PORT ? Number(process.env.PORT) : undefined;

  process.stdout.write('Building the extension (node esbuild.mjs)…\n');
  if (run(process.execPath, ['esbuild.mjs']) !== 0) throw new Error('the build failed');
  const demoDir = prepareDemoRepo(path.join(mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-demo-')), 'demo-repo'));
  process.on('exit', () => {
    if (!flag('--keep') && flag('--smoke')) rmSync(path.dirname(demoDir), { recursive: true, force: true });
  });

  const clusterState = mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-demo-clusters-'));
  const clusters = flag('--smoke') ? undefined : await startDemoClusters({ repoRoot, demoDir, stateDir: clusterState });
  process.on('exit', () => {
    clusters?.stop();
    rmSync(clusterState, { recursive: true, force: true });
  });

  const code = which('code');
  if (code && !flag('--code-server') && !flag('--smoke')) {
    process.stdout.write(`Opening the demo in desktop VS Code (${code})…\n`);
    const status = spawnSync(code, ['--new-window', '--wait', `--extensionDevelopmentPath=${repoRoot}`, demoDir], { stdio: 'inherit', env: { ...process.env, ...(clusters ? { KUBECONFIG: clusters.kubeconfig } : {}) } }).status;
    if (status !== 0) throw new Error(`\`code\` exited with ${status}`);
    printTips(demoDir);
    return;
  }
  // code-server needs the compiled helper in out/test/support/vscode/.
  process.stdout.write('Compiling the test support code (npx tsc -b)…\n');
  if (run('npx', ['tsc', '-b']) !== 0) process.stdout.write('(tsc reported errors; continuing with what it emitted)\n');
  await startCodeServerDemo({ demoDir, port, open: !flag('--no-open'), smoke: flag('--smoke'), clusters });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
