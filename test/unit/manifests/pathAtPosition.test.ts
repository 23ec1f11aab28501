import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pathAtPosition } from '../../../server/src/engine/manifests/pathAtPosition';
import { documentsOf } from './manifestFixtures';

const lines = [
  'a: 1', // 0
  '---',
  'metadata:', // 2
  '  name: web',
  'spec:', // 4
  '  containers:',
  '    - name: app', // 6
  '      envFrom:',
  '        - configMapRef: {name: settings}', // 8
  '  list: [a, b]',
  '  "quoted key": v', // 10
  '  empty:',
  '',
];
const container = ['spec', 'containers', 0];

for (const [name, text] of [['LF', lines.join('\n')], ['CRLF', lines.join('\r\n')]] as const) {
  describe(`pathAtPosition (${name})`, () => {
    const document = documentsOf(text)[1];
    const pathAt = (line: number, character: number): unknown => pathAtPosition({ document, line, character });

    test('on a key, anywhere from its first character to just after its last', () => {
      assert.deepEqual(pathAt(2, 0), { path: ['metadata'], onKey: true });
      assert.deepEqual(pathAt(2, 8), { path: ['metadata'], onKey: true });
      assert.deepEqual(pathAt(3, 2), { path: ['metadata', 'name'], onKey: true });
      assert.deepEqual(pathAt(10, 3), { path: ['spec', 'quoted key'], onKey: true });
    });

    test('on a scalar value', () => {
      assert.deepEqual(pathAt(3, 8), { path: ['metadata', 'name'], onKey: false });
      assert.deepEqual(pathAt(3, 11), { path: ['metadata', 'name'], onKey: false });
      assert.deepEqual(pathAt(6, 12), { path: [...container, 'name'], onKey: false });
      assert.deepEqual(pathAt(10, 16), { path: ['spec', 'quoted key'], onKey: false });
    });

    test('through sequences and flow maps', () => {
      assert.deepEqual(pathAt(6, 6), { path: [...container, 'name'], onKey: true });
      assert.deepEqual(pathAt(8, 10), { path: [...container, 'envFrom', 0, 'configMapRef'], onKey: true });
      assert.deepEqual(pathAt(8, 26), { path: [...container, 'envFrom', 0, 'configMapRef', 'name'], onKey: true });
      assert.deepEqual(pathAt(8, 34), { path: [...container, 'envFrom', 0, 'configMapRef', 'name'], onKey: false });
      assert.deepEqual(pathAt(9, 10), { path: ['spec', 'list', 0], onKey: false });
      assert.deepEqual(pathAt(9, 13), { path: ['spec', 'list', 1], onKey: false });
      assert.deepEqual(pathAt(9, 11), { path: ['spec', 'list'], onKey: false }, 'between items: the list');
    });

    test('the first character of a key after a block map is that key, not the end of the map', () => {
      assert.deepEqual(pathAt(4, 0), { path: ['spec'], onKey: true });
    });

    test('a character past the end of a line stays on that line', () => {
      assert.deepEqual(pathAt(3, 12), { path: ['metadata', 'name'], onKey: false });
      assert.deepEqual(pathAt(3, 500), { path: ['metadata', 'name'], onKey: false });
    });

    test('an empty value', () => {
      assert.deepEqual(pathAt(11, 3), { path: ['spec', 'empty'], onKey: true });
      assert.deepEqual(pathAt(11, 8), { path: ['spec', 'empty'], onKey: false });
    });

    test('lines outside the document have no path', () => {
      assert.equal(pathAt(0, 0), undefined);
      assert.equal(pathAt(1, 0), undefined);
      assert.equal(pathAt(99, 0), undefined);
    });
  });
}

test('pathAtPosition in a document of a file parsed whole', () => {
  const document = documentsOf('%YAML 1.2\n---\na: 1\n...\n---\nkind: X\nspec:\n  n: 5\n')[1];
  assert.deepEqual(pathAtPosition({ document, line: 7, character: 5 }), { path: ['spec', 'n'], onKey: false });
});
