import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { buildEnvironmentHistoryRepo, environmentFiles, git, gitEnv, tempDir, type GitFixture } from '../support/buildFixtureRepo';
import { runCliProcess } from '../support/runCliProcess';

let fixture: GitFixture;
let staging: string[];
let production: string[];

before(() => {
  ({ fixture } = buildEnvironmentHistoryRepo());
  staging = environmentFiles(fixture.dir, 'staging');
  production = environmentFiles(fixture.dir, 'production');
});

interface HistoryJson {
  commits: Array<{ sha: string; subject: string; author: string; date: string; files: string[] }>;
}

test('history --env NAME --format json lists what git log -- <inputs> lists, with the documented fields', () => {
  const run = runCliProcess({ argv: ['history', '--env', 'staging', '--format', 'json'], cwd: path.join(fixture.dir, 'apps'), env: gitEnv() });
  assert.equal(run.status, 0, run.stderr);
  const output = JSON.parse(run.stdout) as HistoryJson;
  const expected = git(fixture.dir, ['log', '--format=%H%x01%s%x01%an%x01%aI', '--', ...staging]).split('\n').map((line) => line.split('\x01'));
  assert.deepEqual(output.commits.map((commit) => [commit.sha, commit.subject, commit.author, commit.date]), expected);
  assert.deepEqual(staging, ['apps/base/config.yaml', 'apps/base/kustomization.yaml', 'apps/staging'], 'the environment\'s directory and the base files its kustomization pulls in');
  for (const commit of output.commits) {
    assert.ok(Array.isArray(commit.files) && commit.files.length > 0, `${commit.sha} lists its files`);
    assert.ok(commit.files.every((file) => staging.some((input) => file === input || file.startsWith(`${input}/`))), 'only files of the environment');
  }
});

test('--limit and --skip page through the history; text output names each commit and its files', () => {
  const all = git(fixture.dir, ['log', '--format=%H', '--', ...production]).split('\n');
  const run = runCliProcess({ argv: ['history', '--env', 'production', '--repo', fixture.dir, '--limit', '2', '--skip', '1', '--format', 'json'], cwd: tempDir('gw-elsewhere-'), env: gitEnv() });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual((JSON.parse(run.stdout) as HistoryJson).commits.map((commit) => commit.sha), all.slice(1, 3));
  const text = runCliProcess({ argv: ['history', '--env', 'production', '--limit', '1'], cwd: fixture.dir, env: gitEnv() });
  assert.equal(text.status, 0, text.stderr);
  const subject = git(fixture.dir, ['log', '-1', '--format=%s', all[0]]);
  assert.match(text.stdout, new RegExp(`^${all[0].slice(0, 12)}  \\d{4}-\\d\\d-\\d\\d  Fixture Author  ${subject.replace(/[()]/g, '\\$&')}\\n    apps/`));
  assert.match(text.stdout, /\(more: --skip 1\)\n$/);
});

test('an unknown environment, a directory outside git and a bad --limit are clear errors with exit 2', () => {
  const unknown = runCliProcess({ argv: ['history', '--env', 'qa'], cwd: fixture.dir, env: gitEnv() });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no environment named "qa".*staging, production|production, staging/);
  const outside = runCliProcess({ argv: ['history', '--env', 'staging'], cwd: tempDir('gw-not-git-'), env: gitEnv() });
  assert.equal(outside.status, 2);
  assert.match(outside.stderr, /not a git repository/);
  const limit = runCliProcess({ argv: ['history', '--env', 'staging', '--limit', '0'], cwd: fixture.dir, env: gitEnv() });
  assert.equal(limit.status, 2);
  assert.match(limit.stderr, /--limit must be an integer/);
  for (const run of [unknown, outside, limit]) assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack traces');
});

test('history loads no vendor package (isomorphic-git, yaml, client-node) and leaves a history cache', () => {
  const hook = path.join(tempDir('gw-load-hook-'), 'hook.js');
  const record = path.join(path.dirname(hook), 'loaded.txt');
  // Every module Node loads by require, written when the process exits.
  fs.writeFileSync(hook, `const Module = require('node:module'); const fs = require('node:fs'); const loaded = []; const load = Module._load; Module._load = function (request, parent, isMain) { loaded.push(request); return load.apply(this, arguments); }; process.on('exit', () => fs.writeFileSync(${JSON.stringify(record)}, [...loaded, ...Object.keys(require.cache)].join('\\n')));`);
  const run = runCliProcess({ argv: ['history', '--env', 'staging', '--format', 'json'], cwd: fixture.dir, env: { ...gitEnv(), NODE_OPTIONS: `--require ${hook}` } });
  assert.equal(run.status, 0, run.stderr);
  const loaded = fs.readFileSync(record, 'utf8').split('\n');
  // The command bundle itself is loaded through vm.Script (loadCommandBundle), so the hook sees the entry point.
  assert.ok(loaded.some((entry) => entry.endsWith(path.join('dist', 'cli.js'))), 'the hook saw the CLI');
  assert.deepEqual(loaded.filter((entry) => /vendor|client-node|isomorphic-git|node_modules/.test(entry)), []);
  assert.ok(fs.statSync(path.join(fixture.dir, '.git', 'gitops-workbench', 'history-cache')).size > 0);
});
