import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { buildRevertRepo, copyRepo, git, gitEnv, type GitFixture } from '../support/buildFixtureRepo';
import { startGitHttpServer, type GitHttpServer } from '../support/gitHttpServer';
import { runCliProcess } from '../support/runCliProcess';

let fixture: GitFixture;
let commits: Record<string, string>;
let server: GitHttpServer;
const user = { username: 'deployer', password: 's3cret-token' };
const when = { GIT_AUTHOR_DATE: '1800000000 +0000', GIT_COMMITTER_DATE: '1800000000 +0000' };

before(async () => {
  ({ fixture, commits } = buildRevertRepo());
  server = await startGitHttpServer(user);
});

after(() => server.stop());

function published(name: string): { dir: string; gitdir: string } {
  const remote = server.createBareRepo(name);
  const dir = copyRepo(fixture.dir);
  git(dir, ['remote', 'add', 'origin', remote.url]);
  git(dir, ['push', '-q', remote.gitdir, 'main:main']);
  return { dir, gitdir: remote.gitdir };
}

test('revert SHA prints the new commit, which is the commit git revert makes', () => {
  const native = copyRepo(fixture.dir);
  git(native, ['revert', '--no-edit', commits.editFar], { env: when });
  const dir = copyRepo(fixture.dir);
  const run = runCliProcess({ argv: ['revert', commits.editFar.slice(0, 9)], cwd: path.join(dir, 'apps'), env: gitEnv(when) });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, `${git(native, ['rev-parse', 'HEAD'])}\n`);
  assert.equal(git(dir, ['rev-parse', 'HEAD']), git(native, ['rev-parse', 'HEAD']));
  assert.equal(git(dir, ['status', '--porcelain']), '');
});

test('a conflicting revert exits 1, lists the conflicting files and leaves the repository untouched', () => {
  const dir = copyRepo(fixture.dir);
  const head = git(dir, ['rev-parse', 'HEAD']);
  const index = fs.readFileSync(path.join(dir, '.git', 'index'));
  const run = runCliProcess({ argv: ['revert', commits.editLaterNear, '--repo', dir], cwd: dir, env: gitEnv(when) });
  assert.equal(run.status, 1, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /conflicts with later changes; nothing was changed\. Conflicting files:\n  apps\/staging\/settings\.yaml\n$/);
  assert.equal(git(dir, ['rev-parse', 'HEAD']), head);
  assert.ok(fs.readFileSync(path.join(dir, '.git', 'index')).equals(index));
  assert.equal(git(dir, ['status', '--porcelain']), '');
});

test('revert --env limits the revert to the environment\'s inputs and --format json describes it', () => {
  const dir = copyRepo(fixture.dir);
  const run = runCliProcess({ argv: ['revert', commits.bothEnvs, '--env', 'production', '--format', 'json'], cwd: dir, env: gitEnv(when) });
  assert.equal(run.status, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { sha: string; reverted: string; files: string[]; environment: string };
  assert.deepEqual([output.sha, output.reverted, output.files, output.environment], [git(dir, ['rev-parse', 'HEAD']), commits.bothEnvs, ['apps/production/settings.yaml'], 'production']);
  assert.match(git(dir, ['log', '-1', '--format=%B']), /\n\nOnly its changes to environment production are reverted\.\n/);
});

test('uncommitted changes in the way: exit 2, a clear message, no stack trace', () => {
  const dir = copyRepo(fixture.dir);
  fs.appendFileSync(path.join(dir, 'apps/staging/settings.yaml'), '# wip\n');
  const run = runCliProcess({ argv: ['revert', commits.lastStaging], cwd: dir, env: gitEnv(when) });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /would overwrite uncommitted changes in apps\/staging\/settings\.yaml; commit or stash them first \[DirtyWorktree\]/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});

test('revert --push pushes with GIT_USERNAME / GIT_PASSWORD; a hook rejection exits 1 with its message and keeps the commit', () => {
  const { dir, gitdir } = published('cli-push');
  const env = gitEnv({ ...when, GIT_USERNAME: user.username, GIT_PASSWORD: user.password });
  server.rejectPushes('cli-push', 'policy: change freeze');
  const rejected = runCliProcess({ argv: ['revert', commits.lastStaging, '--push'], cwd: dir, env });
  assert.equal(rejected.status, 1, rejected.stderr);
  const sha = git(dir, ['rev-parse', 'HEAD']);
  assert.equal(rejected.stdout, `${sha}\n`, 'the new commit is printed even though the push failed');
  assert.match(rejected.stderr, /remote: policy: change freeze/);
  assert.match(rejected.stderr, /made but not pushed/);
  assert.notEqual(git(gitdir, ['rev-parse', 'main']), sha);
  server.acceptPushes('cli-push');
  const pushed = runCliProcess({ argv: ['revert', commits.editFar, '--push'], cwd: dir, env });
  assert.equal(pushed.status, 0, pushed.stderr);
  assert.equal(git(gitdir, ['rev-parse', 'main']), git(dir, ['rev-parse', 'HEAD']));
  assert.match(pushed.stderr, /pushed main to origin/);
});

test('--push asks git\'s credential helper when GIT_PASSWORD is not set; wrong credentials exit 2', () => {
  const { dir, gitdir } = published('cli-helper');
  git(dir, ['config', 'credential.helper', `!f() { echo username=${user.username}; echo password=${user.password}; }; f`]);
  const run = runCliProcess({ argv: ['revert', commits.lastStaging, '--push'], cwd: dir, env: gitEnv(when) });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(git(gitdir, ['rev-parse', 'main']), git(dir, ['rev-parse', 'HEAD']));
  const wrong = runCliProcess({ argv: ['revert', commits.editFar, '--push'], cwd: dir, env: gitEnv({ ...when, GIT_USERNAME: 'deployer', GIT_PASSWORD: 'nope' }) });
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /authentication failed for http:\/\/127\.0\.0\.1:\d+\/cli-helper\.git: the server refused the credentials of "deployer" \[Authentication\]/);
  assert.doesNotMatch(wrong.stderr + wrong.stdout, /nope/, 'the password is never printed');
});

test('revert needs exactly one SHA', () => {
  const run = runCliProcess({ argv: ['revert'], cwd: fixture.dir, env: gitEnv() });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /give the SHA of the commit to revert/);
});
