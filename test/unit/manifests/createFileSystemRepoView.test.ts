import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { createFileSystemRepoView, readRemoteUrls } from '../../../server/src/engine/manifests/createFileSystemRepoView';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-repo-view-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** writeTree writes files (path → content) under a new directory of the scratch folder. */
function writeTree(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  fs.mkdirSync(root, { recursive: true });
  return root;
}

const config = [
  '[core]',
  '\trepositoryformatversion = 0',
  '[remote "origin"]',
  '\turl = https://github.com/example/platform.git',
  '\tfetch = +refs/heads/*:refs/remotes/origin/*',
  '[branch "main"]',
  '\tremote = origin',
  '[url "git@github.com:"]',
  '\tinsteadOf = https://github.com/',
  '[remote "mirror"]',
  '    url   =   git@gitlab.com:example/platform.git   ',
  '    pushurl = ssh://git@example.com/platform.git',
  '[Remote "upper"]',
  '\tURL = https://example.com/upper.git',
  '',
].join('\n');

describe('readRemoteUrls', () => {
  test('lists url and pushurl of every remote section, trimmed, and nothing else', () => {
    const root = writeTree('plain', { '.git/config': config });
    assert.deepEqual(readRemoteUrls(root), [
      'https://github.com/example/platform.git',
      'git@gitlab.com:example/platform.git',
      'ssh://git@example.com/platform.git',
      'https://example.com/upper.git',
    ]);
  });

  test('CRLF config files', () => {
    const root = writeTree('crlf', { '.git/config': config.replace(/\n/g, '\r\n') });
    assert.equal(readRemoteUrls(root).length, 4);
  });

  test('a worktree: .git is a file naming the git directory, whose commondir holds the config', () => {
    const main = writeTree('main-repo', { '.git/config': config, '.git/worktrees/feature/commondir': '../..\n', '.git/worktrees/feature/HEAD': 'ref: refs/heads/feature\n' });
    const worktree = writeTree('feature-worktree', { '.git': `gitdir: ${path.join(main, '.git', 'worktrees', 'feature')}\n` });
    assert.equal(readRemoteUrls(worktree)[0], 'https://github.com/example/platform.git');
  });

  test('a submodule: a relative gitdir without commondir', () => {
    const parent = writeTree('parent', { '.git/modules/sub/config': '[remote "origin"]\n\turl = https://example.com/sub.git\n' });
    const sub = writeTree(path.join('parent', 'sub'), { '.git': 'gitdir: ../.git/modules/sub\n' });
    assert.equal(path.dirname(sub), parent);
    assert.deepEqual(readRemoteUrls(sub), ['https://example.com/sub.git']);
  });

  test('no .git, a broken .git file or an empty url: no remotes, no error', () => {
    assert.deepEqual(readRemoteUrls(writeTree('no-git', {})), []);
    assert.deepEqual(readRemoteUrls(writeTree('bad-pointer', { '.git': 'garbage\n' })), []);
    assert.deepEqual(readRemoteUrls(writeTree('dangling-pointer', { '.git': 'gitdir: /nonexistent/path\n' })), []);
    assert.deepEqual(readRemoteUrls(writeTree('empty-url', { '.git/config': '[remote "x"]\n\turl =\n' })), []);
  });

  test('a very long line of blanks in the config finishes', () => {
    const root = writeTree('long-line', { '.git/config': `[remote "origin"]\n\turl = a${' '.repeat(200000)}b\n` });
    assert.deepEqual(readRemoteUrls(root), [`a${' '.repeat(200000)}b`]);
  });
});

describe('createFileSystemRepoView', () => {
  test('exists, isDirectory and the remotes, read once', () => {
    const root = writeTree('view', { '.git/config': config, 'apps/web.yaml': 'a: 1\n' });
    const view = createFileSystemRepoView(root);
    assert.equal(view.root, root);
    assert.equal(view.exists(path.join(root, 'apps', 'web.yaml')), true);
    assert.equal(view.exists(path.join(root, 'apps')), true);
    assert.equal(view.exists(path.join(root, 'nope')), false);
    assert.equal(view.isDirectory(path.join(root, 'apps')), true);
    assert.equal(view.isDirectory(path.join(root, 'apps', 'web.yaml')), false);
    assert.equal(view.isDirectory(path.join(root, 'nope')), false);
    // A path under a file (ENOTDIR) is missing, not an error.
    assert.equal(view.exists(path.join(root, 'apps', 'web.yaml', 'x')), false);
    assert.equal(view.isDirectory(path.join(root, 'apps', 'web.yaml', 'x')), false);
    const first = view.remoteUrls();
    fs.writeFileSync(path.join(root, '.git', 'config'), '');
    assert.equal(view.remoteUrls(), first, 'remotes are cached for the view\'s lifetime');
    // Without `remember`, the disk is asked every time.
    fs.mkdirSync(path.join(root, 'nope'));
    assert.equal(view.isDirectory(path.join(root, 'nope')), true);
  });

  test('with remember, what each path is is asked of the disk once', () => {
    const root = writeTree('remembered', { 'apps/web.yaml': 'a: 1\n' });
    const view = createFileSystemRepoView(root, { remember: true });
    assert.equal(view.isDirectory(path.join(root, 'apps')), true);
    assert.equal(view.exists(path.join(root, 'later')), false);
    fs.rmSync(path.join(root, 'apps'), { recursive: true });
    fs.mkdirSync(path.join(root, 'later'));
    assert.equal(view.isDirectory(path.join(root, 'apps')), true, 'the first answer is kept');
    assert.equal(view.exists(path.join(root, 'apps')), true);
    assert.equal(view.exists(path.join(root, 'later')), false);
    assert.equal(view.isDirectory(path.join(root, 'later')), false);
    assert.equal(view.exists(path.join(root, 'apps', 'web.yaml')), false, 'a path not asked about before is read from the disk');
  });
});
