import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BoundedMap, openRepository, type GitRepository } from '../../../server/src/engine/git/openRepository';
import { readHistory } from '../../../server/src/engine/git/readHistory';
import { buildEnvironmentHistoryRepo, copyRepo, fixtureInputs, fixturePathSets, git, type GitFixture } from '../../support/buildFixtureRepo';

let fixture: GitFixture;
let commits: Record<string, string>;
let repo: GitRepository;

before(() => {
  ({ fixture, commits } = buildEnvironmentHistoryRepo());
  repo = openRepository({ dir: fixture.dir });
});

after(() => repo.dispose());

/** nativeLog is the known truth: `git log --format=%H -- <paths>` (default history simplification). */
function nativeLog(paths: string[]): string[] {
  const out = git(fixture.dir, ['log', '--format=%H', '--', ...paths]);
  return out === '' ? [] : out.split('\n');
}

async function allShas(paths: string[]): Promise<string[]> {
  return (await readHistory({ repo, paths, limit: 1000 })).commits.map((commit) => commit.sha);
}

const pathSets = fixturePathSets;

for (const [name, paths] of pathSets) {
  test(`history of ${name} equals git log -- ${paths.join(' ')}`, async () => {
    assert.deepEqual(await allShas(paths), nativeLog(paths));
  });
}

test('history is the same when isomorphic-git reads every object (no fast reader, no commit-graph) and the memos forget', async () => {
  // The walk computes signatures synchronously from the fast reader; this forces its other path.
  const slow: GitRepository = {
    ...repo,
    objects: () => ({ read: () => undefined, expand: () => [], close: () => undefined }),
    commitGraph: () => undefined,
    historyCache: () => undefined,
    memo: { commits: new BoundedMap(8), headers: new BoundedMap(8), trees: new BoundedMap(4), signatures: new Map() },
  };
  for (const [name, paths] of pathSets) {
    assert.deepEqual((await readHistory({ repo: slow, paths, limit: 1000 })).commits.map((commit) => commit.sha), nativeLog(paths), name);
  }
});

test('the fixture exercises the cases that need parent-aware comparison', async () => {
  const staging = await allShas(fixtureInputs.staging);
  // The side branch's commits are listed; the merge that only brought them is not.
  assert.ok(staging.includes(commits.featureStaging1) && staging.includes(commits.featureStaging2));
  assert.ok(!staging.includes(commits.mergeStaging));
  // A merge whose sides both changed staging is listed.
  assert.ok(staging.includes(commits.mergeBothSides));
  // A merge of a branch that did not touch staging is not; nor is that branch.
  assert.ok(!staging.includes(commits.mergeDocs) && !staging.includes(commits.docsBranch));
  // The octopus brought a base change from one side: listed only through that side.
  assert.ok(staging.includes(commits.octoA) && !staging.includes(commits.octopus));
  const production = await allShas(fixtureInputs.production);
  assert.ok(production.includes(commits.evilMerge), 'the evil merge changes production itself');
  assert.ok(production.includes(commits.renameAcross) && staging.includes(commits.renameAcross));
});

test('pages (skip / limit) concatenate to the whole history, and nextSkip marks full pages', async () => {
  const whole = nativeLog(fixtureInputs.staging);
  const pages: string[] = [];
  let skip = 0;
  for (;;) {
    const page = await readHistory({ repo, paths: fixtureInputs.staging, limit: 4, skip });
    pages.push(...page.commits.map((commit) => commit.sha));
    if (page.nextSkip === undefined) break;
    assert.equal(page.commits.length, 4);
    skip = page.nextSkip;
  }
  assert.deepEqual(pages, whole);
  assert.deepEqual((await readHistory({ repo, paths: fixtureInputs.staging, limit: 3 })).commits.map((commit) => commit.sha), whole.slice(0, 3));
});

test('overlapping calls and pages asked out of order give the same answers as one walk', async () => {
  const fresh = openRepository({ dir: copyRepo(fixture.dir) });
  const whole = nativeLog(fixtureInputs.staging);
  const [later, first, again] = await Promise.all([
    readHistory({ repo: fresh, paths: fixtureInputs.staging, skip: 6, limit: 4 }),
    readHistory({ repo: fresh, paths: fixtureInputs.staging, limit: 3 }),
    readHistory({ repo: fresh, paths: [...fixtureInputs.staging].reverse(), limit: 3 }),
  ]);
  assert.deepEqual(later.commits.map((commit) => commit.sha), whole.slice(6, 10));
  assert.deepEqual(first.commits.map((commit) => commit.sha), whole.slice(0, 3));
  assert.deepEqual(again.commits.map((commit) => commit.sha), whole.slice(0, 3));
  fresh.dispose();
});

test('changed files, subject, author and date match git log (files against the first parent)', async () => {
  const paths = fixtureInputs.staging;
  const format = '%H%x01%s%x01%an%x01%ae%x01%aI%x01%P';
  const expected = git(fixture.dir, ['log', `--format=${format}`, '--', ...paths]).split('\n').map((line) => {
    const [sha, subject, author, authorEmail, date, parents] = line.split('\x01');
    // Files against the first parent (against nothing for the root commit), renames as delete + add.
    const diff = parents === '' ? ['diff-tree', '-r', '--root', '--name-only', '--no-renames', '--no-commit-id', sha] : ['diff-tree', '-r', '--name-only', '--no-renames', parents.split(' ')[0], sha];
    const files = git(fixture.dir, [...diff, '--', ...paths]).split('\n').filter(Boolean).sort();
    return { sha, subject, author, authorEmail, date, files };
  });
  const page = await readHistory({ repo, paths, limit: 1000 });
  assert.deepEqual(
    page.commits.map(({ sha, subject, author, authorEmail, date, files }) => ({ sha, subject, author, authorEmail, date, files })),
    expected,
  );
  const rename = page.commits.find((commit) => commit.sha === commits.renameInside);
  assert.deepEqual(rename?.files, ['apps/staging/new-name.yaml', 'apps/staging/old-name.yaml']);
});

test('history starts from another ref when asked, and an unknown ref is a CommitNotFound error', async () => {
  const fromBranch = (await readHistory({ repo, paths: fixtureInputs.staging, ref: 'feature-staging', limit: 100 })).commits.map((commit) => commit.sha);
  assert.deepEqual(fromBranch, git(fixture.dir, ['log', '--format=%H', 'feature-staging', '--', ...fixtureInputs.staging]).split('\n'));
  await assert.rejects(readHistory({ repo, paths: ['apps'], ref: 'no-such-branch' }), { code: 'CommitNotFound' });
});

test('the cache survives between calls and is renewed when the packs change (git gc)', async () => {
  const before = await allShas(fixtureInputs.production);
  git(fixture.dir, ['gc', '-q', '--prune=now']);
  // New commits after gc come from loose objects; the old ones now live in a new pack.
  fixture.commit('production: after gc', { 'apps/production/extra.yaml': 'a: 1\n' });
  const afterGc = await allShas(fixtureInputs.production);
  assert.deepEqual(afterGc, nativeLog(fixtureInputs.production));
  assert.deepEqual(afterGc.slice(1), before);
});
