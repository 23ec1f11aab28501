import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as isogit from 'isomorphic-git';
import { resolveRef } from '../../../server/src/engine/git/resolveRef';
import { GitFixture, git } from '../../support/buildFixtureRepo';

/** isomorphicResolve is the known truth resolveRef follows: isomorphic-git's resolveRef (undefined when it throws). */
async function isomorphicResolve(gitdir: string, ref: string): Promise<string | undefined> {
  try {
    return await isogit.resolveRef({ fs, gitdir, ref });
  } catch {
    return undefined;
  }
}

test('refs resolve exactly as isomorphic-git resolves them: loose and packed, symbolic, tags, remotes, odd names', async () => {
  const fixture = GitFixture.create();
  const first = fixture.commit('first', { 'a.txt': 'a\n' });
  const second = fixture.commit('second', { 'a.txt': 'b\n' });
  git(fixture.dir, ['branch', 'packed-only', first]);
  git(fixture.dir, ['branch', 'both', first]);
  git(fixture.dir, ['tag', 'light', first]);
  git(fixture.dir, ['tag', '-a', '-m', 'annotated', 'annotated', second]);
  git(fixture.dir, ['update-ref', 'refs/remotes/origin/main', first]);
  git(fixture.dir, ['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main']);
  git(fixture.dir, ['pack-refs', '--all']);
  // A loose ref wins over its packed copy; a branch named like a tag; an empty loose file falls back to packed-refs.
  git(fixture.dir, ['update-ref', 'refs/heads/both', second]);
  git(fixture.dir, ['branch', 'light', second]);
  git(fixture.dir, ['branch', 'empty-loose', first]);
  git(fixture.dir, ['pack-refs', '--all']);
  const gitdir = path.join(fixture.dir, '.git');
  fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'empty-loose'), '');
  git(fixture.dir, ['symbolic-ref', 'refs/heads/pointer', 'refs/heads/both']);
  const refs = ['HEAD', 'main', 'refs/heads/main', 'heads/main', 'packed-only', 'both', 'light', 'annotated', 'tags/annotated', 'refs/tags/light', 'origin/main', 'origin', 'remotes/origin/HEAD', 'empty-loose', 'pointer', 'ref: refs/heads/main', 'ref: ref: refs/heads/both', first, second.toUpperCase(), first.slice(0, 7), 'nowhere', 'config', 'index', 'description', 'refs', 'refs/heads', 'HEAD/x', 'main/x'];
  for (const ref of refs) assert.equal(resolveRef({ gitdir, ref }), await isomorphicResolve(gitdir, ref), ref);

  // Detached, then unborn HEAD.
  git(fixture.dir, ['checkout', '-q', '--detach', first]);
  assert.equal(resolveRef({ gitdir, ref: 'HEAD' }), first);
  fs.writeFileSync(path.join(gitdir, 'HEAD'), 'ref: refs/heads/unborn\n');
  assert.equal(resolveRef({ gitdir, ref: 'HEAD' }), undefined);
  assert.equal(await isomorphicResolve(gitdir, 'HEAD'), undefined);
});

test('a symbolic ref loop throws instead of looping', () => {
  const fixture = GitFixture.create();
  fixture.commit('first', { 'a.txt': 'a\n' });
  const gitdir = path.join(fixture.dir, '.git');
  fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'a'), 'ref: refs/heads/b\n');
  fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'b'), 'ref: refs/heads/a\n');
  assert.throws(() => resolveRef({ gitdir, ref: 'a' }), /Circular reference/);
});
