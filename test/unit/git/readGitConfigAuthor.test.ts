import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openRepository } from '../../../server/src/engine/git/openRepository';
import { parseGitConfig, parseGitDate, readGitConfigAuthor } from '../../../server/src/engine/git/readGitConfigAuthor';
import { GitFixture, tempDir } from '../../support/buildFixtureRepo';

test('identity comes from the environment, then the repository config, then the global config', () => {
  const fixture = GitFixture.create();
  const home = tempDir('gw-home-');
  fs.writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Global Name\n\temail = global@example.com\n');
  const repo = openRepository({ dir: fixture.dir });
  const now = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
  const base = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg'), GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC' };
  // The fixture's repository config sets user.name / user.email.
  assert.deepEqual(readGitConfigAuthor({ repo, env: base, now }).author, { name: 'Fixture User', email: 'user@example.com', timestamp: Math.floor(now.getTime() / 1000), offsetMinutes: -now.getTimezoneOffset() });
  fs.writeFileSync(path.join(fixture.dir, '.git', 'config'), '[core]\n\tbare = false\n');
  assert.equal(readGitConfigAuthor({ repo, env: base, now }).author.name, 'Global Name');
  const identities = readGitConfigAuthor({ repo, env: { ...base, GIT_AUTHOR_NAME: 'Env Author', GIT_COMMITTER_EMAIL: 'env@example.com', GIT_AUTHOR_DATE: '1700000000 -0130' }, now });
  assert.deepEqual(identities.author, { name: 'Env Author', email: 'global@example.com', timestamp: 1700000000, offsetMinutes: -90 });
  assert.equal(identities.committer.email, 'env@example.com');
  assert.throws(() => readGitConfigAuthor({ repo, env: { HOME: tempDir('gw-empty-home-'), GIT_CONFIG_NOSYSTEM: '1' } }), { code: 'AuthorUnknown' });
});

test('git config syntax: subsections, quotes, escapes, comments, case-insensitive keys', () => {
  const text = '# comment\n[User]\n  Name = "Ann \\"Q\\" Lee" ; trailing\n  email=ann@example.com # note\n[remote "origin"]\n\turl = https://example.com/r.git\n[core] bare\n';
  assert.deepEqual(parseGitConfig(text), [
    ['user.name', 'Ann "Q" Lee'],
    ['user.email', 'ann@example.com'],
    ['remote.origin.url', 'https://example.com/r.git'],
    ['core.bare', 'true'],
  ]);
});

test('GIT_*_DATE forms: raw seconds with a zone, @seconds, ISO 8601', () => {
  assert.deepEqual(parseGitDate('1700000000 +0200'), { timestamp: 1700000000, offsetMinutes: 120 });
  assert.deepEqual(parseGitDate('@1700000000 -0500'), { timestamp: 1700000000, offsetMinutes: -300 });
  assert.deepEqual(parseGitDate('2024-05-06T07:08:09+02:00'), { timestamp: Date.UTC(2024, 4, 6, 5, 8, 9) / 1000, offsetMinutes: 120 });
  assert.deepEqual(parseGitDate('2024-05-06 07:08:09Z'), { timestamp: Date.UTC(2024, 4, 6, 7, 8, 9) / 1000, offsetMinutes: 0 });
  assert.equal(parseGitDate('next tuesday'), undefined);
});
