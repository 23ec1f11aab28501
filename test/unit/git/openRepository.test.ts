import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openRepository } from '../../../server/src/engine/git/openRepository';
import { readHistory } from '../../../server/src/engine/git/readHistory';
import { GitFixture, git, tempDir } from '../../support/buildFixtureRepo';

test('one handle per repository, found from any directory inside its work tree', () => {
  const fixture = GitFixture.create();
  fixture.commit('first', { 'apps/web/a.yaml': 'a: 1\n' });
  const fromRoot = openRepository({ dir: fixture.dir });
  const fromInside = openRepository({ dir: path.join(fixture.dir, 'apps', 'web') });
  assert.equal(fromInside, fromRoot, 'the same handle, so the same cache');
  assert.equal(fromRoot.dir, fixture.dir);
  assert.equal(fromRoot.gitdir, path.join(fixture.dir, '.git'));
  const cache = fromRoot.cache();
  fromRoot.refresh();
  assert.equal(fromRoot.cache(), cache, 'kept while the packs do not change');
  git(fixture.dir, ['gc', '-q']);
  fromRoot.refresh();
  assert.notEqual(fromRoot.cache(), cache, 'renewed when they do');
});

test('outside a work tree, and in a linked worktree, the errors say so', async () => {
  assert.throws(() => openRepository({ dir: tempDir('gw-plain-') }), { code: 'NotAGitRepository' });
  const fixture = GitFixture.create();
  fixture.commit('first', { 'a.yaml': 'a: 1\n' });
  const linked = path.join(tempDir('gw-linked-'), 'wt');
  git(fixture.dir, ['worktree', 'add', '-q', linked]);
  assert.throws(() => openRepository({ dir: linked }), { code: 'UnsupportedRepository', message: /linked worktrees/ });
  // A submodule-style .git file without commondir is followed.
  const moved = tempDir('gw-gitfile-');
  fs.renameSync(path.join(fixture.dir, '.git'), path.join(moved, 'gitdir'));
  fs.writeFileSync(path.join(fixture.dir, '.git'), `gitdir: ${path.join(moved, 'gitdir')}\n`);
  fs.rmSync(path.join(moved, 'gitdir', 'worktrees'), { recursive: true, force: true });
  const repo = openRepository({ dir: fixture.dir });
  assert.equal(repo.gitdir, path.join(moved, 'gitdir'));
  assert.equal((await readHistory({ repo, paths: ['a.yaml'] })).commits.length, 1);
});

test('an empty repository has an empty history', async () => {
  const fixture = GitFixture.create();
  assert.deepEqual(await readHistory({ repo: openRepository({ dir: fixture.dir }), paths: ['apps'] }), { commits: [] });
});
