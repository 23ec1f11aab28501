import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Environment } from '../../server/src/engine/environments/Environment';
import { listPendingCommits } from '../../server/src/engine/git/listPendingCommits';
import { openRepository, type GitRepository } from '../../server/src/engine/git/openRepository';
import { readPendingCommits } from '../../server/src/engine/cluster/status/readPendingCommits';
import { buildEnvironmentHistoryRepo, fixtureInputs, git, type GitFixture } from '../support/buildFixtureRepo';

let fixture: GitFixture;
let commits: Record<string, string>;
let repo: GitRepository;
let unmerged: string;

before(() => {
  ({ fixture, commits } = buildEnvironmentHistoryRepo());
  // A commit on a branch that main never merged: a cluster may run it.
  fixture.checkout('hotfix', true);
  unmerged = fixture.commit('staging: hotfix applied from a branch', { 'apps/staging/hotfix.yaml': 'kind: ConfigMap\n' });
  fixture.checkout('main');
  repo = openRepository({ dir: fixture.dir });
});

after(() => repo.dispose());

/** nativeLog is the known truth: `git log --format=%H <from>..main -- <paths>`. */
function nativeLog(from: string, paths: string[]): string[] {
  const out = git(fixture.dir, ['log', '--format=%H', `${from}..main`, '--', ...paths]);
  return out === '' ? [] : out.split('\n');
}

function nativeCount(from: string): number {
  return Number(git(fixture.dir, ['rev-list', '--count', `${from}..main`]));
}

function environment(name: string, paths: string[], inputs: string[]): Environment {
  return { name, source: 'config', paths, inputs, reconciler: 'push', branch: 'main' };
}

const pathSets: Array<[string, string[]]> = [
  ['staging inputs', fixtureInputs.staging],
  ['production inputs', fixtureInputs.production],
  ['base only', ['apps/base']],
  ['a single file', ['apps/staging/settings.yaml']],
  ['docs', ['docs']],
  ['the whole repository', ['.']],
];

test('pending commits equal `git log <reconciled>..main -- <paths>` from every commit of main, in order, and totalBehind equals rev-list --count', async () => {
  const mainCommits = git(fixture.dir, ['rev-list', 'main']).split('\n');
  assert.ok(mainCommits.length > 20, 'the fixture has a real history');
  for (const from of mainCommits) {
    const count = nativeCount(from);
    for (const [name, paths] of pathSets) {
      const result = await listPendingCommits({ repo, revision: from, paths, ref: 'main', limit: 1000 });
      const expected = nativeLog(from, paths);
      assert.deepEqual(result.pending.map((commit) => commit.sha), expected, `${name} since ${from.slice(0, 8)}`);
      assert.equal(result.behind, expected.length, `${name} since ${from.slice(0, 8)}`);
      assert.equal(result.totalBehind, count, `rev-list --count ${from.slice(0, 8)}..main`);
      assert.equal(result.onBranch, true);
    }
  }
});

test('across a merge: the side branch commits that change staging are pending, the merge that only brought them is not, nor is a merged branch that changed nothing of staging', async () => {
  const result = await readPendingCommits({
    repo,
    environment: environment('staging', ['apps/staging'], fixtureInputs.staging),
    reconciled: { source: 'push', revision: commits.docs, ref: 'main' },
    limit: 1000,
  });
  const shas = result.pending.map((commit) => commit.sha);
  assert.ok(shas.includes(commits.featureStaging1) && shas.includes(commits.featureStaging2), 'side branch commits are pending');
  assert.ok(!shas.includes(commits.mergeStaging), 'the merge that only brought them is not');
  assert.ok(shas.includes(commits.mergeBothSides), 'a merge where both sides changed staging is');
  assert.ok(!shas.includes(commits.mergeDocs) && !shas.includes(commits.docsBranch), 'a branch that changed nothing of staging is not');
  assert.ok(!shas.includes(commits.productionTune) && !shas.includes(commits.productionWhileBranch), 'production commits are not');
  assert.ok(shas.includes(commits.octoA) && !shas.includes(commits.octopus), 'a base change through an octopus side counts through the side');
  assert.ok(shas.includes(commits.baseChange), 'a change of a shared input (the base) counts');
  assert.equal(result.behind, shas.length);
  assert.ok(result.totalBehind! > result.behind!, 'commits that change nothing of staging are behind but not pending');
  assert.equal(result.ref, 'refs/heads/main');
  // Each pending commit is described as history describes it: files under the inputs only.
  const feature1 = result.pending.find((commit) => commit.sha === commits.featureStaging1)!;
  assert.deepEqual(feature1.files, ['apps/staging/settings.yaml']);
  assert.equal(feature1.subject, 'staging: feature part 1');
  assert.deepEqual(feature1.parents, [commits.docs]);
});

test('the reconciled commit being the head, or a commit after the last change of the inputs, gives zero pending', async () => {
  const head = git(fixture.dir, ['rev-parse', 'main']);
  const atHead = await listPendingCommits({ repo, revision: head, paths: fixtureInputs.staging, ref: 'main' });
  assert.deepEqual([atHead.behind, atHead.pending, atHead.totalBehind, atHead.onBranch], [0, [], 0, true]);
  const production = await listPendingCommits({ repo, revision: commits.sameDate1, paths: ['apps/production'], ref: 'main' });
  assert.equal(production.behind, 0);
  assert.ok(production.totalBehind! > 0);
});

test('a commit not in the local repository is unknown, not zero; so is a revision that is not a full commit id', async () => {
  const missing = await listPendingCommits({ repo, revision: '0123456789abcdef0123456789abcdef01234567', paths: fixtureInputs.staging, ref: 'main' });
  assert.equal(missing.behind, undefined);
  assert.deepEqual(missing.pending, []);
  assert.match(missing.message!, /0123456789ab is not in the local repository/);
  const abbreviated = await listPendingCommits({ repo, revision: commits.docs.slice(0, 12), paths: fixtureInputs.staging, ref: 'main' });
  assert.equal(abbreviated.behind, undefined);
  assert.match(abbreviated.message!, /not a full commit id/);
  const noBranch = await listPendingCommits({ repo, revision: commits.docs, paths: fixtureInputs.staging, ref: 'refs/heads/nowhere' });
  assert.equal(noBranch.behind, undefined);
  assert.match(noBranch.message!, /refs\/heads\/nowhere is not a branch or commit/);
  const viaEnvironment = await readPendingCommits({
    repo,
    environment: environment('staging', ['apps/staging'], fixtureInputs.staging),
    reconciled: { source: 'flux', revision: 'ffffffffffffffffffffffffffffffffffffffff', ref: 'main' },
  });
  assert.equal(viaEnvironment.behind, undefined);
  const noRevision = await readPendingCommits({ repo, environment: environment('staging', ['apps/staging'], fixtureInputs.staging), reconciled: { source: null, message: 'nothing applies it' } });
  assert.equal(noRevision.behind, undefined);
  assert.match(noRevision.message!, /no reconciler applies this environment: nothing applies it/);
});

test('a reconciled commit of an unmerged branch is reported off the branch, with what main has that it lacks', async () => {
  const result = await listPendingCommits({ repo, revision: unmerged, paths: fixtureInputs.staging, ref: 'main', limit: 1000 });
  assert.equal(result.onBranch, false);
  assert.match(result.message!, /is not in the history of main/);
  assert.deepEqual(result.pending.map((commit) => commit.sha), nativeLog(unmerged, fixtureInputs.staging));
  assert.equal(result.totalBehind, nativeCount(unmerged));
});

test('limit bounds the described commits, not the count; the branch comes from the environment', async () => {
  const all = nativeLog(commits.initial, fixtureInputs.staging);
  const result = await readPendingCommits({ repo, environment: environment('staging', ['apps/staging'], fixtureInputs.staging), reconciled: { source: 'push', revision: commits.initial }, limit: 3 });
  assert.equal(result.behind, all.length);
  assert.deepEqual(result.pending.map((commit) => commit.sha), all.slice(0, 3));
  assert.equal(result.truncated, true);
  // A branch the environment names but the repository lacks: HEAD, said so.
  const elsewhere = await readPendingCommits({ repo, environment: { ...environment('staging', ['apps/staging'], fixtureInputs.staging), branch: 'release' }, reconciled: { source: 'push', revision: commits.initial } });
  assert.equal(elsewhere.ref, 'HEAD');
  assert.match(elsewhere.message!, /branch release is not in the local repository/);
});
