import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openRepository } from '../../../server/src/engine/git/openRepository';
import { pushBranch, type CredentialProvider } from '../../../server/src/engine/git/pushBranch';
import { revertCommit } from '../../../server/src/engine/git/revertCommit';
import { buildRevertRepo, copyRepo, git, gitEnv, type GitFixture } from '../../support/buildFixtureRepo';
import { startGitHttpServer, type GitHttpServer } from '../../support/gitHttpServer';

let server: GitHttpServer;
let fixture: GitFixture;
let commits: Record<string, string>;
const user = { username: 'deployer', password: 's3cret-token' };
const good: CredentialProvider = { get: async () => user };

before(async () => {
  server = await startGitHttpServer(user);
  ({ fixture, commits } = buildRevertRepo());
});

after(() => server.stop());

/** setUp publishes the fixture to a fresh bare repository and returns a work tree tracking it. */
function setUp(name: string): { dir: string; remote: { url: string; gitdir: string } } {
  const remote = server.createBareRepo(name);
  const dir = copyRepo(fixture.dir);
  git(dir, ['remote', 'add', 'origin', remote.url]);
  git(fixture.dir, ['push', '-q', remote.gitdir, 'main:main']);
  git(dir, ['fetch', '-q', remote.gitdir, '+refs/heads/main:refs/remotes/origin/main']);
  git(dir, ['branch', '-q', '--set-upstream-to=origin/main', 'main']);
  return { dir, remote };
}

test('a revert is pushed over smart HTTP with basic auth; the server has exactly our commit', async () => {
  const { dir, remote } = setUp('accepts');
  const repo = openRepository({ dir });
  const { sha } = await revertCommit({ repo, sha: commits.lastStaging, env: gitEnv() });
  const asked: string[] = [];
  const result = await pushBranch({ repo, credentials: { get: async ({ url }) => (asked.push(url), user) } });
  assert.equal(git(remote.gitdir, ['rev-parse', 'main']), sha);
  assert.deepEqual(asked, [remote.url]);
  assert.deepEqual([result.remote, result.ref, result.remoteRef, result.oid], ['origin', 'refs/heads/main', 'refs/heads/main', sha]);
  assert.equal(git(dir, ['rev-parse', 'refs/remotes/origin/main']), sha, 'the remote-tracking branch follows');
  git(remote.gitdir, ['fsck', '--no-progress']);
});

test('a push the pre-receive hook rejects reports the hook\'s message and keeps the local commit', async () => {
  const { dir, remote } = setUp('rejects');
  server.rejectPushes('rejects', 'policy: main is frozen until Monday');
  const repo = openRepository({ dir });
  const before = git(remote.gitdir, ['rev-parse', 'main']);
  const { sha } = await revertCommit({ repo, sha: commits.lastStaging, env: gitEnv() });
  await assert.rejects(pushBranch({ repo, credentials: good }), (error: { code?: string; serverMessage?: string; reason?: string; message: string }) => {
    assert.equal(error.code, 'PushRejected');
    assert.match(error.serverMessage ?? '', /policy: main is frozen until Monday/);
    assert.match(error.reason ?? '', /pre-receive hook declined/);
    assert.match(error.message, /local commit is kept/);
    return true;
  });
  assert.equal(git(dir, ['rev-parse', 'HEAD']), sha, 'the local commit is kept');
  assert.equal(git(remote.gitdir, ['rev-parse', 'main']), before, 'the server is unchanged');
  server.acceptPushes('rejects');
  await pushBranch({ repo, credentials: good });
  assert.equal(git(remote.gitdir, ['rev-parse', 'main']), sha);
});

test('a push behind the remote is rejected as not a fast-forward', async () => {
  const { dir, remote } = setUp('behind');
  // Someone else pushes first.
  const other = copyRepo(fixture.dir);
  git(other, ['commit', '-q', '--allow-empty', '-m', 'someone else']);
  git(other, ['push', '-q', remote.gitdir, 'main:main']);
  const repo = openRepository({ dir });
  const { sha } = await revertCommit({ repo, sha: commits.lastStaging, env: gitEnv() });
  await assert.rejects(pushBranch({ repo, credentials: good }), { code: 'PushRejected', reason: /not a fast-forward/ });
  assert.equal(git(dir, ['rev-parse', 'HEAD']), sha);
  assert.notEqual(git(remote.gitdir, ['rev-parse', 'main']), sha);
});

test('wrong or missing credentials are an AuthenticationError, and the provider hears of the refusal', async () => {
  const { dir } = setUp('auth');
  const repo = openRepository({ dir });
  await revertCommit({ repo, sha: commits.lastStaging, env: gitEnv() });
  const refused: string[] = [];
  await assert.rejects(pushBranch({ repo, credentials: { get: async () => ({ username: 'deployer', password: 'wrong' }), rejected: ({ username }) => void refused.push(username) } }), {
    code: 'Authentication',
    message: /refused the credentials of "deployer"/,
  });
  assert.deepEqual(refused, ['deployer']);
  await assert.rejects(pushBranch({ repo, credentials: { get: async () => undefined } }), { code: 'Authentication', message: /none were found/ });
  await assert.rejects(pushBranch({ repo }), { code: 'Authentication' });
  assert.ok(!server.requests.some((line) => line.startsWith('POST /auth.git/git-receive-pack')), 'nothing was sent without valid credentials');
});

test('remotes that cannot be used are RemoteErrors', async () => {
  const { dir } = setUp('remotes');
  const repo = openRepository({ dir });
  await assert.rejects(pushBranch({ repo, remote: 'nowhere', credentials: good }), { code: 'Remote', message: /no remote "nowhere"/ });
  git(dir, ['remote', 'add', 'ssh', 'git@example.com:org/repo.git']);
  await assert.rejects(pushBranch({ repo, remote: 'ssh', credentials: good }), { code: 'Remote', message: /only HTTP\(S\)/ });
  git(dir, ['remote', 'add', 'closed', 'http://127.0.0.1:9/closed.git']);
  await assert.rejects(pushBranch({ repo, remote: 'closed', credentials: good }), { code: 'Remote', message: /cannot reach/ });
});
