import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import type { EnvironmentDto, EnvironmentHistoryResult, ErrorDataDto, RevertResult } from '../../server/src/protocol/dtos';
import {
  EnvironmentHistoryRequest,
  ListEnvironmentsRequest,
  PreviewRevertRequest,
  PushRequest,
  RenderEnvironmentRequest,
  RevertRequest,
  RollbackRequest,
} from '../../server/src/protocol/requests';
import { buildRevertRepo, copyRepo, git, gitEnv, type GitFixture } from '../support/buildFixtureRepo';
import { startGitHttpServer, type GitHttpServer } from '../support/gitHttpServer';
import { startLanguageServer, type LanguageServerSession } from '../support/startLanguageServer';

// The protocol tests of the repository requests: a real `node dist/server.js --stdio` on a real
// repository built with native git (test/support/buildFixtureRepo.ts's revert fixture, which
// declares staging and production in .gitops-workbench.yaml). The tests run in order and the
// later ones commit: history and previews see the fixture's HEAD, then a revert, a refused
// revert, a rollback with a push.

let fixture: GitFixture;
let commits: Record<string, string>;
/** An untouched copy of the fixture, for native git to compare with and for a second repository. */
let pristine: string;
let dir: string;
let folderUri: string;
let server: LanguageServerSession;
let gitServer: GitHttpServer;
const user = { username: 'deployer', password: 's3cret-token' };
const when = { GIT_AUTHOR_DATE: '1800000000 +0000', GIT_COMMITTER_DATE: '1800000000 +0000' };

before(async () => {
  ({ fixture, commits } = buildRevertRepo());
  dir = fixture.dir;
  pristine = copyRepo(dir);
  folderUri = pathToFileURL(dir).toString();
  gitServer = await startGitHttpServer(user);
  server = await startLanguageServer({ folder: dir, env: gitEnv(when) });
});

after(async () => {
  await server?.stop();
  await gitServer?.stop();
  for (const directory of [dir, pristine]) if (directory) fs.rmSync(directory, { recursive: true, force: true });
});

/** repositoryState is what must not change when a request changes nothing. */
function repositoryState(repository: string): { head: string; status: string; index: string } {
  return {
    head: git(repository, ['rev-parse', 'HEAD']),
    status: git(repository, ['status', '--porcelain', '--untracked-files=all']),
    index: fs.readFileSync(path.join(repository, '.git', 'index')).toString('base64'),
  };
}

/** environmentPaths is what history, revert and rollback of an environment work on: its paths and inputs, outermost only. */
function environmentPaths(environment: EnvironmentDto): string[] {
  const all = [...new Set([...environment.paths, ...environment.inputs])].sort();
  return all.filter((entry) => !all.some((other) => other !== entry && entry.startsWith(`${other}/`)));
}

async function rejection(request: Promise<unknown>): Promise<ResponseError<ErrorDataDto>> {
  try {
    await request;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `expected a ResponseError, got ${String(error)}`);
    return error as ResponseError<ErrorDataDto>;
  }
  assert.fail('the request succeeded; expected a ResponseError');
}

async function staging(): Promise<EnvironmentDto> {
  const listed = await server.connection.sendRequest(ListEnvironmentsRequest, { folderUri });
  const environment = listed.environments.find((candidate) => candidate.name === 'staging');
  assert.ok(environment);
  return environment;
}

test('gitops/listEnvironments lists the configured environments with their sources and paths', async () => {
  const listed = await server.connection.sendRequest(ListEnvironmentsRequest, { folderUri });
  assert.equal(listed.root, dir);
  assert.deepEqual(
    listed.environments.map((environment) => ({ name: environment.name, source: environment.source, paths: environment.paths })),
    [
      { name: 'staging', source: 'config', paths: ['apps/staging'] },
      { name: 'production', source: 'config', paths: ['apps/production'] },
    ],
  );
  assert.deepEqual(listed.problems, []);
});

test('gitops/renderEnvironment renders the overlay and its base, each object with its origin', async () => {
  const rendered = await server.connection.sendRequest(RenderEnvironmentRequest, { folderUri, environment: 'staging' });
  assert.deepEqual(rendered.notRendered, []);
  assert.deepEqual(rendered.objects.map((object) => `${object.kind}/${object.name}`).sort(), ['ConfigMap/base', 'ConfigMap/staging']);
  const settings = rendered.objects.find((object) => object.name === 'staging');
  assert.deepEqual(settings?.origin, { uri: pathToFileURL(path.join(dir, 'apps/staging/settings.yaml')).toString(), line: 0 });
});

test('gitops/environmentHistory pages through exactly the commits git log lists for the environment\'s inputs', async () => {
  const paths = environmentPaths(await staging());
  const expected = git(dir, ['log', '--format=%H', '--', ...paths]).split('\n');
  assert.ok(expected.length > 4, 'the fixture has more than one page of staging history');
  const seen: string[] = [];
  let skip: number | undefined = 0;
  while (skip !== undefined) {
    const page: EnvironmentHistoryResult = await server.connection.sendRequest(EnvironmentHistoryRequest, { folderUri, environment: 'staging', limit: 4, skip });
    assert.equal(page.environment, 'staging');
    assert.deepEqual(page.paths, paths);
    assert.ok(page.commits.length <= 4);
    seen.push(...page.commits.map((commit) => commit.sha));
    skip = page.nextSkip;
  }
  assert.deepEqual(seen, expected);

  const [newest] = (await server.connection.sendRequest(EnvironmentHistoryRequest, { folderUri, environment: 'staging', limit: 1 })).commits;
  assert.deepEqual(newest, {
    sha: commits.lastStaging,
    subject: 'staging: set s11',
    author: git(dir, ['log', '-1', '--format=%an', commits.lastStaging]),
    authorEmail: git(dir, ['log', '-1', '--format=%ae', commits.lastStaging]),
    date: git(dir, ['log', '-1', '--format=%aI', commits.lastStaging]),
    parents: [git(dir, ['rev-parse', `${commits.lastStaging}^`])],
    files: ['apps/staging/settings.yaml'],
  });
});

test('gitops/previewRevert lists the commit\'s files, no conflict, and changes nothing', async () => {
  const state = repositoryState(dir);
  const preview = await server.connection.sendRequest(PreviewRevertRequest, { folderUri, commit: commits.editFar.slice(0, 10) });
  assert.deepEqual(preview, {
    commit: commits.editFar,
    head: state.head,
    branch: 'refs/heads/main',
    message: `Revert "staging: set s1"\n\nThis reverts commit ${commits.editFar}.\n`,
    partial: false,
    files: [{ path: 'apps/staging/settings.yaml', status: 'modified', outcome: 'merge' }],
    conflict: false,
    conflicts: [],
    alsoAffects: [],
  });
  const limited = await server.connection.sendRequest(PreviewRevertRequest, { folderUri, commit: commits.bothEnvs, environment: 'production' });
  assert.deepEqual([limited.partial, limited.files, limited.conflict], [true, [{ path: 'apps/production/settings.yaml', status: 'modified', outcome: 'merge' }], false]);
  assert.match(limited.message, /\n\nOnly its changes to environment production are reverted\.\n$/);
  const conflicting = await server.connection.sendRequest(PreviewRevertRequest, { folderUri, commit: commits.editLaterNear });
  assert.deepEqual([conflicting.conflict, conflicting.conflicts, conflicting.files.map((file) => file.outcome)], [true, ['apps/staging/settings.yaml'], ['conflict']]);
  assert.deepEqual(repositoryState(dir), state);
});

test('gitops/revert commits git revert\'s message and tree', async () => {
  const native = copyRepo(dir);
  try {
    git(native, ['revert', '--no-edit', commits.editFar], { env: when });
    const before = git(dir, ['rev-parse', 'HEAD']);
    const result: RevertResult = await server.connection.sendRequest(RevertRequest, { folderUri, commit: commits.editFar });
    assert.deepEqual(result, {
      commit: git(dir, ['rev-parse', 'HEAD']),
      reverted: commits.editFar,
      message: `Revert "staging: set s1"\n\nThis reverts commit ${commits.editFar}.\n`,
      files: ['apps/staging/settings.yaml'],
      branch: 'refs/heads/main',
      alsoAffects: [],
    });
    assert.equal(git(dir, ['rev-parse', 'HEAD^']), before);
    assert.equal(git(dir, ['log', '-1', '--format=%B']), `Revert "staging: set s1"\n\nThis reverts commit ${commits.editFar}.\n`);
    assert.equal(git(dir, ['rev-parse', 'HEAD^{tree}']), git(native, ['rev-parse', 'HEAD^{tree}']));
    // Same author, committer and dates as native git: the very same commit.
    assert.equal(result.commit, git(native, ['rev-parse', 'HEAD']));
    assert.equal(git(dir, ['status', '--porcelain']), '');
  } finally {
    fs.rmSync(native, { recursive: true, force: true });
  }
});

test('a conflicting gitops/revert fails with the Conflict code and its files, and leaves the repository untouched', async () => {
  const state = repositoryState(dir);
  const error = await rejection(server.connection.sendRequest(RevertRequest, { folderUri, commit: commits.editLaterNear }));
  assert.equal(error.code, -32803);
  assert.deepEqual(error.data, { code: 'Conflict', files: ['apps/staging/settings.yaml'] });
  assert.match(error.message, /nothing was changed/);
  assert.deepEqual(repositoryState(dir), state);
});

test('gitops/rollback makes one commit restoring the environment\'s inputs, and pushes it with the given credentials', async () => {
  const remote = gitServer.createBareRepo('rollback');
  git(dir, ['remote', 'add', 'origin', remote.url]);
  git(dir, ['push', '-q', remote.gitdir, 'main:main']);
  const paths = environmentPaths(await staging());
  const before = git(dir, ['rev-parse', 'HEAD']);
  const to = commits.renameKustomization;
  const result = await server.connection.sendRequest(RollbackRequest, { folderUri, environment: 'staging', to, push: true, ...user });
  const head = git(dir, ['rev-parse', 'HEAD']);
  assert.equal(result.commit, head);
  assert.equal(git(dir, ['rev-parse', 'HEAD^']), before);
  assert.equal(result.target, to);
  assert.equal(result.message, `Rollback staging to ${to.slice(0, 12)}\n\nRestores ${paths.join(', ')} to their content at commit ${to}.\n`);
  assert.equal(git(dir, ['diff', '--name-only', to, 'HEAD', '--', ...paths]), '');
  assert.deepEqual(result.files, git(dir, ['diff', '--name-only', before, 'HEAD']).split('\n'));
  assert.deepEqual(result.files, ['apps/staging/extra.yaml', 'apps/staging/settings.yaml']);
  assert.deepEqual(result.push, { ok: true, remote: 'origin', url: remote.url, remoteRef: 'refs/heads/main' });
  assert.equal(git(remote.gitdir, ['rev-parse', 'refs/heads/main']), head);
  assert.equal(git(dir, ['status', '--porcelain']), '');
  assert.ok(!server.stderr().includes(user.password));
});

test('a push refused for its credentials keeps the commit and says so in the result, without the password', async () => {
  const remote = gitServer.createBareRepo('refused');
  git(pristine, ['remote', 'add', 'origin', remote.url]);
  git(pristine, ['push', '-q', remote.gitdir, 'main:main']);
  const result = await server.connection.sendRequest(RevertRequest, { folderUri: pathToFileURL(pristine).toString(), commit: commits.editFar, environment: 'staging', push: true, username: user.username, password: 'wrong-password' });
  assert.equal(result.commit, git(pristine, ['rev-parse', 'HEAD']));
  assert.equal(result.push?.ok, false);
  assert.equal(result.push?.ok === false ? result.push.code : undefined, 'Authentication');
  assert.ok(!JSON.stringify(result).includes('wrong-password'));
  assert.notEqual(git(remote.gitdir, ['rev-parse', 'refs/heads/main']), result.commit);
  // The client asks for credentials and pushes the kept commit, without committing again.
  const pushed = await server.connection.sendRequest(PushRequest, { folderUri: pathToFileURL(pristine).toString(), ...user });
  assert.deepEqual(pushed, { ok: true, remote: 'origin', url: remote.url, remoteRef: 'refs/heads/main' });
  assert.equal(git(remote.gitdir, ['rev-parse', 'refs/heads/main']), result.commit);
  assert.equal(git(pristine, ['rev-parse', 'HEAD']), result.commit);
  assert.ok(!server.stderr().includes(user.password));
});

test('an unknown environment fails with the EnvironmentNotFound code', async () => {
  for (const request of [
    server.connection.sendRequest(EnvironmentHistoryRequest, { folderUri, environment: 'nowhere' }),
    server.connection.sendRequest(PreviewRevertRequest, { folderUri, commit: commits.editFar, environment: 'nowhere' }),
    server.connection.sendRequest(RollbackRequest, { folderUri, environment: 'nowhere', to: commits.initial }),
  ]) {
    const error = await rejection(request);
    assert.deepEqual(error.data, { code: 'EnvironmentNotFound' });
    assert.match(error.message, /no environment named "nowhere"; the environments are: staging, production/);
  }
});

test('malformed params fail with InvalidParams', async () => {
  const error = await rejection(server.connection.sendRequest(EnvironmentHistoryRequest, { folderUri, environment: 'staging', limit: 0 }));
  assert.deepEqual([error.code, error.data], [-32602, { code: 'InvalidParams' }]);
});
