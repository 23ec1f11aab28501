// UI scenarios: each opens a fresh workbench page on a fresh copy of a workspace, acts like a user
// with the keyboard and mouse, asserts on what the workbench shows, and leaves a screenshot.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startGitHttpServer } from '../../support/gitHttpServer';
import type { Workbench } from '../../support/vscode/workbench';
import { describeProblems, describeTreeRows, type TreeRow } from '../../support/vscode/workbench';

/** Same generous bound as the extension-host suite (test/support/vscode/extensionHost.ts). */
export const ACTIVATION_BOUND_MS = 10_000;

export interface ScenarioContext {
  workbench: Workbench;
  /** Absolute path of this scenario's own copy of its workspace. */
  workspaceDir: string;
  /** The kube emulator's kubeconfig (the user setting gitopsWorkbench.kubeconfig points at it; with `emulator: 'own'`, the workspace setting). */
  kubeconfig: string;
  /** Version from package.json. */
  version: string;
  /** Writes `<artifactsDir>/<name>.png` (of `clip` only, when given); the runner also takes `<scenario>.png` at the end. */
  screenshot(name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void>;
  log(message: string): void;
}

export interface UiScenario {
  name: string;
  title: string;
  /**
   * Which workspace the page opens: the manifests fixture (no environments), the environments
   * repository (the manifests plus test/vscode/fixtures/environments-repo, a git repository whose
   * environments the runner's kube emulator serves), or the demo repository.
   */
  workspace: 'fixture' | 'environments' | 'demo';
  /** 'restricted': the page comes from a code-server with workspace trust on, so the folder opens in Restricted Mode. */
  trust?: 'restricted';
  /**
   * 'own': the scenario changes the cluster (a sync), so it gets its own kube emulator with the
   * same live state; the workspace's .vscode/settings.json points gitopsWorkbench.kubeconfig at it.
   */
  emulator?: 'own';
  /** Helper extensions (folders under test/vscode/fixtures) loaded beside GitOps Workbench. */
  extensions?: string[];
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
      // The manifests fixture has no environments: the view says so and how they are found.
      const welcome = page.locator('.part.sidebar .welcome-view-content').filter({ hasText: /No environments found/ });
      await welcome.waitFor({ timeout: 30_000 });
      const welcomeText = await welcome.innerText();
      log(`sidebar: "${titleText}" / ${welcomeText.replace(/\s+/g, ' ')}`);
      assert.match(titleText, /GitOps: Environments/i);
      assert.match(welcomeText, /finds Flux Kustomizations, Argo CD Applications and kustomize overlays/);
      assert.ok(await welcome.getByRole('button', { name: 'How environments are found' }).isVisible(), 'a link to the environments documentation');
      const button = welcome.getByRole('button', { name: 'Show Log' });
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
    name: 'environments-view',
    title: 'the Environments view lists the fixture\'s environments with their status, pending commit and drift down to the field',
    workspace: 'environments',
    async run({ workbench, screenshot, log }) {
      await workbench.openGitOpsView();
      await workbench.setSidebarWidth(560);
      const rows = await workbench.waitForTreeRows(
        (all) => hasRow(all, 'staging', /^push · Ready · kube-emulator$/) && hasRow(all, 'production', /^push · Ready · kube-emulator$/) && hasRow(all, '1 modified, 1 missing, 1 extra') && hasRow(all, 'spec.replicas', /^3 → 2$/),
        'staging and production inspected, production\'s drift expanded',
      );
      log(`Environments view:\n${describeTreeRows(rows)}`);
      assert.deepEqual(rows.filter((row) => row.level === 1).map((row) => row.label), ['staging', 'production']);
      assert.ok(hasRow(rows, 'No commits pending'), 'staging: nothing pending');
      assert.ok(hasRow(rows, 'In sync', /^3 objects$/), 'staging: in sync');
      assert.ok(hasRow(rows, 'web', /^modified · shop-production$/), 'production: the Deployment is modified');
      assert.ok(hasRow(rows, 'web-settings', /^missing · shop-production$/), 'production: a ConfigMap is missing');
      assert.ok(hasRow(rows, 'debug-flags', /^extra · shop-production$/), 'production: a ConfigMap is extra');
      // The pending commits are one click away.
      await workbench.expandTreeRow('1 commit pending');
      const expanded = await workbench.waitForTreeRows((all) => all.some((row) => /^[0-9a-f]{7} Scale production web to 3 replicas$/.test(row.label)), 'the pending commit under "1 commit pending"', 10_000);
      log(`after expanding the pending commits:\n${describeTreeRows(expanded)}`);
      await workbench.page.mouse.move(0, 0);
      await screenshot('walkthrough-environments', { x: 46, y: 36, width: 562, height: 450 });
    },
  },
  {
    name: 'preview-diff',
    title: '"Preview Diff" on a drifted resource opens the diff editor, desired ↔ live',
    workspace: 'environments',
    async run({ workbench, log }) {
      const { page } = workbench;
      await workbench.openGitOpsView();
      await workbench.setSidebarWidth(420);
      await workbench.waitForTreeRows((all) => hasRow(all, 'web', /^modified/), 'the modified Deployment web');
      const row = page.locator('.part.sidebar .customview-tree .monaco-list-row').filter({ has: page.locator('.label-description', { hasText: /^modified/ }) }).first();
      const tab = page.locator('.tabs-container .tab.active[aria-label^="Deployment/web (desired ↔ live)"]');
      await workbench.clickInlineAction(row, 'Preview Diff', { until: tab });
      const diff = page.locator('.editor-instance .monaco-diff-editor');
      await diff.waitFor({ timeout: 20_000 });
      const sideText = async (side: 'original' | 'modified'): Promise<string> => (await diff.locator(`.editor.${side} .view-lines`).innerText()).replace(/\u00a0/g, ' ');
      const deadline = Date.now() + 20_000;
      let original = '';
      let modified = '';
      while (Date.now() < deadline) {
        original = await sideText('original');
        modified = await sideText('modified');
        if (/replicas: 3/.test(original) && /replicas: 2/.test(modified)) break;
        await page.waitForTimeout(250);
      }
      log(`desired:\n${original}\nlive:\n${modified}`);
      assert.match(original, /replicas: 3/);
      assert.match(original, /nginx:1\.27\.3/);
      assert.match(modified, /replicas: 2/);
      assert.match(modified, /nginx:1\.27\.4/);
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'revert-commit',
    title: 'Revert Commit…: environment and commit quick picks, the preview dialog, then the revert shows as a pending commit',
    workspace: 'environments',
    async run({ workbench, screenshot, log }) {
      const { page } = workbench;
      await workbench.openGitOpsView();
      await workbench.setSidebarWidth(520);
      await workbench.waitForTreeRows((all) => hasRow(all, '1 commit pending'), 'production with one pending commit');
      // The command asks for the environment at once: its quick pick follows the palette's.
      await workbench.runCommand('GitOps: Revert Commit…', 20_000, { asks: true });
      const environments = await workbench.chooseQuickPick(/^production$/);
      log(`environments offered: ${environments.join(' | ')}`);
      assert.deepEqual(environments, ['staging', 'production']);
      const commitRow = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: 'Scale production web to 3 replicas' }).first();
      await commitRow.waitFor({ timeout: 20_000 });
      const commits = await workbench.quickPickRowLabels();
      log(`commits offered: ${commits.join(' | ')}`);
      assert.deepEqual(commits, ['Scale production web to 3 replicas', 'Add staging and production']);
      await screenshot('revert-commit-pick');
      await commitRow.click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 20_000 });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      log(`dialog: ${text}`);
      assert.match(text, /Revert [0-9a-f]{7} "Scale production web to 3 replicas" in production\?/);
      assert.match(text, /M deploy\/production\/web\.yaml/);
      await screenshot('revert-commit-preview');
      await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
      const rows = await workbench.waitForTreeRows((all) => hasRow(all, '2 commits pending'), 'production with the revert pending');
      await workbench.expandTreeRow('2 commits pending');
      const after = await workbench.waitForTreeRows((all) => all.some((row) => /^[0-9a-f]{7} Revert "Scale production web to 3 replicas"$/.test(row.label)), 'the revert commit in the tree', 10_000);
      log(`after the revert:\n${describeTreeRows(after.length ? after : rows)}`);
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'push-with-account',
    title: 'Push Current Branch to a remote that asks for credentials: "Sign In and Push" with a VS Code account through VS Code\'s consent dialog; the next push asks nothing',
    workspace: 'environments',
    extensions: ['test-accounts-extension'],
    async run({ workbench, workspaceDir, screenshot, log }) {
      const { page } = workbench;
      const token = 'gho_scenario_token_5f3a';
      const server = await startGitHttpServer({ username: 'octo', password: token });
      const git = (args: string[]): string => execFileSync('git', ['-c', 'user.name=Workbench Tester', '-c', 'user.email=tester@example.com', ...args], { cwd: workspaceDir, encoding: 'utf8' }).trim();
      try {
        const remote = server.createBareRepo('shop');
        git(['remote', 'add', 'origin', remote.url]);
        git(['config', 'branch.main.remote', 'origin']);
        git(['config', 'branch.main.merge', 'refs/heads/main']);
        mkdirSync(path.join(workspaceDir, '.vscode'), { recursive: true });
        const settingsFile = path.join(workspaceDir, '.vscode', 'settings.json');
        const settings = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
        writeFileSync(settingsFile, JSON.stringify({ ...settings, 'gitopsWorkbench.git.authenticationProviders': { '127.0.0.1': { provider: 'gitops-workbench-test-accounts', scopes: ['repo'] } } }, null, 2));
        // The account the helper extension's provider holds (as GitHub's holds the signed-in user).
        writeFileSync(path.join(workspaceDir, '.vscode', 'test-accounts.json'), JSON.stringify({ account: 'octo', token, scopes: ['repo'] }));
        const toast = (text: RegExp) => page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
        const remoteHead = () => execFileSync('git', ['--git-dir', remote.gitdir, 'rev-parse', 'main'], { encoding: 'utf8' }).trim();

        await workbench.openGitOpsView();
        await workbench.waitForTreeRows((all) => hasRow(all, 'staging') && hasRow(all, 'production'), 'the environments listed');
        await workbench.runCommand('GitOps: Push Current Branch');
        const offer = toast(/The push needs credentials/);
        await offer.waitFor({ timeout: 30_000 });
        const offerText = (await offer.innerText()).replace(/\s+/g, ' ');
        log(`offer: ${offerText}`);
        assert.ok(await offer.getByRole('button', { name: 'Sign In and Push' }).isVisible(), 'the account is offered');
        assert.ok(await offer.getByRole('button', { name: 'Enter Credentials and Push…' }).isVisible(), 'typing credentials is offered too');
        await screenshot('push-sign-in-offer');
        await offer.getByRole('button', { name: 'Sign In and Push' }).click();
        const consent = page.locator('.monaco-dialog-box').filter({ hasText: /wants to sign in using Test Accounts/ });
        await consent.waitFor({ timeout: 20_000 });
        log(`VS Code asks: ${(await consent.innerText()).replace(/\s+/g, ' ')}`);
        await screenshot('push-sign-in-consent');
        await consent.getByRole('button', { name: 'Allow', exact: true }).click();
        const pushed = toast(/Pushed to origin \(main\)\. Signed in as octo \(gitops-workbench-test-accounts\)\./);
        await pushed.waitFor({ timeout: 30_000 });
        log(`notification: ${(await pushed.innerText()).replace(/\s+/g, ' ')}`);
        assert.equal(remoteHead(), git(['rev-parse', 'HEAD']), 'the remote has HEAD');

        // The account granted access: the next push asks nothing.
        git(['commit', '--allow-empty', '-qm', 'Another commit to push']);
        await workbench.closeNotifications();
        // The first push's toast must be gone, or the wait below would see it instead of the second's.
        await pushed.waitFor({ state: 'detached', timeout: 10_000 });
        await workbench.runCommand('GitOps: Push Current Branch');
        await pushed.waitFor({ timeout: 30_000 });
        assert.equal(await toast(/The push needs credentials/).count(), 0, 'no credentials were asked the second time');
        assert.equal(remoteHead(), git(['rev-parse', 'HEAD']), 'the remote has the new commit');
        log('second push: no question, pushed with the granted account');
        await workbench.runCommand('GitOps: Show Language Server Log');
        await workbench.waitForOutputLine(/\[client\] pushing with the gitops-workbench-test-accounts account octo/);
        assert.equal((await page.locator('.output-view').innerText()).includes(token), false, 'the token is not in the log');
      } finally {
        await server.stop();
      }
    },
  },
  {
    name: 'editor-drift',
    title: 'drift in the editor: the "drift" diagnostic with the live value, the code lens above the object, the light bulb\'s "Adopt live value into Git"',
    workspace: 'environments',
    async run({ workbench, workspaceDir, screenshot, log }) {
      const { page } = workbench;
      const file = 'deploy/production/web.yaml';
      await workbench.openFile(file);
      const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration').filter({ hasText: 'production · live: modified (2 fields)' });
      await lens.waitFor({ timeout: 60_000 });
      log(`code lenses: ${(await page.locator('.editor-instance .monaco-editor .codelens-decoration').allInnerTexts()).map((text) => text.trim()).join(' | ')}`);
      const value = workbench.tokenInEditor('3');
      const hover = await workbench.hover(value);
      log(`hover: ${hover.replace(/\s+/g, ' ')}`);
      assert.match(hover, /live: 2 \(Git: 3\)/);
      assert.match(hover, /drift\(production\)/);
      await screenshot('editor-drift-hover');
      await page.mouse.move(0, 0);
      await value.click();
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget');
      const adopt = menu.locator('.monaco-list-row').filter({ hasText: /Adopt live value into Git/ });
      await adopt.waitFor({ timeout: 15_000 });
      const offered = (await menu.locator('.monaco-list-row').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean);
      log(`light bulb: ${offered.join(' | ')}`);
      assert.ok(offered.some((text) => /^Adopt live value into Git/.test(text)), 'Adopt live value into Git is offered');
      assert.ok(offered.some((text) => /^Preview diff/.test(text)), 'Preview diff is offered');
      await screenshot('editor-drift-actions');
      await screenshot('walkthrough-drift', { x: 350, y: 66, width: 780, height: 440 });
      // The menu opens with its first action focused (a pointer block covers it against stray clicks): Enter applies it.
      assert.equal(await menu.locator('.monaco-list-row.focused').getAttribute('aria-label'), 'Adopt live value into Git');
      await page.keyboard.press('Enter');
      // The value is replaced in place and saved; the notification says where and why.
      const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /spec\.replicas/ });
      await toast.waitFor({ timeout: 20_000 });
      const said = (await toast.innerText()).replace(/\s+/g, ' ');
      log(`notification: ${said}`);
      assert.match(said, /deploy\/production\/web\.yaml/);
      const deadline = Date.now() + 10_000;
      while (!/^ {2}replicas: 2$/m.test(readFileSync(path.join(workspaceDir, file), 'utf8')) && Date.now() < deadline) await page.waitForTimeout(100);
      assert.match(readFileSync(path.join(workspaceDir, file), 'utf8'), /^ {2}replicas: 2$/m, 'the live value is in the file, saved');
      // Once production is inspected with the saved file, only the image drifts.
      await page.locator('.editor-instance .monaco-editor .codelens-decoration').filter({ hasText: 'production · live: modified (1 field)' }).waitFor({ timeout: 30_000 });
      await screenshot('editor-drift-adopted');
    },
  },
  {
    name: 'sync-environment',
    title: 'Sync Environment on production: the plan in the confirmation dialog, prune asked separately, then the tree shows it in sync at the applied commit',
    workspace: 'environments',
    emulator: 'own',
    async run({ workbench, screenshot, log }) {
      const { page } = workbench;
      await workbench.openGitOpsView();
      await workbench.setSidebarWidth(520);
      await workbench.waitForTreeRows((all) => hasRow(all, 'production', /^push · Ready/) && hasRow(all, '1 modified, 1 missing, 1 extra'), 'production with its drift');
      const plan = page.locator('.monaco-dialog-box').filter({ hasText: /Sync production to/ });
      const previewing = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /Previewing the sync/ });
      await workbench.clickInlineAction(workbench.treeRow('production'), 'Sync Environment', { until: plan.or(previewing).first() });
      await plan.waitFor({ timeout: 30_000 });
      // The progress notification of the dry-run closes once the plan is there.
      await previewing.waitFor({ state: 'hidden', timeout: 10_000 });
      const planText = (await plan.innerText()).replace(/[ \t\u00a0]+/g, ' ');
      log(`plan dialog:\n${planText}`);
      assert.match(planText, /Sync production to [0-9a-f]{7} \(main\) by server-side apply\?/);
      assert.match(planText, /Create 1:/);
      assert.match(planText, /Update 1:/);
      assert.match(planText, /spec\.replicas: 2 → 3/);
      assert.match(planText, /Prune 1 — only if you choose to, next:/);
      await screenshot('sync-environment-plan');
      await screenshot('walkthrough-sync', { x: 46, y: 36, width: 940, height: 690 });
      await plan.getByRole('button', { name: 'Sync', exact: true }).click();
      const prune = page.locator('.monaco-dialog-box').filter({ hasText: /Also prune 1 object from production\?/ });
      await prune.waitFor({ timeout: 10_000 });
      log(`prune dialog: ${(await prune.innerText()).replace(/\s+/g, ' ')}`);
      await screenshot('sync-environment-prune');
      await prune.getByRole('button', { name: 'Prune', exact: true }).click();
      const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /production: applied 3 objects/ });
      await toast.waitFor({ timeout: 60_000 });
      log(`notification: ${(await toast.innerText()).replace(/\s+/g, ' ')}`);
      const rows = await workbench.waitForTreeRows((all) => {
        const production = rowsOf(all, 'production');
        return hasRow(all, 'production', /^push · Ready · kube-emulator$/) && production.some((row) => row.label === 'In sync') && production.some((row) => row.label === 'No commits pending');
      }, 'production Ready, in sync, with nothing pending', 30_000);
      log(`after the sync:\n${describeTreeRows(rows)}`);
      assert.ok(rowsOf(rows, 'production').some((row) => /^[0-9a-f]{7} Scale production web to 3 replicas$/.test(row.label)), 'reconciled at the applied commit');
      await page.locator('.notifications-toasts .notification-toast').filter({ hasText: /Syncing production/ }).waitFor({ state: 'hidden', timeout: 10_000 });
      await page.mouse.move(0, 0);
      await screenshot('sync-environment-result');
    },
  },
  {
    name: 'walkthrough',
    title: 'the "Get started with GitOps Workbench" walkthrough: its steps, a button that opens the Environments view, the step images',
    workspace: 'environments',
    async run({ workbench, log }) {
      const { page } = workbench;
      await workbench.runCommand('Welcome: Open Walkthrough...', 20_000, { asks: true });
      await workbench.chooseQuickPick(/^Get started with GitOps Workbench$/);
      const steps = page.locator('.gettingStartedContainer .getting-started-step .step-title');
      await steps.first().waitFor({ timeout: 20_000 });
      const titles = (await steps.allInnerTexts()).map((title) => title.trim());
      log(`steps: ${titles.join(' | ')}`);
      assert.deepEqual(titles, ['Validate as you type', 'See your environments', 'Preview a diff, adopt a hotfix', 'Sync and revert the GitOps way']);
      await steps.nth(1).click();
      const button = page.locator('.gettingStartedContainer .getting-started-step.expanded').getByRole('button', { name: 'Open the Environments View' });
      await button.waitFor({ timeout: 10_000 });
      const image = page.locator('.gettingStartedContainer .getting-started-media img').first();
      await image.waitFor({ timeout: 10_000 });
      const loaded = await image.evaluate(async (element) => {
        const img = element as unknown as { complete: boolean; naturalWidth: number; decode(): Promise<void>; getAttribute(name: string): string | null };
        await img.decode().catch(() => undefined);
        return { width: img.naturalWidth, alt: img.getAttribute('alt') ?? '' };
      });
      log(`step image: ${loaded.width} px wide, alt "${loaded.alt}"`);
      assert.ok(loaded.width > 0, 'the step image loads');
      assert.match(loaded.alt, /Environments view/);
      await button.click();
      await page.locator('.part.sidebar .composite.title h2').filter({ hasText: /GitOps/i }).waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'cluster-unreachable',
    title: 'a cluster that stops answering: the "cluster unreachable" welcome with the error and Select Kube Context; then it recovers',
    workspace: 'environments',
    async run({ workbench, workspaceDir, kubeconfig, screenshot, log }) {
      const { page } = workbench;
      await workbench.openGitOpsView();
      await workbench.setSidebarWidth(520);
      await workbench.waitForTreeRows((all) => hasRow(all, 'staging', /Ready/), 'staging inspected');
      // The workspace now points at a kubeconfig whose server is a closed port, as when a cluster goes away.
      const settingsDir = path.join(workspaceDir, '.vscode');
      mkdirSync(settingsDir, { recursive: true });
      writeFileSync(path.join(settingsDir, 'dead-kubeconfig'), readFileSync(kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/g, 'server: https://127.0.0.1:9'), { mode: 0o600 });
      writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'gitopsWorkbench.kubeconfig': ['.vscode/dead-kubeconfig'] }));
      const welcome = page.locator('.part.sidebar .welcome-view-content').filter({ hasText: /The cluster does not answer/ });
      await welcome.waitFor({ timeout: 60_000 });
      log(`welcome: ${(await welcome.innerText()).replace(/\s+/g, ' ')}`);
      const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /no environment could reach its cluster/ });
      await toast.waitFor({ timeout: 10_000 });
      const toastText = (await toast.innerText()).replace(/\s+/g, ' ');
      log(`notification: ${toastText}`);
      assert.match(toastText, /kube-emulator \(https:\/\/127\.0\.0\.1:9\): .*connection refused/, 'the notification carries the error');
      assert.ok(await welcome.getByRole('button', { name: 'Select Kube Context' }).isVisible(), 'a Select Kube Context button');
      await screenshot('cluster-unreachable-welcome');
      await welcome.getByRole('button', { name: 'Select Kube Context' }).click();
      const contexts = await workbench.quickPickLabels(20_000);
      log(`contexts offered: ${contexts.join(' | ')}`);
      assert.ok(contexts.some((label) => /kube-emulator$/.test(label)), 'the kubeconfig\'s contexts are offered');
      await page.keyboard.press('Escape');
      // The cluster is back: the view lists the environments again.
      rmSync(path.join(settingsDir, 'settings.json'));
      const rows = await workbench.waitForTreeRows((all) => hasRow(all, 'staging', /Ready/) && hasRow(all, 'production', /Ready/), 'the environments back after the cluster answers again');
      log(`recovered:\n${describeTreeRows(rows.filter((row) => row.level === 1))}`);
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'restricted-mode',
    title: 'in Restricted Mode the Environments view says why it is empty; validation still works',
    workspace: 'environments',
    trust: 'restricted',
    async run({ workbench, log }) {
      const { page } = workbench;
      await workbench.openGitOpsView();
      const welcome = page.locator('.part.sidebar .welcome-view-content').filter({ hasText: /Restricted Mode/ });
      await welcome.waitFor({ timeout: 30_000 });
      const text = (await welcome.innerText()).replace(/\s+/g, ' ');
      log(`welcome: ${text}`);
      assert.match(text, /runs no binary \(kustomize, helm, kubeconfig exec credential plugins\) and contacts no cluster/);
      assert.ok(await welcome.getByRole('button', { name: 'Manage Workspace Trust' }).isVisible(), 'a button to trust the workspace');
      assert.deepEqual(await workbench.treeRows(), [], 'no environment rows: nothing was inspected');
      await workbench.openFile(brokenFile);
      const rows = await workbench.waitForProblems((all) => all.some((row) => isUnknownReplica(row.message)), 'the schema problem (validation works in Restricted Mode)');
      log(`Problems panel:\n${describeProblems(rows)}`);
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

/** rowsOf are the rows under the top-level row `label` (its subtree, as rendered). */
function rowsOf(rows: TreeRow[], label: string): TreeRow[] {
  const start = rows.findIndex((row) => row.level === 1 && row.label === label);
  if (start < 0) return [];
  const end = rows.findIndex((row, index) => index > start && row.level === 1);
  return rows.slice(start + 1, end < 0 ? rows.length : end);
}

function hasRow(rows: TreeRow[], label: string, description?: RegExp): boolean {
  return rows.some((row) => row.label === label && (!description || description.test(row.description)));
}

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
