import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { openRepository } from '../../../server/src/engine/git/openRepository';
import { revertCommit } from '../../../server/src/engine/git/revertCommit';
import { buildRevertRepo, copyRepo, fixtureInputs, git, gitEnv, tryGit, type GitFixture } from '../../support/buildFixtureRepo';

let fixture: GitFixture;
let commits: Record<string, string>;

before(() => {
  ({ fixture, commits } = buildRevertRepo());
});

const when = { GIT_AUTHOR_DATE: '1800000000 +0200', GIT_COMMITTER_DATE: '1800000000 +0200' };

/** snapshot captures everything a failed operation must leave alone, byte for byte. */
function snapshot(dir: string): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      const relative = path.relative(dir, full);
      if (entry.isDirectory()) walk(full);
      else if (!relative.startsWith('.git/logs')) state[relative] = createHash('sha1').update(fs.readFileSync(full)).digest('hex') + (fs.statSync(full).mode & 0o111 ? ' x' : '');
    }
  };
  walk(dir);
  return state;
}

function unmergedFiles(dir: string): string[] {
  const out = git(dir, ['diff', '--name-only', '--diff-filter=U']);
  return out === '' ? [] : out.split('\n').sort();
}

test('every commit reverts as git revert does: same commit (tree, message, parent) or the same conflicting files', async () => {
  const candidates = git(fixture.dir, ['log', '--format=%H%x01%P%x01%s']).split('\n').map((line) => line.split('\x01'));
  const outcomes: string[] = [];
  for (const [sha, parentList, subject] of candidates) {
    const parents = parentList === '' ? 0 : parentList.split(' ').length;
    if (parents === 0) continue; // the root commit: see its own test
    const native = copyRepo(fixture.dir);
    const nativeRun = tryGit(native, ['revert', '--no-edit', ...(parents > 1 ? ['-m', '1'] : []), sha], { env: when });
    const ours = copyRepo(fixture.dir);
    const before = snapshot(ours);
    const repo = openRepository({ dir: ours });
    const label = `${sha.slice(0, 8)} ${subject}`;
    try {
      const result = await revertCommit({ repo, sha, env: gitEnv(when) });
      assert.equal(nativeRun.status, 0, `${label}: we reverted but git did not: ${nativeRun.stdout}${nativeRun.stderr}`);
      assert.equal(result.sha, git(native, ['rev-parse', 'HEAD']), `${label}: same commit id as git revert (same tree, parent, message, identities)`);
      assert.equal(git(ours, ['status', '--porcelain']), '', `${label}: work tree and index match the new commit`);
      outcomes.push('reverted');
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'Conflict') {
        assert.notEqual(nativeRun.status, 0, `${label}: we found a conflict, git did not`);
        assert.deepEqual((error as { files: string[] }).files, unmergedFiles(native), `${label}: the same conflicting files as git`);
        assert.deepEqual(snapshot(ours), before, `${label}: a conflict leaves HEAD, index, work tree and objects byte-identical`);
        outcomes.push('conflict');
      } else if (code === 'NothingToCommit') {
        assert.notEqual(nativeRun.status, 0, `${label}: we found nothing to revert, git reverted`);
        assert.deepEqual(unmergedFiles(native), [], `${label}: git found conflicts, we found nothing to do`);
        assert.deepEqual(snapshot(ours), before);
        outcomes.push('nothing');
      } else {
        throw error;
      }
    } finally {
      repo.dispose();
      fs.rmSync(native, { recursive: true, force: true });
      fs.rmSync(ours, { recursive: true, force: true });
    }
  }
  // The fixture is built to produce each outcome; guard against it silently losing one.
  for (const outcome of ['reverted', 'conflict', 'nothing']) assert.ok(outcomes.includes(outcome), `no "${outcome}" case among ${outcomes.join(', ')}`);
});

test('reverting a merge commit uses its first parent and says so as git does', async () => {
  const dir = copyRepo(fixture.dir);
  const result = await revertCommit({ repo: openRepository({ dir }), sha: commits.merge, env: gitEnv(when) });
  const parent = git(dir, ['rev-parse', `${commits.merge}^1`]);
  assert.equal(result.message, `Revert "Merge branch 'feature'"\n\nThis reverts commit ${commits.merge}, reversing\nchanges made to ${parent}.\n`);
  assert.deepEqual(result.files, ['apps/production/settings.yaml']);
});

test('a revert limited to an environment takes only its files, with git\'s tree there and HEAD\'s elsewhere', async () => {
  const native = copyRepo(fixture.dir);
  git(native, ['revert', '--no-edit', commits.bothEnvs], { env: when });
  const dir = copyRepo(fixture.dir);
  const result = await revertCommit({ repo: openRepository({ dir }), sha: commits.bothEnvs, paths: fixtureInputs.staging, env: gitEnv(when) });
  assert.deepEqual(result.files, ['apps/staging/settings.yaml']);
  const listing = (repo: string, rev: string, paths: string[]) => git(repo, ['ls-tree', '-r', rev, '--', ...paths]);
  assert.equal(listing(dir, 'HEAD', fixtureInputs.staging), listing(native, 'HEAD', fixtureInputs.staging));
  assert.equal(listing(dir, 'HEAD', ['apps/production', 'docs', 'scripts']), listing(fixture.dir, 'HEAD', ['apps/production', 'docs', 'scripts']));
  assert.equal(result.message, `Revert "staging and production: set x9"\n\nThis reverts commit ${commits.bothEnvs}.\n\nOnly its changes to apps/base, apps/staging are reverted.\n`);
  assert.equal(git(dir, ['status', '--porcelain']), '');
});

test('a limited revert of a commit that only touched the environment is exactly git revert', async () => {
  const native = copyRepo(fixture.dir);
  git(native, ['revert', '--no-edit', commits.editFar], { env: when });
  const dir = copyRepo(fixture.dir);
  const result = await revertCommit({ repo: openRepository({ dir }), sha: commits.editFar.slice(0, 10), paths: fixtureInputs.staging, env: gitEnv(when) });
  assert.equal(result.sha, git(native, ['rev-parse', 'HEAD']));
});

test('a revert limited to paths the commit did not touch is refused as NothingToCommit', async () => {
  const dir = copyRepo(fixture.dir);
  await assert.rejects(revertCommit({ repo: openRepository({ dir }), sha: commits.editFar, paths: fixtureInputs.production, env: gitEnv(when) }), { code: 'NothingToCommit' });
});

test('uncommitted changes to an affected file refuse the revert and are kept; changes elsewhere are fine', async () => {
  const dir = copyRepo(fixture.dir);
  const repo = openRepository({ dir });
  fs.appendFileSync(path.join(dir, 'apps/staging/settings.yaml'), '# local edit\n');
  const before = snapshot(dir);
  await assert.rejects(revertCommit({ repo, sha: commits.lastStaging, env: gitEnv(when) }), (error: { code?: string; files?: string[] }) => {
    assert.equal(error.code, 'DirtyWorktree');
    assert.deepEqual(error.files, ['apps/staging/settings.yaml']);
    return true;
  });
  assert.deepEqual(snapshot(dir), before);
  // A staged change counts too.
  git(dir, ['add', 'apps/staging/settings.yaml']);
  await assert.rejects(revertCommit({ repo, sha: commits.lastStaging, env: gitEnv(when) }), { code: 'DirtyWorktree' });
  git(dir, ['reset', '-q', '--hard']);
  // Dirty files elsewhere stay as they are and do not block.
  fs.appendFileSync(path.join(dir, 'docs/README.md'), 'local notes\n');
  fs.writeFileSync(path.join(dir, 'apps/production/untracked.yaml'), 'x: 1\n');
  await revertCommit({ repo, sha: commits.lastStaging, env: gitEnv(when) });
  assert.equal(git(dir, ['status', '--porcelain']), ' M docs/README.md\n?? apps/production/untracked.yaml');
  assert.match(fs.readFileSync(path.join(dir, 'docs/README.md'), 'utf8'), /local notes/);
});

test('an untracked file where the revert would create one is in the way', async () => {
  const dir = copyRepo(fixture.dir);
  fs.writeFileSync(path.join(dir, 'apps/staging/doomed.yaml'), 'mine\n');
  await assert.rejects(revertCommit({ repo: openRepository({ dir }), sha: commits.deleteFile, env: gitEnv(when) }), { code: 'DirtyWorktree' });
  assert.equal(fs.readFileSync(path.join(dir, 'apps/staging/doomed.yaml'), 'utf8'), 'mine\n');
  // Even when it is ignored: it is still someone's file.
  fs.writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'doomed.yaml\n');
  await assert.rejects(revertCommit({ repo: openRepository({ dir }), sha: commits.deleteFile, env: gitEnv(when) }), { code: 'DirtyWorktree' });
});

test('the work tree follows: files restored, deleted, executable bits, and a reflog entry like git\'s', async () => {
  const dir = copyRepo(fixture.dir);
  const repo = openRepository({ dir });
  await revertCommit({ repo, sha: commits.deleteFile, env: gitEnv(when) });
  assert.equal(fs.readFileSync(path.join(dir, 'apps/staging/doomed.yaml'), 'utf8'), git(dir, ['show', `${commits.initial}:apps/staging/doomed.yaml`]) + '\n');
  await revertCommit({ repo, sha: commits.modeChange, env: gitEnv(when) });
  assert.equal(fs.statSync(path.join(dir, 'scripts/deploy.sh')).mode & 0o111, 0);
  await revertCommit({ repo, sha: commits.renameKustomization, env: gitEnv(when) });
  assert.equal(git(dir, ['status', '--porcelain']), '');
  assert.match(git(dir, ['reflog', '-1', '--format=%gs']), /^revert: Revert "base: follow the rename"$/);
});

test('reverting the root commit removes what it added (within the paths)', async () => {
  const dir = copyRepo(fixture.dir);
  const result = await revertCommit({ repo: openRepository({ dir }), sha: commits.initial, paths: ['docs', 'scripts'], env: gitEnv(when) }).catch((error: { code?: string; files?: string[] }) => error);
  // docs/README.md and scripts/deploy.sh changed after the root commit: modify/delete conflicts.
  assert.deepEqual((result as { files?: string[] }).files, ['docs/README.md', 'scripts/deploy.sh']);
});

test('unknown and ambiguous revisions are CommitNotFound errors', async () => {
  const repo = openRepository({ dir: fixture.dir });
  await assert.rejects(revertCommit({ repo, sha: 'deadbeefdeadbeef', env: gitEnv(when) }), { code: 'CommitNotFound' });
  await assert.rejects(revertCommit({ repo, sha: 'HEAD~400', env: gitEnv(when) }), { code: 'CommitNotFound' });
});
