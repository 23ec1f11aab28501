import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { emptyRepoConfig } from '../../../server/src/engine/config/RepoConfig';
import { readRepoConfig } from '../../../server/src/engine/config/readRepoConfig';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-repo-config-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('a missing file is an empty config', () => {
  assert.deepEqual(readRepoConfig({ root: scratch }), emptyRepoConfig());
});

test('the file at the root is read; a given text wins over it (an unsaved editor buffer)', () => {
  const root = fs.mkdtempSync(path.join(scratch, 'repo-'));
  fs.writeFileSync(path.join(root, '.gitops-workbench.yaml'), 'rules:\n  image-latest: error\n');
  assert.deepEqual(readRepoConfig({ root }).rules, { 'image-latest': 'error' });
  assert.deepEqual(readRepoConfig({ root, text: 'rules:\n  image-latest: off\n' }).rules, { 'image-latest': 'off' });
});

test('every field, as documented', () => {
  const text = [
    'environments:',
    '  - name: staging',
    '    paths: [apps/staging]',
    '    context: kind-staging',
    '    namespace: shop',
    '    reconciler: push',
    '    branch: main',
    'ignoreDifferences:',
    '  - group: apps',
    '    kind: Deployment',
    '    jsonPointers: [/spec/replicas]',
    'rules:',
    '  image-latest: error',
    '  schema: off',
  ].join('\n');
  assert.deepEqual(readRepoConfig({ root: scratch, text }), {
    environments: [{ name: 'staging', paths: ['apps/staging'], context: 'kind-staging', namespace: 'shop', reconciler: 'push', branch: 'main' }],
    ignoreDifferences: [{ group: 'apps', kind: 'Deployment', name: undefined, namespace: undefined, jsonPointers: ['/spec/replicas'], jqPathExpressions: undefined, managedFieldsManagers: undefined }],
    rules: { 'image-latest': 'error', schema: 'off' },
  });
});

test('a partly wrong config keeps its well-formed parts', () => {
  const text = [
    'environments:',
    '  - name: ok',
    '    paths: [a, 5, b]',
    '    reconciler: jenkins',
    '  - name: no-paths',
    '  - paths: [no-name]',
    '  - just a string',
    'ignoreDifferences: not-a-list',
    'rules:',
    '  image-latest: fatal',
    '  ref-missing: warning',
    '  schema: [error]',
  ].join('\n');
  assert.deepEqual(readRepoConfig({ root: scratch, text }), {
    environments: [{ name: 'ok', paths: ['a', 'b'] }],
    ignoreDifferences: [],
    rules: { 'ref-missing': 'warning' },
  });
});

test('unparsable YAML or a non-map is an empty config, never an error', () => {
  for (const text of ['rules: [', 'a: 1\na: 2\n', '- a list', 'just text', '', '\u0000']) assert.deepEqual(readRepoConfig({ root: scratch, text }), emptyRepoConfig(), JSON.stringify(text));
});
