import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { openRepository } from '../../../server/src/engine/git/openRepository';
import { rollbackPaths } from '../../../server/src/engine/git/rollbackPaths';
import { buildEnvironmentHistoryRepo, copyRepo, fixtureInputs, git, gitEnv, type GitFixture } from '../../support/buildFixtureRepo';

let fixture: GitFixture;
let commits: Record<string, string>;

before(() => {
  ({ fixture, commits } = buildEnvironmentHistoryRepo());
});

const when = { GIT_AUTHOR_DATE: '1800000000 +0000', GIT_COMMITTER_DATE: '1800000000 +0000' };
const listing = (dir: string, rev: string, paths: string[]) => git(dir, ['ls-tree', '-r', '--full-tree', rev, '--', ...paths]);

test('a rollback restores exactly the paths to their content at the target commit, and nothing else', async () => {
  for (const target of [commits.stagingTune, commits.mergeStaging, commits.renameInside, commits.dirToFile]) {
    const dir = copyRepo(fixture.dir);
    const before = git(dir, ['rev-parse', 'HEAD']);
    const result = await rollbackPaths({ repo: openRepository({ dir }), paths: fixtureInputs.staging, to: target, environmentName: 'staging', env: gitEnv(when) });
    assert.equal(git(dir, ['rev-parse', 'HEAD^']), before, 'one new commit on top of HEAD');
    assert.equal(listing(dir, 'HEAD', fixtureInputs.staging), listing(dir, target, fixtureInputs.staging), `staging as at ${target}`);
    assert.equal(listing(dir, 'HEAD', ['apps/production', 'docs', '.gitops-workbench.yaml']), listing(dir, before, ['apps/production', 'docs', '.gitops-workbench.yaml']));
    assert.equal(git(dir, ['diff', '--name-only', '--no-renames', before, 'HEAD']).split('\n').join(','), result.files.join(','));
    assert.equal(git(dir, ['status', '--porcelain']), '', 'work tree and index follow');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the message names the environment and the target sha; the commit is git-valid', async () => {
  const dir = copyRepo(fixture.dir);
  const result = await rollbackPaths({ repo: openRepository({ dir }), paths: fixtureInputs.staging, to: commits.stagingTune.slice(0, 8), environmentName: 'staging', env: gitEnv(when) });
  assert.equal(result.message, `Rollback staging to ${commits.stagingTune.slice(0, 12)}\n\nRestores apps/base, apps/staging to their content at commit ${commits.stagingTune}.\n`);
  assert.equal(git(dir, ['log', '-1', '--format=%B']), result.message);
  assert.equal(git(dir, ['log', '-1', '--format=%an <%ae> %at']), 'Fixture Author <author@example.com> 1800000000');
  git(dir, ['fsck', '--no-progress']);
  assert.match(git(dir, ['reflog', '-1', '--format=%gs']), /^rollback: Rollback staging to /);
});

test('files created and deleted since the target come back and go away on disk', async () => {
  const dir = copyRepo(fixture.dir);
  await rollbackPaths({ repo: openRepository({ dir }), paths: ['apps/staging'], to: commits.initial, env: gitEnv(when) });
  assert.ok(fs.existsSync(path.join(dir, 'apps/staging/old-name.yaml')));
  assert.ok(!fs.existsSync(path.join(dir, 'apps/staging/new-name.yaml')));
  assert.ok(!fs.existsSync(path.join(dir, 'apps/staging/feature.yaml')));
  assert.ok(fs.existsSync(path.join(dir, 'apps/staging/moves/cross.yaml')));
  assert.equal(git(dir, ['status', '--porcelain']), '');
});

test('nothing to roll back, dirty files and unknown commits are refused without writing', async () => {
  const dir = copyRepo(fixture.dir);
  const repo = openRepository({ dir });
  await assert.rejects(rollbackPaths({ repo, paths: fixtureInputs.staging, to: 'HEAD', environmentName: 'staging', env: gitEnv(when) }), { code: 'NothingToCommit', message: /staging already matches commit/ });
  fs.appendFileSync(path.join(dir, 'apps/staging/settings.yaml'), '# mine\n');
  const head = git(dir, ['rev-parse', 'HEAD']);
  await assert.rejects(rollbackPaths({ repo, paths: fixtureInputs.staging, to: commits.stagingTune, env: gitEnv(when) }), { code: 'DirtyWorktree', files: ['apps/staging/settings.yaml'] });
  assert.equal(git(dir, ['rev-parse', 'HEAD']), head);
  assert.match(fs.readFileSync(path.join(dir, 'apps/staging/settings.yaml'), 'utf8'), /# mine/);
  // Dirty files outside the environment do not matter.
  git(dir, ['checkout', '--', 'apps/staging/settings.yaml']);
  fs.appendFileSync(path.join(dir, 'apps/production/settings.yaml'), '# mine\n');
  await rollbackPaths({ repo, paths: fixtureInputs.staging, to: commits.stagingTune, env: gitEnv(when) });
  assert.equal(git(dir, ['status', '--porcelain']), ' M apps/production/settings.yaml');
  await assert.rejects(rollbackPaths({ repo, paths: ['apps/staging'], to: '0123456789abcdef', env: gitEnv(when) }), { code: 'CommitNotFound' });
});

test('without a configured identity the rollback is refused like git refuses to commit', async () => {
  const dir = copyRepo(fixture.dir);
  git(dir, ['config', '--unset', 'user.name']);
  const env = { ...gitEnv(when), GIT_AUTHOR_NAME: undefined, GIT_COMMITTER_NAME: undefined, HOME: dir, XDG_CONFIG_HOME: dir };
  await assert.rejects(rollbackPaths({ repo: openRepository({ dir }), paths: ['apps/staging'], to: commits.initial, env }), { code: 'AuthorUnknown' });
  assert.equal(git(dir, ['status', '--porcelain']), '');
});
