// Runs the extension-host suites and the UI scenarios in code-server, driven by Chromium through
// playwright-core (recipe: docs/vscode-tests.md). Called by scripts/testVscode.mjs after it has
// installed the tools and built the extension.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, viewport } from '../support/vscode/browser';
import { startCodeServer, workbenchUrl, type CodeServer } from '../support/vscode/codeServer';
import { prepareEnvironmentsRepo, startEnvironmentsEmulator, type EnvironmentsRepoCommits } from '../support/vscode/environmentsRepo';
import type { RunningEmulator } from '../support/vscode/kubeEmulator';
import { Workbench } from '../support/vscode/workbench';
import { uiScenarios, type UiScenario } from './ui/scenarios';

export interface RunInCodeServerOptions {
  repoRoot: string;
  codeServerEntry: string;
  chromiumPath: string;
  /** PNGs and logs go here (.artifacts/vscode). */
  artifactsDir: string;
  /** A prepared copy of the demo repository (a git repository), for the `demo` scenario. */
  demoWorkspace?: string;
  /** Only run scenarios/suites whose name contains one of these. */
  only?: string[];
  /** mocha --grep for the extension-host suites. */
  grep?: string;
  skipSuites?: boolean;
  skipUi?: boolean;
  headed?: boolean;
  keepRunDir?: boolean;
}

export interface Result {
  name: string;
  kind: 'extension-host' | 'ui';
  ok: boolean;
  ms: number;
  passed?: number;
  failed?: number;
  error?: string;
  /** Set when a UI scenario passed only on its retry: what the first attempt said. */
  flaky?: string;
}

const SUITES_TIMEOUT_MS = 240_000;
const SCENARIO_TIMEOUT_MS = 120_000;

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** runInCodeServer starts one code-server and one Chromium, runs everything, and always stops both. */
export async function runInCodeServer(options: RunInCodeServerOptions): Promise<Result[]> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-vscode-'));
  const logsDir = path.join(options.artifactsDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const fixture = path.join(options.repoRoot, 'test', 'vscode', 'fixtures', 'workspace-with-manifests');
  const suitesEntry = path.join(options.repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js');
  const version = (JSON.parse(readFileSync(path.join(options.repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const userDataDir = path.join(runDir, 'user-data');
  const results: Result[] = [];
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let emulator: RunningEmulator | undefined;
  /** A second cluster with the same live state, for the suites that change it (sync). */
  let syncEmulator: RunningEmulator | undefined;
  /** A second code-server with workspace trust on, started only for the restricted-mode scenarios. */
  let restrictedServer: CodeServer | undefined;
  /** code-servers with a scenario's helper extensions installed, by their names. */
  const helperServers = new Map<string, CodeServer>();
  const stopAll = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    await server?.stop().catch(() => undefined);
    server = undefined;
    await restrictedServer?.stop().catch(() => undefined);
    for (const helped of helperServers.values()) await helped.stop().catch(() => undefined);
    restrictedServer = undefined;
    await emulator?.stop().catch(() => undefined);
    emulator = undefined;
    await syncEmulator?.stop().catch(() => undefined);
    syncEmulator = undefined;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    say(`\n${signal}: stopping code-server and Chromium`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const started = Date.now();
    // One git repository (the manifests fixture plus the environments fixture, three commits) is
    // the template of the suites' workspace and of the `environments` scenarios; the emulator is
    // seeded to match its commits, and the extension reads its kubeconfig from the user settings.
    const environmentsTemplate = path.join(runDir, 'template-environments');
    const commits = prepareEnvironmentsRepo({ repoRoot: options.repoRoot, target: environmentsTemplate, base: [fixture] });
    emulator = await startEnvironmentsEmulator({ repoRoot: options.repoRoot, commits, dir: runDir, name: 'emulator', logFile: path.join(logsDir, 'kube-emulator.log') });
    say(`kube emulator ${emulator.url} (kubeconfig ${emulator.kubeconfig})`);
    if (!options.skipSuites) {
      syncEmulator = await startEnvironmentsEmulator({ repoRoot: options.repoRoot, commits, dir: runDir, name: 'sync-emulator', logFile: path.join(logsDir, 'kube-emulator-sync.log') });
      say(`kube emulator for the sync suite ${syncEmulator.url}`);
    }
    const serverEnv = {
      GITOPS_WORKBENCH_TEST_ENVIRONMENTS: JSON.stringify({ commits, kubeconfig: emulator.kubeconfig, emulator: emulator.url, ...(syncEmulator ? { syncKubeconfig: syncEmulator.kubeconfig, syncEmulator: syncEmulator.url } : {}) }),
      GITOPS_WORKBENCH_TEST_USER_DATA_DIR: userDataDir,
      GITOPS_WORKBENCH_TEST_SCREENSHOT_DIR: options.artifactsDir,
      GITOPS_WORKBENCH_TEST_GREP: options.grep ?? '',
    };
    const kubeconfigSetting = { 'gitopsWorkbench.kubeconfig': [emulator.kubeconfig] };
    server = await startCodeServer({
      entry: options.codeServerEntry,
      userDataDir,
      extensionsDir: path.join(runDir, 'extensions'),
      logFile: path.join(logsDir, 'code-server.log'),
      settings: kubeconfigSetting,
      env: serverEnv,
    });
    const serverFor = async (scenario: UiScenario): Promise<CodeServer> => {
      if (scenario.extensions?.length) {
        // The workbench takes one extension under development, so helper extensions are installed
        // in the extensions folder of a code-server of their own.
        const key = scenario.extensions.join('+');
        let helped = helperServers.get(key);
        if (!helped) {
          const extensionsDir = path.join(runDir, `extensions-${key}`);
          for (const name of scenario.extensions) {
            const manifest = JSON.parse(readFileSync(path.join(options.repoRoot, 'test', 'vscode', 'fixtures', name, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
            cpSync(path.join(options.repoRoot, 'test', 'vscode', 'fixtures', name), path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
          }
          helped = await startCodeServer({
            entry: options.codeServerEntry,
            userDataDir: path.join(runDir, `user-data-${key}`),
            extensionsDir,
            logFile: path.join(logsDir, `code-server-${key}.log`),
            settings: kubeconfigSetting,
            env: { ...serverEnv, GITOPS_WORKBENCH_TEST_USER_DATA_DIR: path.join(runDir, `user-data-${key}`) },
          });
          helperServers.set(key, helped);
        }
        return helped;
      }
      if (scenario.trust !== 'restricted') return server!;
      if (!restrictedServer) {
        const restrictedData = path.join(runDir, 'user-data-restricted');
        restrictedServer = await startCodeServer({
          entry: options.codeServerEntry,
          userDataDir: restrictedData,
          extensionsDir: path.join(runDir, 'extensions-restricted'),
          logFile: path.join(logsDir, 'code-server-restricted.log'),
          disableWorkspaceTrust: false,
          // Trust on, no startup prompt: the folder opens in Restricted Mode.
          settings: { ...kubeconfigSetting, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' },
          env: { ...serverEnv, GITOPS_WORKBENCH_TEST_USER_DATA_DIR: restrictedData },
        });
      }
      return restrictedServer;
    };
    browser = await launchChromium({ executablePath: options.chromiumPath, headed: options.headed });
    say(`code-server ${server.origin} and Chromium ready in ${Date.now() - started} ms (run dir ${runDir})`);

    if (!options.skipSuites) {
      const workspace = copyWorkspace(environmentsTemplate, path.join(runDir, 'suites-workspace'));
      results.push(await runSuites({ browser, server, workspace, suitesEntry, options, logsDir }));
    }
    if (!options.skipUi) {
      for (const scenario of uiScenarios) {
        if (options.only?.length && !options.only.some((name) => scenario.name.includes(name))) continue;
        if (scenario.workspace === 'demo' && !options.demoWorkspace) {
          results.push({ name: scenario.name, kind: 'ui', ok: false, ms: 0, error: 'no demo workspace was prepared' });
          continue;
        }
        // A scenario that fails runs once more in a fresh workspace, as Playwright's `retries: 1`
        // does: a browser click lost on a loaded 2-core machine is not a product failure, but a
        // retry that passes is still reported, with the first attempt's error.
        let result: Result | undefined;
        for (let attempt = 1; attempt <= 2; attempt++) {
          const suffix = attempt === 1 ? '' : `-retry${attempt}`;
          let workspace: string;
          if (scenario.workspace === 'demo') workspace = options.demoWorkspace!;
          else if (scenario.workspace === 'environments') workspace = copyWorkspace(environmentsTemplate, path.join(runDir, `ui-${scenario.name}${suffix}`));
          else workspace = copyWorkspace(fixture, path.join(runDir, `ui-${scenario.name}${suffix}`));
          const outcome = await runScenario({ browser, server: await serverFor(scenario), scenario, workspace, version, options, logsDir, kubeconfig: emulator.kubeconfig, commits, runDir });
          if (result && !result.ok && outcome.ok) outcome.flaky = `passed on attempt ${attempt}; attempt 1: ${result.error?.split('\n')[0]}`;
          result = outcome;
          if (outcome.ok) break;
          if (attempt === 1) say(`  ↻ ${scenario.name}: running it once more in a fresh workspace`);
        }
        results.push(result!);
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
    // VS Code's own logs (extension host, output channels) help when a scenario failed.
    const vscodeLogs = path.join(userDataDir, 'logs');
    if (existsSync(vscodeLogs)) cpSync(vscodeLogs, path.join(logsDir, 'vscode'), { recursive: true });
    if (!options.keepRunDir) rmSync(runDir, { recursive: true, force: true });
  }
  return results;
}

function copyWorkspace(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}

async function newPage(browser: Browser, logFile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, colorScheme: 'dark' });
  const page = await context.newPage();
  page.on('pageerror', (error) => appendFileSync(logFile, `[pageerror] ${error.message}\n`));
  page.on('console', (message) => {
    if (message.type() === 'error') appendFileSync(logFile, `[console.error] ${message.text()}\n`);
  });
  return { context, page };
}

/** closePage leaves the workbench through about:blank, so it shuts its extension host down. */
async function closePage(context: BrowserContext, page: Page): Promise<void> {
  await page.goto('about:blank', { timeout: 10_000 }).catch(() => undefined);
  await context.close().catch(() => undefined);
}

async function screenshotTo(page: Page, file: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  // Written under another name and renamed, so a suite waiting for the file never reads half of it.
  const partial = `${file}.partial`;
  await page.screenshot({ path: partial, type: 'png', ...(clip ? { clip } : {}) });
  renameSync(partial, file);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runSuites(args: {
  browser: Browser;
  server: CodeServer;
  workspace: string;
  suitesEntry: string;
  options: RunInCodeServerOptions;
  logsDir: string;
}): Promise<Result> {
  const name = 'extension-host-suites';
  const logFile = path.join(args.logsDir, `${name}.log`);
  writeFileSync(logFile, '');
  say(`\n▶ extension-host suites (mocha in the extension host, ${path.relative(args.options.repoRoot, args.suitesEntry)})`);
  const started = Date.now();
  const { context, page } = await newPage(args.browser, logFile);
  let counts: { passed: number; failed: number } | undefined;
  let exitCode: number | undefined;
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const screenshots: Promise<void>[] = [];
  try {
    await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown) => {
      // The workbench forwards console.* arguments unformatted (mocha logs with '%s' patterns).
      const parts = (Array.isArray(logArgs) ? logArgs : [logArgs]) as unknown[];
      const text = format(...parts).replace(/\u001b\[[0-9;]*m/g, '');
      appendFileSync(logFile, `${text}\n`);
      const screenshot = /^\[gitops-workbench-screenshot\] ([\w.-]+)$/.exec(text.trim());
      if (screenshot) {
        screenshots.push(screenshotTo(page, path.join(args.options.artifactsDir, `${screenshot[1]}.png`)).catch(() => undefined));
        return;
      }
      const summary = /^\[gitops-workbench-suites\] (\{.*\})$/.exec(text.trim());
      if (summary) {
        counts = JSON.parse(summary[1]) as { passed: number; failed: number };
        return;
      }
      if (type === 'error' && !/^\s/.test(text)) say(`    [extension host] ${text}`);
      else for (const line of text.split('\n')) say(`  ${line}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exitCode = code;
      resolveExit(code);
    });
    await page.goto(
      workbenchUrl(args.server, {
        folder: args.workspace,
        extensionDevelopmentPath: args.options.repoRoot,
        extensionTestsPath: args.suitesEntry,
      }),
    );
    await withTimeout(exited, SUITES_TIMEOUT_MS, 'the extension-host suites');
    await Promise.all(screenshots);
    await screenshotTo(page, path.join(args.options.artifactsDir, `${name}.png`));
    const ok = exitCode === 0 && counts !== undefined && counts.failed === 0 && counts.passed > 0;
    const error = ok
      ? undefined
      : counts === undefined
        ? `the suites did not report (exit code ${exitCode}); see ${path.relative(args.options.repoRoot, logFile)}`
        : counts.passed === 0 && counts.failed === 0
          ? 'no test ran'
          : `${counts.failed} test(s) failed`;
    return { name, kind: 'extension-host', ok, ms: Date.now() - started, passed: counts?.passed ?? 0, failed: counts?.failed ?? (ok ? 0 : 1), error };
  } catch (error) {
    await screenshotTo(page, path.join(args.options.artifactsDir, `${name}.png`)).catch(() => undefined);
    return { name, kind: 'extension-host', ok: false, ms: Date.now() - started, passed: counts?.passed ?? 0, failed: Math.max(1, counts?.failed ?? 0), error: (error as Error).message };
  } finally {
    await closePage(context, page);
  }
}

async function runScenario(args: {
  browser: Browser;
  server: CodeServer;
  scenario: UiScenario;
  workspace: string;
  version: string;
  options: RunInCodeServerOptions;
  logsDir: string;
  kubeconfig: string;
  commits: EnvironmentsRepoCommits;
  runDir: string;
}): Promise<Result> {
  const { scenario } = args;
  const logFile = path.join(args.logsDir, `ui-${scenario.name}.log`);
  writeFileSync(logFile, '');
  const started = Date.now();
  // A scenario that changes the cluster gets its own, with the same live state; the workspace's
  // settings point the extension at it.
  let own: RunningEmulator | undefined;
  let kubeconfig = args.kubeconfig;
  if (scenario.emulator === 'own') {
    try {
      own = await startEnvironmentsEmulator({ repoRoot: args.options.repoRoot, commits: args.commits, dir: args.runDir, name: `emulator-${scenario.name}`, logFile: path.join(args.logsDir, `kube-emulator-${scenario.name}.log`) });
    } catch (error) {
      return { name: scenario.name, kind: 'ui', ok: false, ms: Date.now() - started, error: `its kube emulator did not start: ${(error as Error).message}` };
    }
    kubeconfig = own.kubeconfig;
    mkdirSync(path.join(args.workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(args.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'gitopsWorkbench.kubeconfig': [own.kubeconfig] }, null, 2));
  }
  const { context, page } = await newPage(args.browser, logFile);
  const workbench = new Workbench(page);
  const log = (message: string): void => {
    appendFileSync(logFile, `${message}\n`);
    for (const line of message.split('\n')) say(`      ${line}`);
  };
  try {
    await withTimeout(
      (async () => {
        await page.goto(workbenchUrl(args.server, { folder: args.workspace, extensionDevelopmentPath: args.options.repoRoot }));
        await workbench.waitReady();
        await workbench.waitForExtension();
        log(`(workbench ready after ${Date.now() - started} ms)`);
        await scenario.run({
          workbench,
          workspaceDir: args.workspace,
          version: args.version,
          kubeconfig,
          screenshot: (name, clip) => screenshotTo(page, path.join(args.options.artifactsDir, `${name}.png`), clip),
          log,
        });
      })(),
      SCENARIO_TIMEOUT_MS,
      `scenario ${scenario.name}`,
    );
    await workbench.closeNotifications().catch(() => undefined);
    await screenshotTo(page, path.join(args.options.artifactsDir, `${scenario.name}.png`));
    say(`  ✔ ${scenario.name}: ${scenario.title} (${Date.now() - started} ms)`);
    return { name: scenario.name, kind: 'ui', ok: true, ms: Date.now() - started };
  } catch (error) {
    await screenshotTo(page, path.join(args.options.artifactsDir, `${scenario.name}.png`)).catch(() => undefined);
    const message = (error as Error).message;
    say(`  ✘ ${scenario.name}: ${scenario.title} (${Date.now() - started} ms)\n${indent(message, 6)}`);
    appendFileSync(logFile, `FAILED: ${(error as Error).stack ?? message}\n`);
    return { name: scenario.name, kind: 'ui', ok: false, ms: Date.now() - started, error: message };
  } finally {
    await closePage(context, page);
    await own?.stop().catch(() => undefined);
  }
}

function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((line) => `${' '.repeat(spaces)}${line}`)
    .join('\n');
}

/** listArtifacts names the PNGs a run left, for the summary. */
export function listScreenshots(artifactsDir: string): string[] {
  return existsSync(artifactsDir) ? readdirSync(artifactsDir).filter((name) => name.endsWith('.png')).sort() : [];
}
