import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { diffTreePaths } from '../../../server/src/engine/git/diffTreePaths';
import { historyCacheFile } from '../../../server/src/engine/git/HistoryCache';
import { forgetRepositories, openRepository, type GitRepository } from '../../../server/src/engine/git/openRepository';
import { readCommitHeader } from '../../../server/src/engine/git/readCommitHeader';
import { readHistory, type HistoryCommit } from '../../../server/src/engine/git/readHistory';
import { parseHistoryCacheFile, readHistoryCacheFile, type HistoryCacheFile } from '../../../server/src/engine/git/readHistoryCacheFile';
import { serializeHistoryCache } from '../../../server/src/engine/git/serializeHistoryCache';
import { buildEnvironmentHistoryRepo, fixtureInputs, fixturePathSets, git } from '../../support/buildFixtureRepo';

const pathSets = fixturePathSets;

function nativeLog(dir: string, paths: string[], ref = 'HEAD'): string[] {
  const out = git(dir, ['log', '--format=%H', ref, '--', ...paths]);
  return out === '' ? [] : out.split('\n');
}

async function wholeHistory(repo: GitRepository, paths: string[]): Promise<HistoryCommit[]> {
  return (await readHistory({ repo, paths, limit: 1000 })).commits;
}

/** withoutObjects is the handle, failing any object read: what it answers came from the history cache. */
function withoutObjects(repo: GitRepository): GitRepository {
  const fail = (): never => {
    throw new Error('an object was read');
  };
  return { ...repo, objects: () => ({ read: fail, expand: fail, close: () => undefined }), commitGraph: fail, cache: fail };
}

test('a fresh process with the cache lists what one without it lists, reading no object, on every merge shape', async () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  forgetRepositories();
  const uncached = openRepository({ dir: fixture.dir, options: { historyCache: false } });
  const expected = new Map<string, HistoryCommit[]>();
  for (const [name, paths] of pathSets) {
    const commits = await wholeHistory(uncached, paths);
    assert.deepEqual(commits.map((commit) => commit.sha), nativeLog(fixture.dir, paths), name);
    expected.set(name, commits);
  }
  assert.equal(fs.existsSync(historyCacheFile(uncached.gitdir)), false, 'no cache written when it is turned off');
  forgetRepositories();

  // The first process: no cache file yet; it walks, answers the same, and writes the file.
  const first = openRepository({ dir: fixture.dir });
  for (const [name, paths] of pathSets) assert.deepEqual(await wholeHistory(first, paths), expected.get(name), `${name} (first run)`);
  forgetRepositories();
  assert.ok(readHistoryCacheFile({ file: historyCacheFile(first.gitdir) }), 'a valid cache file was written (at the latest when the handle is dropped)');

  // The next process (a fresh handle): everything from the file.
  const next = withoutObjects(openRepository({ dir: fixture.dir }));
  for (const [name, paths] of pathSets) assert.deepEqual(await wholeHistory(next, paths), expected.get(name), `${name} (from the cache)`);
  // Pages from the cache too.
  const page = await readHistory({ repo: next, paths: fixtureInputs.staging, skip: 2, limit: 3 });
  assert.deepEqual(page.commits, expected.get('staging inputs')!.slice(2, 5));
  forgetRepositories();
});

test('what one walk cached serves another path set, and a walk from another ref', async () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  forgetRepositories();
  await wholeHistory(openRepository({ dir: fixture.dir }), ['.']);
  forgetRepositories();
  // The whole repository's walk examined every commit: any path set is answered from the file,
  // except the descriptions of commits that history did not list (read from their objects).
  const repo = openRepository({ dir: fixture.dir });
  for (const [name, paths] of pathSets) assert.deepEqual((await wholeHistory(repo, paths)).map((commit) => commit.sha), nativeLog(fixture.dir, paths), name);
  assert.deepEqual((await readHistory({ repo, paths: fixtureInputs.staging, ref: 'feature-staging', limit: 100 })).commits.map((commit) => commit.sha), nativeLog(fixture.dir, fixtureInputs.staging, 'feature-staging'));
  forgetRepositories();
});

test('the changed paths it keeps are exactly git diff-tree -r -t, against each parent (and the empty tree for a root)', async () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  forgetRepositories();
  const repo = openRepository({ dir: fixture.dir, options: { historyCache: false } });
  const commits = git(fixture.dir, ['rev-list', '--all']).split('\n');
  let merges = 0;
  for (const oid of commits) {
    const header = await readCommitHeader({ repo, oid });
    if (header.parents.length > 1) merges++;
    for (const parent of header.parents.length === 0 ? [undefined] : header.parents) {
      const from = parent === undefined ? undefined : (await readCommitHeader({ repo, oid: parent })).tree;
      const ours = await diffTreePaths({ repo, from, to: header.tree });
      const native = git(fixture.dir, parent === undefined ? ['diff-tree', '-r', '-t', '--root', '--no-renames', '--name-only', '--no-commit-id', oid] : ['diff-tree', '-r', '-t', '--no-renames', '--name-only', parent, oid]);
      assert.deepEqual([...new Set(ours!.map((change) => change.path))].sort(), [...new Set(native.split('\n').filter(Boolean))].sort(), `${oid} against ${parent ?? 'nothing'}`);
    }
  }
  assert.ok(merges >= 5, 'the fixture has merges, octopus included');
  // Past the limit: undefined (the walk then compares trees).
  const root = git(fixture.dir, ['rev-list', '--max-parents=0', 'HEAD']);
  assert.equal(await diffTreePaths({ repo, from: undefined, to: (await readCommitHeader({ repo, oid: root })).tree, options: { limit: 3 } }), undefined);
  forgetRepositories();
});

test('a corrupt, truncated or other-version cache file is ignored and rebuilt', async () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  forgetRepositories();
  const paths = fixtureInputs.staging;
  const expected = nativeLog(fixture.dir, paths);
  await wholeHistory(openRepository({ dir: fixture.dir }), paths);
  forgetRepositories();
  const file = historyCacheFile(path.join(fixture.dir, '.git'));
  const good = fs.readFileSync(file);
  const damages: Array<[string, (bytes: Buffer) => Buffer]> = [
    ['a flipped byte', (bytes) => {
      const copy = Buffer.from(bytes);
      copy[copy.length >> 1] ^= 0x40;
      return copy;
    }],
    ['a truncated file', (bytes) => bytes.subarray(0, bytes.length - 7)],
    ['an empty file', () => Buffer.alloc(0)],
    ['another version', (bytes) => {
      const copy = Buffer.from(bytes);
      copy.writeUInt32LE(99, 4);
      return copy;
    }],
    ['garbage', () => Buffer.from('not a cache at all, but long enough to have a header of forty bytes or more')],
  ];
  for (const [name, damage] of damages) {
    fs.writeFileSync(file, damage(good));
    assert.equal(readHistoryCacheFile({ file }), undefined, `${name} is not read`);
    const repo = openRepository({ dir: fixture.dir });
    assert.deepEqual((await wholeHistory(repo, paths)).map((commit) => commit.sha), expected, name);
    forgetRepositories();
    assert.ok(readHistoryCacheFile({ file }), `${name}: rebuilt`);
  }
  // A directory where the file should be: no cache, still the right answer.
  fs.rmSync(file);
  fs.mkdirSync(file);
  assert.deepEqual((await wholeHistory(openRepository({ dir: fixture.dir }), paths)).map((commit) => commit.sha), expected);
  forgetRepositories();
});

test('when HEAD moves, the next process adds the new commits only and reads only them', async () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  forgetRepositories();
  const paths = fixtureInputs.production;
  await wholeHistory(openRepository({ dir: fixture.dir }), paths);
  forgetRepositories();
  const file = historyCacheFile(path.join(fixture.dir, '.git'));
  const before = readHistoryCacheFile({ file })!.rows;
  fixture.commit('production: after the cache', { 'apps/production/extra.yaml': 'a: 1\n' });
  fixture.commit('docs: after the cache', { 'docs/after.md': 'after\n' });
  const repo = openRepository({ dir: fixture.dir });
  const reads: string[] = [];
  const objects = repo.objects();
  const counting: GitRepository = {
    ...repo,
    objects: () => ({ ...objects, read: (oid: string) => (reads.push(oid), objects.read(oid)) }),
  };
  assert.deepEqual((await wholeHistory(counting, paths)).map((commit) => commit.sha), nativeLog(fixture.dir, paths));
  // The two new commits and the trees on the way to their changes; the new listed commit.
  assert.ok(reads.length > 0 && reads.length <= 16, `${reads.length} objects read`);
  forgetRepositories();
  assert.equal(readHistoryCacheFile({ file })!.rows, before + 2);
});

test('processes writing the cache at the same time leave a valid file, with the entries of each', async () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  forgetRepositories();
  const engine = path.resolve(__dirname, '../../../server/src/engine/git');
  const script = `
    const { openRepository } = require(${JSON.stringify(path.join(engine, 'openRepository.js'))});
    const { readHistory } = require(${JSON.stringify(path.join(engine, 'readHistory.js'))});
    const repo = openRepository({ dir: process.argv[1] });
    readHistory({ repo, paths: JSON.parse(process.argv[2]), limit: 1000 }).then((page) => process.stdout.write(JSON.stringify(page.commits.map((c) => c.sha))));
  `;
  const run = (paths: string[]): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script, fixture.dir, JSON.stringify(paths)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`child exited with ${code}`))));
    });
  const sets = pathSets.map(([, paths]) => paths);
  for (let round = 0; round < 2; round++) {
    const results = await Promise.all(sets.map((paths) => run(paths)));
    results.forEach((shas, index) => assert.deepEqual(shas, nativeLog(fixture.dir, sets[index]), sets[index].join(' ')));
    const file = readHistoryCacheFile({ file: historyCacheFile(path.join(fixture.dir, '.git')) });
    assert.ok(file, 'the file is valid');
  }
  // No temporary file is left behind.
  assert.deepEqual(fs.readdirSync(path.join(fixture.dir, '.git', 'gitops-workbench')), ['history-cache']);
  // Whatever each kept (the last rename wins; a writer merges what it finds on disk when it
  // saves), a fresh process answers every path set as git does.
  const repo = openRepository({ dir: fixture.dir });
  for (const [name, paths] of pathSets) assert.deepEqual((await wholeHistory(repo, paths)).map((commit) => commit.sha), nativeLog(fixture.dir, paths), name);
  forgetRepositories();
});

test('the file keeps the descriptions of the newest commits only, past a bound, and everything else', async () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  forgetRepositories();
  await wholeHistory(openRepository({ dir: fixture.dir }), ['.']);
  forgetRepositories();
  const file = historyCacheFile(path.join(fixture.dir, '.git'));
  const whole = readHistoryCacheFile({ file })!;
  const described = (cache: HistoryCacheFile): number[] => [...Array(cache.rows).keys()].filter((row) => cache.describeStart[row + 1] > cache.describeStart[row]);
  assert.ok(described(whole).length > 10);
  const data = serializeHistoryCache({ base: whole, added: [], paths: whole.paths, maxDescriptions: 3 });
  const trimmed = parseHistoryCacheFile({ data, stamp: 'test' })!;
  assert.ok(trimmed, 'a valid file');
  const newest = described(whole).map((row) => whole.times[row]).sort((a, b) => b - a).slice(0, 3);
  assert.deepEqual(described(trimmed).map((row) => trimmed.times[row]).sort((a, b) => b - a), newest);
  // The rest is the same, byte for byte: ids, times, parents, change lists, paths.
  assert.deepEqual([...trimmed.times], [...whole.times]);
  assert.deepEqual([...trimmed.changes], [...whole.changes]);
  assert.deepEqual(trimmed.data.subarray(trimmed.oidsAt, trimmed.descriptionsAt), whole.data.subarray(whole.oidsAt, whole.descriptionsAt));
  // A listing reads the trimmed commits from their objects and gives the same answer.
  fs.writeFileSync(file, data);
  assert.deepEqual((await wholeHistory(openRepository({ dir: fixture.dir }), fixtureInputs.staging)).map((commit) => commit.sha), nativeLog(fixture.dir, fixtureInputs.staging));
  forgetRepositories();
});
