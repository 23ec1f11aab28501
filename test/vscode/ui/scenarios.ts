// UI scenarios: each opens a fresh workbench page on a fresh copy of a workspace, acts like a user
// with the keyboard and mouse, asserts on what the workbench shows, and leaves a screenshot.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Workbench } from '../../support/vscode/workbench';
import { describeProblems } from '../../support/vscode/workbench';

/** Same generous bound as the extension-host suite (test/support/vscode/extensionHost.ts). */
export const ACTIVATION_BOUND_MS = 10_000;

export interface ScenarioContext {
  workbench: Workbench;
  /** Absolute path of this scenario's own copy of its workspace. */
  workspaceDir: string;
  /** Version from package.json. */
  version: string;
  /** Writes `<artifactsDir>/<name>.png`; the runner also takes `<scenario>.png` at the end. */
  screenshot(name: string): Promise<void>;
  log(message: string): void;
}

export interface UiScenario {
  name: string;
  title: string;
  /** Which workspace the page opens: the test fixture or the demo repository. */
  workspace: 'fixture' | 'demo';
  run(context: ScenarioContext): Promise<void>;
}

const brokenFile = 'apps/web/deployment-with-unknown-field.yaml';

/** lineAndColumnOf returns the 1-based position of group 1 of `pattern` in a file, as the Problems panel shows it. */
function lineAndColumnOf(file: string, pattern: RegExp): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const match = pattern.exec(lines[index]);
    if (match) return { line: index + 1, column: lines[index].indexOf(match[1] ?? match[0]) + 1 };
  }
  throw new Error(`${pattern} not found in ${file}`);
}

/** The deliberate problems of examples/demo-repo (its README lists them): file and rule id. */
export const demoDeliberateProblems: { file: string; code: string }[] = [
  { file: 'apps/production/order-worker.yaml', code: 'schema' },
  { file: 'apps/production/frontend-autoscaler.yaml', code: 'api-removed' },
  { file: 'apps/base/cart/deployment.yaml', code: 'ref-missing' },
  { file: 'apps/staging/cart-database-secret.yaml', code: 'secret-plaintext' },
  { file: 'apps/staging/debug-toolbox.yaml', code: 'image-latest' },
  { file: 'apps/staging/debug-toolbox.yaml', code: 'resources-missing' },
  { file: 'clusters/production/monitoring.yaml', code: 'flux-path-missing' },
];

const isUnknownReplica = (message: string): boolean => /unknown field "replica"/.test(message);

export const uiScenarios: UiScenario[] = [
  {
    name: 'activation',
    title: 'activates on a workspace with manifests; activation time shown and under the bound',
    workspace: 'fixture',
    async run({ workbench, log }) {
      // Nothing of ours has been invoked: activation must come from the workspace's YAML files.
      await workbench.runCommand('Developer: Show Running Extensions');
      const row = workbench.page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: /gitops-workbench|GitOps Workbench/ });
      await row.first().waitFor({ timeout: 30_000 }).catch(() => {
        throw new Error('the Running Extensions editor does not list the extension: it did not activate on its own');
      });
      const activation = await waitForText(row.first(), /Activation: (\d+)ms/, 30_000, 'an activation time in Running Extensions');
      const vscodeMs = Number(activation[1]);
      log(`Running Extensions: activation ${vscodeMs} ms`);
      assert.ok(vscodeMs < ACTIVATION_BOUND_MS, `VS Code measured activation ${vscodeMs} ms, bound ${ACTIVATION_BOUND_MS} ms`);
      await workbench.runCommand('GitOps: Show Language Server Log');
      const logged = await workbench.waitForOutputLine(/\[client\] GitOps Workbench activated in (\d+) ms/);
      const loggedMs = Number(logged[1]);
      log(`output channel: activated in ${loggedMs} ms`);
      assert.ok(loggedMs < ACTIVATION_BOUND_MS, `logged activation ${loggedMs} ms, bound ${ACTIVATION_BOUND_MS} ms`);
    },
  },
  {
    name: 'problems-panel',
    title: 'a schema error shows in the Problems panel at its line; fixing the text clears it',
    workspace: 'fixture',
    async run({ workbench, workspaceDir, screenshot, log }) {
      const expected = lineAndColumnOf(path.join(workspaceDir, brokenFile), /^ {2}(replica):/);
      await workbench.openFile(brokenFile);
      const rows = await workbench.waitForProblems((all) => all.some((row) => isUnknownReplica(row.message)), 'the "unknown field replica" problem');
      log(`Problems panel:\n${describeProblems(rows)}`);
      const row = rows.find((candidate) => isUnknownReplica(candidate.message))!;
      assert.equal(row.file, path.basename(brokenFile), 'grouped under its file');
      assert.deepEqual({ line: row.line, column: row.column }, expected, `shown at [Ln ${row.line}, Col ${row.column}]`);
      assert.equal(row.severity, 'error');
      assert.equal(row.source, 'gitops-workbench');
      assert.equal(row.code, 'schema');
      assert.match(row.message, /did you mean "replicas"/);
      await screenshot('problems-panel-error');

      // Fix it like a user: go to the line and column, select the word, type the right name.
      await workbench.page.keyboard.press('Control+G');
      await workbench.page.keyboard.type(`${expected.line}:${expected.column}`);
      await workbench.page.keyboard.press('Enter');
      await workbench.page.keyboard.press('Control+Shift+ArrowRight');
      await workbench.page.keyboard.type('replicas');
      await workbench.tokenInEditor('replicas').waitFor({ timeout: 5000 });
      const after = await workbench.waitForProblems(
        (all) => !all.some((candidate) => candidate.file === path.basename(brokenFile) && candidate.code === 'schema'),
        'the schema problem to disappear after the fix',
      );
      log(`after the fix:\n${describeProblems(after)}`);
    },
  },
  {
    name: 'hover',
    title: 'hovering a field shows its schema description',
    workspace: 'fixture',
    async run({ workbench, log }) {
      await workbench.openFile('apps/web/deployment.yaml');
      const text = await workbench.hover(workbench.tokenInEditor('replicas'));
      log(`hover: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
      assert.match(text, /Number of desired pods/);
    },
  },
  {
    name: 'document-symbols',
    title: 'Go to Symbol in Editor lists one entry per resource',
    workspace: 'fixture',
    async run({ workbench, log }) {
      await workbench.openFile('apps/web/all-in-one.yaml');
      const expected = ['Namespace shop', 'Deployment cart', 'Service cart', 'ConfigMap cart-settings'];
      let labels: string[] = [];
      const deadline = Date.now() + 20_000;
      // The language server may still be starting: reopen the picker until it has symbols.
      for (;;) {
        await workbench.page.keyboard.press('Control+Shift+O');
        labels = await workbench.quickPickLabels();
        if (JSON.stringify(labels) === JSON.stringify(expected) || Date.now() > deadline) break;
        await workbench.page.keyboard.press('Escape');
        await workbench.page.waitForTimeout(500);
      }
      log(`symbols: ${labels.join(' | ')}`);
      assert.deepEqual(labels, expected);
    },
  },
  {
    name: 'activity-bar',
    title: 'the GitOps view container is in the activity bar, with the Environments welcome view',
    workspace: 'fixture',
    async run({ workbench, log }) {
      const { page } = workbench;
      const entry = page.locator('.activitybar a.action-label[aria-label="GitOps"]');
      await entry.waitFor({ timeout: 15_000 });
      const iconStatus = await entry.evaluate(async (element) => {
        const style = getComputedStyleOf(element);
        const image = style.getPropertyValue('mask-image') || style.getPropertyValue('-webkit-mask-image');
        const url = /url\("?([^")]+)"?\)/.exec(image)?.[1];
        if (!url) return `no icon image (${image || 'none'})`;
        const response = await fetch(url);
        return response.ok ? 'ok' : `HTTP ${response.status} for ${url}`;
        function getComputedStyleOf(target: unknown): { getPropertyValue(name: string): string } {
          return (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } }).getComputedStyle(target);
        }
      });
      await entry.click();
      const title = page.locator('.part.sidebar .composite.title h2');
      await title.filter({ hasText: /GitOps/i }).waitFor({ timeout: 10_000 });
      const titleText = await title.innerText();
      const welcome = page.locator('.part.sidebar .welcome-view-content');
      await welcome.waitFor({ timeout: 10_000 });
      const welcomeText = await welcome.innerText();
      log(`sidebar: "${titleText}" / ${welcomeText.replace(/\s+/g, ' ')}`);
      assert.match(titleText, /GitOps: Environments/i);
      assert.match(welcomeText, /validates the Kubernetes, kustomize, Flux and Argo CD manifests/);
      const button = welcome.getByRole('button', { name: 'Show validation log' });
      await button.click();
      await workbench.waitForOutputLine(/GitOps Workbench language server \S+ starting/);
      assert.equal(await workbench.selectedOutputChannel(), 'GitOps Workbench');
      assert.equal(iconStatus, 'ok', 'the activity bar icon (media/gitops.svg) loads');
    },
  },
  {
    name: 'output-channel',
    title: 'the output channel shows the language server start line and version',
    workspace: 'fixture',
    async run({ workbench, version, log }) {
      await workbench.runCommand('GitOps: Show Language Server Log');
      const match = await workbench.waitForOutputLine(/GitOps Workbench language server (\S+) starting/);
      log(`output: ${match[0]}`);
      assert.equal(await workbench.selectedOutputChannel(), 'GitOps Workbench');
      assert.equal(match[1], version);
    },
  },
  {
    name: 'demo-repo',
    title: 'the demo repository shows its deliberate problems, one per rule family, and nothing else',
    workspace: 'demo',
    async run({ workbench, workspaceDir, log }) {
      const demoFile = 'apps/production/order-worker.yaml';
      const expected = lineAndColumnOf(path.join(workspaceDir, demoFile), /^ {2}(replica):/);
      await workbench.openFile(demoFile);
      await workbench.openProblems();
      await workbench.setPanelMaximized(true);
      await workbench.waitForProblems((all) => all.some((row) => isUnknownReplica(row.message)), "the demo's schema problem");
      // Let the environment- and repository-wide rules report too.
      const all = await workbench.waitForStableProblems();
      log(`demo Problems panel (${all.length} rows):\n${describeProblems(all)}`);
      const pathOf = (row: { folder: string; file: string }): string => (row.folder ? `${row.folder}/${row.file}` : row.file);
      const schema = all.find((row) => isUnknownReplica(row.message))!;
      assert.deepEqual({ file: pathOf(schema), line: schema.line, column: schema.column }, { file: demoFile, ...expected });
      const missing = demoDeliberateProblems.filter((want) => !all.some((row) => pathOf(row) === want.file && row.code === want.code));
      assert.deepEqual(missing, [], 'deliberate problems (examples/demo-repo/README.md) missing from the Problems panel');
      const unexpected = all.filter((row) => !demoDeliberateProblems.some((want) => want.file === pathOf(row)));
      assert.equal(describeProblems(unexpected), describeProblems([]), 'problems reported in files that are meant to be valid');
      await workbench.setPanelMaximized(false);
    },
  },
];

async function waitForText(
  locator: import('playwright-core').Locator,
  pattern: RegExp,
  timeoutMs: number,
  what: string,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = (await locator.innerText()).replace(/\s+/g, ' ');
    const match = pattern.exec(text);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; shows: ${text}`);
    await locator.page().waitForTimeout(250);
  }
}
