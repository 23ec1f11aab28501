import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifestText } from '../../../server/src/engine/manifests/parseManifestText';
import { resolveFinding } from '../../../server/src/engine/validation/resolveFinding';

const file = '/repo/app.yaml';
const document = parseManifestText({ file, text: 'a: 1\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicaz: 3\n' }).documents[1];

test('resolveFinding locates the path in the file and keeps rule, severity and message', () => {
  assert.deepEqual(resolveFinding({ finding: { document, path: ['metadata', 'name'], message: 'bad name' }, rule: 'r', severity: 'warning' }), {
    file,
    range: { start: { line: 5, character: 8 }, end: { line: 5, character: 11 } },
    severity: 'warning',
    rule: 'r',
    message: 'bad name',
  });
});

test('target key underlines the key', () => {
  const resolved = resolveFinding({ finding: { document, path: ['spec', 'replicaz'], target: 'key', message: 'unknown field' }, rule: 'schema', severity: 'error' });
  assert.deepEqual(resolved.range, { start: { line: 7, character: 2 }, end: { line: 7, character: 10 } });
});

test('a fix becomes one edit of the value (or key) it replaces', () => {
  const renamed = resolveFinding({
    finding: { document, path: ['spec', 'replicaz'], target: 'key', message: 'unknown field', fix: { title: 'Rename', path: ['spec', 'replicaz'], target: 'key', newValue: 'replicas' } },
    rule: 'schema',
    severity: 'error',
  });
  assert.deepEqual(renamed.fix, { title: 'Rename', edits: [{ range: { start: { line: 7, character: 2 }, end: { line: 7, character: 10 } }, newText: 'replicas' }] });
  const revalued = resolveFinding({
    finding: { document, path: ['kind'], message: 'kind', fix: { title: 'Set', path: ['spec', 'replicaz'], newValue: '2' } },
    rule: 'r',
    severity: 'info',
  });
  assert.deepEqual(revalued.fix?.edits[0].range, { start: { line: 7, character: 12 }, end: { line: 7, character: 13 } }, 'a fix targets the value unless it says key');
});

test('the whole document ([]) is its first line', () => {
  assert.deepEqual(resolveFinding({ finding: { document, path: [], message: 'm' }, rule: 'r', severity: 'error' }).range, { start: { line: 2, character: 0 }, end: { line: 2, character: 19 } });
});
