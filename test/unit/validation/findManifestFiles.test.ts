import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { findManifestFiles } from '../../../server/src/engine/validation/findManifestFiles';
import { findRepositoryRoot } from '../../../server/src/engine/validation/findRepositoryRoot';

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-find-files-')));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function writeTree(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  fs.mkdirSync(root, { recursive: true });
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  return root;
}

function found(root: string, directory?: string): string[] {
  return findManifestFiles({ root, directory: directory && path.join(root, directory) }).map((file) => path.relative(root, file).split(path.sep).join('/'));
}

const manifest = 'apiVersion: v1\nkind: ConfigMap\n';

describe('findManifestFiles', () => {
  test('*.yaml and *.yml in any case, sorted; other files are not manifests', () => {
    const root = writeTree('extensions', { 'b.yaml': manifest, 'a.yml': manifest, 'C.YAML': manifest, 'd/e.Yml': manifest, 'f.json': '{}', 'g.txt': '', 'yaml': '', 'h.yaml.bak': '' });
    assert.deepEqual(found(root), ['C.YAML', 'a.yml', 'b.yaml', 'd/e.Yml']);
  });

  test('.git and node_modules are skipped, wherever they are', () => {
    const root = writeTree('skipped', { '.git/config.yaml': '', 'node_modules/pkg/x.yaml': '', 'sub/node_modules/y.yaml': '', 'sub/.git/z.yaml': '', 'keep.yaml': manifest });
    assert.deepEqual(found(root), ['keep.yaml']);
  });

  test('.gitignore files at several levels, each relative to its own folder', () => {
    const root = writeTree('gitignore-levels', {
      '.gitignore': '*.secret.yaml\n/build/\nout\n',
      'build/x.yaml': manifest,
      'apps/build/kept.yaml': manifest,
      'apps/out/ignored.yaml': manifest,
      'apps/db.secret.yaml': manifest,
      'apps/.gitignore': 'local/\ndraft-*.yaml\n',
      'apps/local/x.yaml': manifest,
      'apps/draft-1.yaml': manifest,
      'apps/web.yaml': manifest,
      'other/draft-1.yaml': manifest,
      'other/local/y.yaml': manifest,
    });
    assert.deepEqual(found(root), ['apps/build/kept.yaml', 'apps/web.yaml', 'other/draft-1.yaml', 'other/local/y.yaml']);
  });

  test('a deeper .gitignore can re-include what a shallower one ignores (as git does)', () => {
    const root = writeTree('gitignore-negation', {
      '.gitignore': '*.local.yaml\ngenerated/\n',
      'apps/.gitignore': '!keep.local.yaml\n',
      'apps/keep.local.yaml': manifest,
      'apps/drop.local.yaml': manifest,
      'generated/.gitignore': '!*.yaml\n',
      'generated/x.yaml': manifest,
    });
    // A file in an ignored folder stays ignored: git does not look inside it.
    assert.deepEqual(found(root), ['apps/keep.local.yaml']);
  });

  test('starting below the root: the .gitignore files above still apply', () => {
    const root = writeTree('gitignore-above', {
      '.gitignore': '*.secret.yaml\napps/tmp/\n',
      'apps/.gitignore': 'scratch.yaml\n',
      'apps/web/db.secret.yaml': manifest,
      'apps/web/scratch.yaml': manifest,
      'apps/web/web.yaml': manifest,
      'apps/tmp/x.yaml': manifest,
    });
    assert.deepEqual(found(root, 'apps/web'), ['apps/web/web.yaml']);
    assert.deepEqual(found(root, 'apps'), ['apps/web/web.yaml']);
  });

  test('Helm chart templates are skipped, values and subchart metadata are not', () => {
    const root = writeTree('helm', {
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'charts/web/values.yaml': 'replicas: 1\n',
      'charts/web/templates/deployment.yaml': '{{- if .Values.enabled }}\n',
      'charts/web/templates/nested/x.yaml': '{{ x }}\n',
      'charts/web/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'charts/web/charts/sub/templates/y.yaml': '{{ y }}\n',
      'apps/templates/not-helm.yaml': manifest,
    });
    assert.deepEqual(found(root), ['apps/templates/not-helm.yaml', 'charts/web/Chart.yaml', 'charts/web/charts/sub/Chart.yaml', 'charts/web/values.yaml']);
  });

  test('a missing directory has no files', () => {
    assert.deepEqual(found(writeTree('empty', {}), 'nope'), []);
  });
});

describe('findRepositoryRoot', () => {
  test('the nearest folder with .git (a directory or a worktree file), from a folder, a file or a missing path', () => {
    const root = writeTree('repository', { '.git/HEAD': 'ref: refs/heads/main\n', 'apps/web/web.yaml': manifest, 'nested/.git': 'gitdir: ../.git/worktrees/nested\n', 'nested/x/y.yaml': manifest });
    assert.equal(findRepositoryRoot(root), root);
    assert.equal(findRepositoryRoot(path.join(root, 'apps', 'web')), root);
    assert.equal(findRepositoryRoot(path.join(root, 'apps', 'web', 'web.yaml')), root);
    assert.equal(findRepositoryRoot(path.join(root, 'apps', 'missing.yaml')), root);
    assert.equal(findRepositoryRoot(path.join(root, 'nested', 'x', 'y.yaml')), path.join(root, 'nested'));
  });

  test('outside any repository: undefined', () => {
    assert.equal(findRepositoryRoot(writeTree('not-a-repository/deeper', {})), undefined);
  });
});
