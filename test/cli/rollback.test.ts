import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildEnvironmentHistoryRepo, copyRepo, environmentFiles, git, gitEnv, type GitFixture } from '../support/buildFixtureRepo';
import { runCliProcess } from '../support/runCliProcess';

let fixture: GitFixture;
let commits: Record<string, string>;

before(() => {
  ({ fixture, commits } = buildEnvironmentHistoryRepo());
});

test('rollback --env NAME --to SHA prints one new commit that restores the environment\'s inputs', () => {
  const dir = copyRepo(fixture.dir);
  const before = git(dir, ['rev-parse', 'HEAD']);
  const run = runCliProcess({ argv: ['rollback', '--env', 'staging', '--to', commits.mergeStaging.slice(0, 10)], cwd: dir, env: gitEnv() });
  assert.equal(run.status, 0, run.stderr);
  const sha = git(dir, ['rev-parse', 'HEAD']);
  assert.equal(run.stdout, `${sha}\n`);
  assert.equal(git(dir, ['rev-parse', 'HEAD^']), before);
  const listing = (rev: string, paths: string[]) => git(dir, ['ls-tree', '-r', rev, '--', ...paths]);
  const staging = environmentFiles(dir, 'staging');
  assert.equal(listing('HEAD', staging), listing(commits.mergeStaging, staging));
  assert.equal(listing('HEAD', ['apps/production', 'docs']), listing(before, ['apps/production', 'docs']));
  assert.equal(git(dir, ['log', '-1', '--format=%s']), `Rollback staging to ${commits.mergeStaging.slice(0, 12)}`);
  assert.match(git(dir, ['log', '-1', '--format=%b']), new RegExp(commits.mergeStaging));
  assert.equal(git(dir, ['status', '--porcelain']), '');
  // The merge's content differs in apps/base too (octopus side a changed it since): apps/base is
  // an input of production as well, and the command says so.
  assert.match(run.stderr, /note: the commit also changes inputs of production/);
});

test('rolling back to the current content, or without --to, is refused with exit 2', () => {
  const dir = copyRepo(fixture.dir);
  const same = runCliProcess({ argv: ['rollback', '--env', 'production', '--to', 'HEAD', '--format', 'json'], cwd: dir, env: gitEnv() });
  assert.equal(same.status, 2);
  assert.match(same.stderr, /production already matches commit [0-9a-f]{12} \[NothingToCommit\]/);
  const missing = runCliProcess({ argv: ['rollback', '--env', 'production'], cwd: dir, env: gitEnv() });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /give --to SHA/);
});
