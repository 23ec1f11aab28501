import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startGitHttpServer } from '../../support/gitHttpServer';
import {
  closeAllEditors,
  environmentNamed,
  environmentsFixture,
  extension,
  outputChannelLogFile,
  requestScreenshot,
  settled,
  waitForModel,
  workbenchTesting,
  workspaceFile,
  type TestEnvironment,
  type WorkbenchTesting,
} from '../../support/vscode/extensionHost';

interface Row {
  node: unknown;
  label: string;
  description: string;
  contextValue?: string;
  icon?: string;
  item: vscode.TreeItem;
}

/** rows reads the rows under a node of the Environments view as VS Code would render them. */
async function rows(testing: WorkbenchTesting, parent?: unknown): Promise<Row[]> {
  const children = ((await testing.tree.getChildren(parent)) ?? []) as unknown[];
  return Promise.all(
    children.map(async (node) => {
      const item = await testing.tree.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      return { node, item, label, description: typeof item.description === 'string' ? item.description : '', contextValue: item.contextValue, icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined };
    }),
  );
}

async function row(testing: WorkbenchTesting, parent: unknown, match: RegExp | string): Promise<Row> {
  const all = await rows(testing, parent);
  const found = all.find((candidate) => (typeof match === 'string' ? candidate.label === match : match.test(candidate.label)));
  assert.ok(found, `no row ${match} among: ${all.map((candidate) => `"${candidate.label}" (${candidate.description})`).join(', ')}`);
  return found;
}

const short = (sha: string): string => sha.slice(0, 7);


function run(command: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8', cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' } }, (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout.trim())));
  });
}

function kubectl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', ['--kubeconfig', environmentsFixture!.kubeconfig, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout)));
  });
}

suite('Environments view and commands (environments fixture, kube emulator)', function () {
  let testing: WorkbenchTesting;

  suiteSetup(async function () {
    if (!environmentsFixture) {
      // Only the code-server runner prepares the git repository and the emulator.
      this.skip();
    }
    testing = await workbenchTesting();
    await testing.model.ready();
    await waitForModel(testing, () => testing.model.environments.length === 2 && testing.model.environments.every(settled), 'both environments inspected', 60_000);
  });
  suiteTeardown(closeAllEditors);

  test('the tree shows the fixture\'s environments with their reconciler, readiness and context', async () => {
    await vscode.commands.executeCommand('gitopsWorkbench.environments.focus');
    const top = await rows(testing);
    assert.deepEqual(top.map((candidate) => candidate.label), ['staging', 'production']);
    const [staging, production] = top;
    assert.equal(staging.description, 'push · Ready · kube-emulator');
    assert.equal(staging.icon, 'pass-filled', 'staging is in sync: a green check');
    assert.equal(production.description, 'push · Ready · kube-emulator');
    assert.equal(production.icon, 'warning', 'production has drift: a warning');
    assert.match(staging.contextValue ?? '', /^gitops\.environment/);
    assert.equal(testing.model.viewState, 'ready');
    await requestScreenshot('suite-environments-tree');
  });

  test('staging: reconciled at its latest commit, nothing pending, in sync', async () => {
    const { commits } = environmentsFixture!;
    const staging = (await rows(testing))[0].node;
    const reconciled = await row(testing, staging, new RegExp(`^${short(commits.stagingLogLevel)} `));
    assert.equal(reconciled.label, `${short(commits.stagingLogLevel)} Set staging log level to debug`);
    assert.match(reconciled.description, /^reconciled · \d+ hours? ago$|^reconciled · yesterday$/);
    await row(testing, staging, 'No commits pending');
    const drift = await row(testing, staging, 'In sync');
    assert.equal(drift.description, '3 objects');
  });

  test('production: pending commit, drift summary, resources by kind, drifted fields', async () => {
    const { commits } = environmentsFixture!;
    const production = (await rows(testing))[1].node;
    await row(testing, production, `${short(commits.initial)} Add staging and production`);
    const pending = await row(testing, production, '1 commit pending');
    const pendingCommits = await rows(testing, pending.node);
    assert.deepEqual(pendingCommits.map((candidate) => candidate.label), [`${short(commits.productionScale)} Scale production web to 3 replicas`]);
    assert.equal(pendingCommits[0].contextValue, 'gitops.pendingCommit');

    const drift = await row(testing, production, '1 modified, 1 missing, 1 extra');
    assert.equal(drift.description, '1 in sync');
    const kinds = await rows(testing, drift.node);
    assert.deepEqual(kinds.map((candidate) => `${candidate.label}: ${candidate.description}`), ['Deployment: 1 modified', 'ConfigMap: 1 missing, 1 extra', 'Service: 1 in sync']);
    const configMaps = await rows(testing, kinds[1].node);
    assert.deepEqual(configMaps.map((candidate) => `${candidate.label} ${candidate.description} ${candidate.icon}`), ['web-settings missing · shop-production diff-removed', 'debug-flags extra · shop-production diff-added']);
    const deployment = (await rows(testing, kinds[0].node))[0];
    assert.equal(deployment.label, 'web');
    assert.equal(deployment.description, 'modified · shop-production');
    assert.match(deployment.contextValue ?? '', /^gitops\.resource\.modified\.located$/);
    const fields = await rows(testing, deployment.node);
    const fieldLines = fields.map((candidate) => `${candidate.label}: ${candidate.description}`);
    assert.ok(fieldLines.includes('spec.replicas: 3 → 2'), `fields: ${fieldLines.join(' | ')}`);
    assert.ok(fieldLines.some((line) => /image: nginx:1\.27\.3 → nginx:1\.27\.4$/.test(line)), `fields: ${fieldLines.join(' | ')}`);
  });

  test('clicking a resource opens its source file at the object', async () => {
    const production = (await rows(testing))[1].node;
    const drift = await row(testing, production, /modified/);
    const service = (await rows(testing, (await row(testing, drift.node, 'Service')).node))[0];
    assert.equal(service.item.command?.command, 'gitopsWorkbench.openResource');
    await vscode.commands.executeCommand(service.item.command!.command, ...(service.item.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor opened');
    assert.equal(editor.document.uri.fsPath, workspaceFile('deploy/production/web.yaml').fsPath);
    const line = editor.document.lineAt(editor.selection.active.line).text;
    const expected = editor.document.getText().split('\n').findIndex((text, index, all) => text === 'kind: Service' || (text === 'apiVersion: v1' && all[index + 1] === 'kind: Service'));
    assert.ok(Math.abs(editor.selection.active.line - expected) <= 1, `the cursor is at the Service (line ${editor.selection.active.line + 1}: "${line}")`);
  });

  test('Preview Diff opens a diff editor between gitops-desired: and gitops-live: documents', async () => {
    const production = (await rows(testing))[1].node;
    const drift = await row(testing, production, /modified/);
    const deployment = (await rows(testing, (await row(testing, drift.node, 'Deployment')).node))[0];
    const opened = (await vscode.commands.executeCommand('gitopsWorkbench.previewDiff', deployment.node)) as { left: vscode.Uri; right: vscode.Uri; title: string };
    assert.equal(opened.title, 'Deployment/web (desired ↔ live)');
    assert.equal(opened.left.scheme, 'gitops-desired');
    assert.equal(opened.right.scheme, 'gitops-live');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is a diff editor (${tab?.label})`);
    assert.equal(tab.label, 'Deployment/web (desired ↔ live)');
    assert.equal(tab.input.original.scheme, 'gitops-desired');
    assert.equal(tab.input.modified.scheme, 'gitops-live');
    const desired = await vscode.workspace.openTextDocument(opened.left);
    const live = await vscode.workspace.openTextDocument(opened.right);
    assert.match(desired.getText(), /replicas: 3/);
    assert.match(desired.getText(), /image: nginx:1\.27\.3/);
    assert.match(live.getText(), /replicas: 2/);
    assert.match(live.getText(), /image: nginx:1\.27\.4/);
    assert.doesNotMatch(live.getText(), /managedFields|resourceVersion|uid:/, 'server noise is left out');
    await requestScreenshot('suite-environments-diff');

    const whole = (await vscode.commands.executeCommand('gitopsWorkbench.previewDiff', drift.node)) as { left: vscode.Uri; title: string };
    assert.equal(whole.title, 'production (desired ↔ live)');
    const all = await vscode.workspace.openTextDocument(whole.left);
    assert.match(all.getText(), /name: web-settings/);
    await closeAllEditors();
  });

  test('Copy Live YAML puts the live object on the clipboard', async () => {
    const production = (await rows(testing))[1].node;
    const drift = await row(testing, production, /modified/);
    const deployment = (await rows(testing, (await row(testing, drift.node, 'Deployment')).node))[0];
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('gitopsWorkbench.copyLiveYaml', deployment.node);
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /kind: Deployment/);
    assert.match(copied, /image: nginx:1\.27\.4/);
  });

  test('Open Reconciled Commit shows the commit production runs', async () => {
    const production = (await rows(testing))[1].node;
    const opened = (await vscode.commands.executeCommand('gitopsWorkbench.openReconciledCommit', production)) as { sha: string; opened: boolean };
    assert.equal(opened.sha, environmentsFixture!.commits.initial);
    await closeAllEditors();
  });

  test('Show Commit Changes opens the pending commit\'s change to the environment', async () => {
    const production = (await rows(testing))[1].node;
    const pending = await row(testing, production, /pending$/);
    const commit = (await rows(testing, pending.node))[0];
    assert.equal(commit.item.command?.command, 'gitopsWorkbench.showCommitChanges');
    const shown = (await vscode.commands.executeCommand('gitopsWorkbench.showCommitChanges', commit.node)) as { files: string[]; mode: string };
    assert.deepEqual(shown.files, ['deploy/production/web.yaml']);
    assert.equal(shown.mode, 'diff', 'the Git extension is there: the change opens in the multi-file diff editor');
    await requestScreenshot('suite-environments-commit');
    await closeAllEditors();
  });

  test('the status bar shows the context and the drift of the active file\'s environment', async () => {
    await vscode.window.showTextDocument(workspaceFile('deploy/production/settings.yaml'));
    assert.equal(testing.statusBarText(), '$(server-environment) kube-emulator $(warning) production: 3 drifted');
    await vscode.window.showTextDocument(workspaceFile('deploy/staging/settings.yaml'));
    assert.equal(testing.statusBarText(), '$(server-environment) kube-emulator $(pass) staging');
    await closeAllEditors();
  });

  test('clicking the status bar reveals and selects the active file\'s environment in the view', async () => {
    for (const name of ['production', 'staging']) {
      await vscode.window.showTextDocument(workspaceFile(`deploy/${name}/settings.yaml`));
      const command = testing.statusBarCommand();
      assert.ok(command, 'the status bar item has a command');
      assert.equal(command.command, 'gitopsWorkbench.revealEnvironment');
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      const deadline = Date.now() + 10_000;
      const selected = () => testing.treeSelection().map((node) => (node as { type: string; entry?: TestEnvironment }).type === 'environment' ? (node as { entry: TestEnvironment }).entry.environment.name : `(${(node as { type: string }).type})`);
      while (selected()[0] !== name && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(selected(), [name], `the ${name} row is selected`);
    }
    await closeAllEditors();
  });

  test('Select Kube Context lists the kubeconfig\'s contexts and remembers the choice', async () => {
    let offered: string[] = [];
    const answers = testing.answerPrompts({
      quickPick: async (items) => {
        const all = (await items) as unknown as (vscode.QuickPickItem & { context?: string })[];
        offered = all.filter((item) => item.kind !== vscode.QuickPickItemKind.Separator).map((item) => item.context ?? '(default)');
        return all.find((item) => item.context === 'kube-emulator') as never;
      },
    });
    try {
      const chosen = await vscode.commands.executeCommand('gitopsWorkbench.selectContext');
      assert.equal(chosen, 'kube-emulator');
    } finally {
      answers.dispose();
    }
    assert.deepEqual(offered, ['(default)', 'kube-emulator', 'kube-emulator-reader']);
    await waitForModel(testing, () => testing.model.environments.every(settled), 'the environments inspected with the chosen context');
    assert.equal(environmentNamed(testing, 'staging').status?.cluster.context, 'kube-emulator');
    // Back to the default for the next tests.
    const reset = testing.answerPrompts({ quickPick: async (items) => ((await items) as unknown as (vscode.QuickPickItem & { context?: string })[])[0] as never });
    try {
      assert.equal(await vscode.commands.executeCommand('gitopsWorkbench.selectContext'), '');
    } finally {
      reset.dispose();
    }
    await waitForModel(testing, () => testing.model.environments.every(settled), 'the environments inspected again');
  });

  test('an unreachable cluster shows as such, with the error, and recovers on refresh', async () => {
    const dead = path.join(os.tmpdir(), `gitops-workbench-dead-kubeconfig-${process.pid}`);
    const config = readFileSync(environmentsFixture!.kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/g, 'server: https://127.0.0.1:9');
    writeFileSync(dead, config, { mode: 0o600 });
    const settings = vscode.workspace.getConfiguration('gitopsWorkbench');
    await settings.update('kubeconfig', [dead], vscode.ConfigurationTarget.Workspace);
    try {
      await waitForModel(testing, () => testing.model.viewState === 'clusterUnreachable', 'the view to say the cluster is unreachable', 60_000);
      const staging = environmentNamed(testing, 'staging');
      assert.equal(staging.status?.cluster.state, 'unreachable');
      assert.match(testing.model.viewDescription ?? '', /^kube-emulator \(https:\/\/127\.0\.0\.1:9\): .*connection refused/, 'the error shows next to the view\'s title');
      assert.deepEqual(await rows(testing), [], 'the view shows its "cluster unreachable" welcome content instead of rows');
      await vscode.commands.executeCommand('gitopsWorkbench.environments.focus');
      // The workbench renders the welcome content a moment after the tree empties; this pause is
      // for the picture only (the assertions above already hold).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await requestScreenshot('suite-environments-unreachable');
    } finally {
      await settings.update('kubeconfig', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await vscode.commands.executeCommand('gitopsWorkbench.refresh');
    await waitForModel(testing, () => testing.model.viewState === 'ready' && testing.model.environments.every((entry) => settled(entry) && entry.status?.cluster.state === 'connected'), 'the environments back, connected', 60_000);
  });

  test('a live change to an object refreshes its environment (watch → gitops/environmentChanged, debounced)', async () => {
    const before = environmentNamed(testing, 'staging');
    assert.equal(before.status?.drift.counts.modified, 0);
    await kubectl(['-n', 'shop-staging', 'patch', 'deployment', 'web', '--type', 'merge', '-p', '{"spec":{"replicas":4}}']);
    await waitForModel(testing, () => environmentNamed(testing, 'staging').status?.drift.counts.modified === 1 && !environmentNamed(testing, 'staging').loading, 'staging to show the scaled Deployment as modified', 30_000);
    await kubectl(['-n', 'shop-staging', 'patch', 'deployment', 'web', '--type', 'merge', '-p', '{"spec":{"replicas":1}}']);
    await waitForModel(testing, () => environmentNamed(testing, 'staging').status?.drift.counts.modified === 0 && !environmentNamed(testing, 'staging').loading, 'staging in sync again', 30_000);
  });

  test('Revert Commit: preview, confirm, commit; the tree shows the revert as a new pending commit', async () => {
    const { commits } = environmentsFixture!;
    const production = (await rows(testing))[1].node;
    const pending = await row(testing, production, /pending$/);
    const commit = (await rows(testing, pending.node))[0];
    const asked: string[] = [];
    const answers = testing.answerPrompts({
      message: async (severity, message, options, ...items) => {
        asked.push(`${severity}: ${message}${options.detail ? `\n${options.detail}` : ''}`);
        return options.modal ? items[0] : undefined;
      },
    });
    let result: { commit: string; reverted: string; files: string[]; push?: unknown } | undefined;
    try {
      result = (await vscode.commands.executeCommand('gitopsWorkbench.revertCommit', commit.node)) as typeof result;
    } finally {
      answers.dispose();
    }
    assert.ok(result, `the revert ran; the prompts were:\n${asked.join('\n')}`);
    assert.equal(result.reverted, commits.productionScale);
    assert.deepEqual(result.files, ['deploy/production/web.yaml']);
    assert.equal(result.push, undefined, 'not pushed: gitopsWorkbench.git.pushAfterCommit is off');
    assert.match(asked[0], /^warning: Revert [0-9a-f]{7} "Scale production web to 3 replicas" in production\?/);
    assert.match(asked[0], /M deploy\/production\/web\.yaml/);
    assert.match(readFileSync(workspaceFile('deploy/production/web.yaml').fsPath, 'utf8'), /replicas: 2/);
    await waitForModel(testing, () => environmentNamed(testing, 'production').status?.pending.count === 2 && !environmentNamed(testing, 'production').loading, 'production with two pending commits');
    const after = await rows(testing, (await row(testing, (await rows(testing))[1].node, '2 commits pending')).node);
    assert.equal(after[0].label, `${short(result.commit)} Revert "Scale production web to 3 replicas"`);
    await requestScreenshot('suite-environments-reverted');
  });

  test('Roll Back Environment: pick a commit, confirm, one commit restores its content', async () => {
    const { commits } = environmentsFixture!;
    const staging = (await rows(testing))[0].node;
    const answers = testing.answerPrompts({
      quickPick: async (items) => ((await items) as unknown as (vscode.QuickPickItem & { commit?: { sha: string } })[]).find((item) => item.commit?.sha === commits.initial) as never,
      message: async (_severity, _message, options, ...items) => (options.modal ? items[0] : undefined),
    });
    let result: { commit: string; target: string; files: string[] } | undefined;
    try {
      result = (await vscode.commands.executeCommand('gitopsWorkbench.rollbackEnvironment', staging)) as typeof result;
    } finally {
      answers.dispose();
    }
    assert.ok(result, 'the rollback ran');
    assert.equal(result.target, commits.initial);
    assert.deepEqual(result.files, ['deploy/staging/settings.yaml']);
    assert.match(readFileSync(workspaceFile('deploy/staging/settings.yaml').fsPath, 'utf8'), /LOG_LEVEL: info/);
    await waitForModel(testing, () => environmentNamed(testing, 'staging').status?.pending.count === 1 && !environmentNamed(testing, 'staging').loading, 'staging with the rollback pending');
  });

  test('push after commit: a push that needs credentials keeps the commit; the credentials typed push it (gitops/push), remembered only when the user agrees', async () => {
    const { commits } = environmentsFixture!;
    const root = workspaceFile('').fsPath;
    const server = await startGitHttpServer({ username: 'tester', password: 's3cret-token' });
    const settings = vscode.workspace.getConfiguration('gitopsWorkbench');
    try {
      const remote = server.createBareRepo('shop');
      const basic = Buffer.from('tester:s3cret-token').toString('base64');
      await run('git', ['remote', 'add', 'origin', remote.url], root);
      await run('git', ['-c', `http.extraHeader=Authorization: Basic ${basic}`, 'push', '--quiet', '--set-upstream', 'origin', 'main'], root);
      await settings.update('git.pushAfterCommit', true, vscode.ConfigurationTarget.Workspace);
      // The protocol trace writes requests' params to the log: credentials must stay out of it.
      await settings.update('trace.server', 'verbose', vscode.ConfigurationTarget.Workspace);

      // 1. Revert staging's rollback: committed, the push refused for want of credentials; the
      //    user types them, the kept commit is pushed as it is, and they agree to remember them.
      const staging = (await rows(testing))[0].node;
      const pending = await row(testing, staging, /pending$/);
      const rollbackCommit = (await rows(testing, pending.node))[0];
      const asked: string[] = [];
      let pushed!: () => void;
      const pushedShown = new Promise<void>((resolve) => (pushed = resolve));
      const answers = testing.answerPrompts({
        message: async (severity, message, options, ...items) => {
          asked.push(`${severity}: ${message} [${items.join(', ')}]`);
          if (options.modal) return items[0];
          if (items.includes('Enter Credentials and Push…')) return 'Enter Credentials and Push…';
          if (items.includes('Remember')) {
            pushed();
            return 'Remember';
          }
          return undefined;
        },
        inputBox: async (options) => {
          asked.push(`input: ${options.title} (password: ${options.password === true})`);
          return options.password ? 's3cret-token' : 'tester';
        },
      });
      let reverted: { commit: string; push?: { ok: boolean; code?: string } } | undefined;
      try {
        reverted = (await vscode.commands.executeCommand('gitopsWorkbench.revertCommit', rollbackCommit.node)) as typeof reverted;
        await pushedShown;
      } finally {
        answers.dispose();
      }
      assert.ok(reverted, `the revert ran; prompts:\n${asked.join('\n')}`);
      assert.deepEqual({ ok: reverted.push?.ok, code: reverted.push?.code }, { ok: false, code: 'Authentication' });
      assert.equal(await run('git', ['rev-parse', 'HEAD'], root), reverted.commit, 'the commit is kept (not made again)');
      assert.equal(await run('git', ['--git-dir', remote.gitdir, 'rev-parse', 'main']), reverted.commit, 'the typed credentials pushed it');
      assert.ok(asked.includes('input: Push credentials (1/2) (password: false)') && asked.includes('input: Push credentials (2/2) (password: true)'), `a username and a masked password prompt; prompts:\n${asked.join('\n')}`);
      assert.ok(asked.some((line) => /^info: Pushed to origin \(main\)\. Remember these credentials/.test(line)), `the outcome is shown; prompts:\n${asked.join('\n')}`);

      // 2. The next commit pushes with the remembered credentials (SecretStorage), asking nothing.
      const again: string[] = [];
      const next = testing.answerPrompts({
        quickPick: async (items) => ((await items) as unknown as (vscode.QuickPickItem & { commit?: { sha: string } })[]).find((item) => item.commit?.sha === commits.initial) as never,
        message: async (severity, message, options, ...items) => {
          again.push(`${severity}: ${message}`);
          return options.modal ? items[0] : undefined;
        },
        inputBox: async (options) => {
          again.push(`input: ${options.title}`);
          return undefined;
        },
      });
      let rolledBack: { commit: string; push?: { ok: boolean } } | undefined;
      try {
        rolledBack = (await vscode.commands.executeCommand('gitopsWorkbench.rollbackEnvironment', (await rows(testing))[0].node)) as typeof rolledBack;
      } finally {
        next.dispose();
      }
      assert.ok(rolledBack, 'the rollback ran');
      assert.equal(rolledBack.push?.ok, true, `pushed: ${JSON.stringify(rolledBack.push)}`);
      assert.equal(await run('git', ['--git-dir', remote.gitdir, 'rev-parse', 'main']), rolledBack.commit, 'the remote has the new commit');
      assert.ok(!again.some((line) => line.startsWith('input:')), `no credential prompt; prompts:\n${again.join('\n')}`);

      // 3. Forgotten: the next push asks again (the user gives up).
      const forget = testing.answerPrompts({ message: async () => undefined });
      try {
        assert.deepEqual(await vscode.commands.executeCommand('gitopsWorkbench.forgetPushCredentials'), [root]);
      } finally {
        forget.dispose();
      }
      const last: string[] = [];
      const giveUp = testing.answerPrompts({
        message: async (severity, message, _options, ...items) => {
          last.push(`${severity}: ${message} [${items.join(', ')}]`);
          return undefined;
        },
      });
      let outcome: { ok: boolean; code?: string } | undefined;
      try {
        outcome = (await vscode.commands.executeCommand('gitopsWorkbench.pushBranch')) as typeof outcome;
      } finally {
        giveUp.dispose();
      }
      assert.deepEqual({ ok: outcome?.ok, code: outcome?.code }, { ok: false, code: 'Authentication' });
      assert.match(last[0] ?? '', /^warning: The push needs credentials: .* \[Enter Credentials and Push…\]$/);

      const log = outputChannelLogFile();
      assert.ok(log, 'the output channel has a log file');
      const logged = readFileSync(log, 'utf8');
      assert.match(logged, /Sending request 'gitops\/[A-Za-z]+ - \(\d+\)'\.\s+Params: \{/, 'the verbose protocol trace was on');
      assert.equal(logged.includes('s3cret-token'), false, 'the password is never logged, not even by the protocol trace');
    } finally {
      await settings.update('trace.server', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('git.pushAfterCommit', undefined, vscode.ConfigurationTarget.Workspace);
      await server.stop();
    }
  });

  test('every contributed command is registered', async () => {
    const contributed = ((extension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands ?? []).map((entry) => entry.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });
});
