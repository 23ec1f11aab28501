import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import {
  environmentNamed,
  environmentsFixture,
  requestScreenshot,
  settled,
  waitForModel,
  waitForOutputLine,
  workbenchTesting,
  type TestEnvironment,
  type WorkbenchTesting,
} from '../../support/vscode/extensionHost';

// GitOps: Sync Environment on production, against the runner's second emulator (the shared one
// keeps its drift for the other suites and scenarios): the workspace setting points the extension
// at it for this suite only. Production there runs commit 1 with web scaled to 2 on nginx:1.27.4,
// web-settings deleted, and debug-flags that an earlier sync applied and Git no longer has.

interface SyncRun {
  plan: {
    reconciler: string;
    head?: string;
    blockers: unknown[];
    push?: Record<'creates' | 'updates' | 'unchanged' | 'prunes' | 'kept', { kind: string; namespace?: string; name: string; fields?: { path: string; desired?: unknown; live?: unknown }[] }[]>;
  };
  prune: boolean;
  result?: { outcome: string; message: string; applied?: { kind: string; name: string; action: string }[]; pruned?: { kind: string; name: string }[]; failures?: unknown[] };
}



function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout.trim())));
  });
}

/** counts reads a drift count per status (0 when absent). */
function counts(entry: TestEnvironment): Record<string, number> {
  const all = entry.status?.drift.counts ?? {};
  return Object.fromEntries(['in-sync', 'modified', 'missing', 'extra', 'unknown'].map((status) => [status, (all as Record<string, number>)[status] ?? 0]));
}

const names = (objects: { kind: string; name: string }[] | undefined): string[] => (objects ?? []).map((object) => `${object.kind}/${object.name}`);

suite('Sync Environment (environments fixture, its own kube emulator)', function () {
  let testing: WorkbenchTesting;
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('gitopsWorkbench');
  const onSyncCluster = (entry: TestEnvironment): boolean => settled(entry) && entry.status?.cluster.server === environmentsFixture?.syncEmulator;

  /**
   * syncProduction runs Sync Environment on production, confirming the plan and answering the prune
   * question with `pruneAnswer`; `asked` has every message shown (with its detail).
   */
  const syncProduction = async (pruneAnswer: 'Prune' | "Don't Prune"): Promise<{ run: SyncRun | undefined; asked: string[] }> => {
    const asked: string[] = [];
    const answers = testing.answerPrompts({
      message: async (severity, message, options, ...items) => {
        // The dialogs indent with no-break spaces (a dialog collapses ordinary ones).
        asked.push(`${severity}${options.modal ? ' (modal)' : ''}: ${message}${options.detail ? `\n${options.detail.replace(/\u00a0/g, ' ')}` : ''} [${items.join(', ')}]`);
        if (message.startsWith('Sync production')) return 'Sync';
        if (message.startsWith('Also prune')) return pruneAnswer;
        return undefined;
      },
    });
    try {
      return { run: (await vscode.commands.executeCommand('gitopsWorkbench.syncEnvironment', { type: 'environment', entry: environmentNamed(testing, 'production') })) as SyncRun | undefined, asked };
    } finally {
      answers.dispose();
    }
  };

  suiteSetup(async function () {
    if (!environmentsFixture?.syncKubeconfig) this.skip();
    testing = await workbenchTesting();
    await testing.model.ready();
    await settings().update('kubeconfig', [environmentsFixture!.syncKubeconfig], vscode.ConfigurationTarget.Workspace);
    await waitForModel(testing, () => testing.model.environments.length === 2 && testing.model.environments.every(onSyncCluster), 'both environments inspected on the sync emulator', 60_000);
  });

  suiteTeardown(async () => {
    if (!testing) return;
    await settings().update('kubeconfig', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForModel(
      testing,
      () => testing.model.environments.every((entry) => settled(entry) && entry.status?.cluster.server === environmentsFixture!.emulator) && (environmentNamed(testing, 'production').status?.drift.counts.modified ?? 0) === 1,
      'the environments back on the shared emulator, production drifting',
      60_000,
    );
  });

  test('the plan of production lists exactly the expected create, update and prune; declining prune applies the rest', async () => {
    const { commits } = environmentsFixture!;
    const { run, asked } = await syncProduction("Don't Prune");
    assert.ok(run?.plan.push, `a push plan; the prompts were:\n${asked.join('\n')}`);
    const { push } = run.plan;
    assert.equal(run.plan.head, commits.productionScale);
    assert.deepEqual(run.plan.blockers, []);
    assert.deepEqual(names(push.creates), ['ConfigMap/web-settings']);
    assert.deepEqual(
      push.updates.map((object) => ({ object: `${object.kind}/${object.name}`, fields: object.fields })),
      [{ object: 'Deployment/web', fields: [{ path: 'spec.replicas', desired: 3, live: 2 }, { path: 'spec.template.spec.containers[name=web].image', desired: 'nginx:1.27.3', live: 'nginx:1.27.4' }] }],
    );
    assert.deepEqual(names(push.unchanged), ['Service/web']);
    assert.deepEqual(names(push.prunes), ['ConfigMap/debug-flags']);

    const [confirm, prune] = asked;
    assert.match(confirm, /^warning \(modal\): Sync production to [0-9a-f]{7} \(main\) by server-side apply\?/);
    assert.match(confirm, /Create 1:\n {2}\+ ConfigMap shop-production\/web-settings/);
    assert.match(confirm, /Update 1:\n {2}~ Deployment shop-production\/web\n {6}spec\.replicas: 2 → 3\n {6}spec\.template\.spec\.containers\[name=web\]\.image: nginx:1\.27\.4 → nginx:1\.27\.3/);
    assert.match(confirm, /Prune 1 — only if you choose to, next:\n {2}- ConfigMap shop-production\/debug-flags/);
    assert.match(prune, /^warning \(modal\): Also prune 1 object from production\?/);
    assert.match(prune, /\[Don't Prune, Prune\]$/, 'not pruning is the first (default) button');

    assert.equal(run.prune, false);
    assert.equal(run.result?.outcome, 'succeeded', run.result?.message);
    assert.deepEqual(names(run.result?.pruned), []);
    assert.deepEqual(run.result?.applied?.map((object) => `${object.action} ${object.kind}/${object.name}`).sort(), ['configured Deployment/web', 'configured Service/web', 'created ConfigMap/web-settings'].sort());
    assert.ok(asked.some((line) => /^info: production: applied 3 objects \(1 created, 2 configured, 0 unchanged\); 1 not pruned; .* \[\]$/.test(line)), `the outcome is shown (no failure, so no "Show Log"):\n${asked.join('\n')}`);
    // Progress came through gitops/syncProgress (the command logs each step).
    await waitForOutputLine(/^\[client\] sync production: .*ApplySet parent/);

    const kubeconfig = environmentsFixture!.syncKubeconfig!;
    assert.equal(await kubectl(kubeconfig, ['-n', 'shop-production', 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}']), '3 nginx:1.27.3');
    assert.equal(await kubectl(kubeconfig, ['-n', 'shop-production', 'get', 'configmap', 'debug-flags', '-o', 'name']), 'configmap/debug-flags', 'not pruned');
    const production = environmentNamed(testing, 'production');
    assert.ok(settled(production), 'production was inspected again');
    assert.deepEqual(
      { ...counts(production), revision: production.status?.reconciled.revision, pending: production.status?.pending.count },
      { 'in-sync': 3, modified: 0, missing: 0, extra: 1, unknown: 0, revision: commits.productionScale, pending: 0 },
    );
  });

  test('with prune ticked the extra object is deleted: the tree shows production in sync at the applied commit', async () => {
    const { commits } = environmentsFixture!;
    const { run, asked } = await syncProduction('Prune');
    assert.ok(run?.plan.push, `a push plan; the prompts were:\n${asked.join('\n')}`);
    assert.deepEqual([names(run.plan.push.creates), names(run.plan.push.updates), names(run.plan.push.prunes)], [[], [], ['ConfigMap/debug-flags']]);
    assert.equal(run.prune, true);
    assert.equal(run.result?.outcome, 'succeeded', run.result?.message);
    assert.deepEqual(names(run.result?.pruned), ['ConfigMap/debug-flags']);
    await assert.rejects(kubectl(environmentsFixture!.syncKubeconfig!, ['-n', 'shop-production', 'get', 'configmap', 'debug-flags']), /NotFound|not found/);

    const production = environmentNamed(testing, 'production');
    assert.deepEqual(
      { ...counts(production), source: production.status?.reconciled.source, revision: production.status?.reconciled.revision, ready: production.status?.reconciled.ready, pending: production.status?.pending.count },
      { 'in-sync': 3, modified: 0, missing: 0, extra: 0, unknown: 0, source: 'push', revision: commits.productionScale, ready: true, pending: 0 },
    );
    // What the tree shows for it.
    const node = (await testing.tree.getChildren())?.find((candidate) => (candidate as { entry?: TestEnvironment }).entry === production);
    assert.ok(node, 'the production row');
    const item = await testing.tree.getTreeItem(node);
    assert.equal(item.description, 'push · Ready · kube-emulator');
    assert.equal(item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined, 'pass-filled', 'a green check');
    const labels = await Promise.all(((await testing.tree.getChildren(node)) ?? []).map(async (child) => (await testing.tree.getTreeItem(child)).label));
    assert.deepEqual(labels, [`${commits.productionScale.slice(0, 7)} Scale production web to 3 replicas`, 'No commits pending', 'In sync']);
    await vscode.commands.executeCommand('gitopsWorkbench.environments.focus');
    await requestScreenshot('suite-sync-in-sync');
  });

  test('a third sync finds nothing to do and says so without asking', async () => {
    const asked: string[] = [];
    const answers = testing.answerPrompts({
      message: async (severity, message, options) => {
        asked.push(`${severity}${options.modal ? ' (modal)' : ''}: ${message}`);
        return undefined;
      },
    });
    try {
      const run = (await vscode.commands.executeCommand('gitopsWorkbench.syncEnvironment', { type: 'environment', entry: environmentNamed(testing, 'production') })) as SyncRun | undefined;
      assert.equal(run?.result, undefined, 'nothing was run');
    } finally {
      answers.dispose();
    }
    assert.deepEqual(asked, [`info: production is in sync with ${environmentsFixture!.commits.productionScale.slice(0, 7)}: nothing to apply.`]);
  });
});
