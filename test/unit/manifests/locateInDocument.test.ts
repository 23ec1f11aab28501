import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locateInDocument } from '../../../server/src/engine/manifests/locateInDocument';
import type { ManifestDocument } from '../../../server/src/engine/manifests/ManifestDocument';
import type { YamlPath } from '../../../server/src/engine/validation/Finding';
import { documentsOf } from './manifestFixtures';

const lines = [
  'apiVersion: v1', // 0
  'kind: ConfigMap',
  '---', // 2
  'apiVersion: apps/v1',
  'kind: Deployment', // 4
  'metadata:',
  '  name: "web"', // 6
  "  labels: {app: web, tier: 'front'}",
  'spec:', // 8
  '  replicas: 3',
  '  empty:', // 10
  '  template:',
  '    spec:', // 12
  '      containers:',
  '        - name: app', // 14
  '          image: nginx:latest',
  '          args:', // 16
  '            - --a',
  '            - "--b"', // 18
  '        - name: side',
  '          command: |', // 20
  '            echo hi',
  '            echo bye', // 22
  '',
];
const containers = ['spec', 'template', 'spec', 'containers'];

/** at shows a located range as [startLine, startChar, endLine, endChar]. */
function at(document: ManifestDocument, path: YamlPath, target?: 'key' | 'value'): [number, number, number, number] {
  const range = locateInDocument({ document, path, target });
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

for (const [name, text] of [['LF', lines.join('\n')], ['CRLF', lines.join('\r\n')]] as const) {
  describe(`locateInDocument (${name})`, () => {
    const document = documentsOf(text)[1];

    test('the document was parsed on the fast path: positions come from the quick locator where it reads the text, else from a lazy careful parse', () => {
      const fresh = documentsOf(text)[1];
      assert.equal(fresh.source.tree.yamlDocument, undefined);
      at(fresh, ['kind']);
      // The quick locator reads no CR: with CRLF line ends the careful parse answers at once.
      assert.equal(fresh.source.tree.yamlDocument === undefined, name === 'LF');
      // A block scalar is not read by the quick locator.
      at(fresh, [...containers, 1, 'command']);
      assert.ok(fresh.source.tree.yamlDocument, 'the careful parse is kept for the next lookup');
    });

    test('scalar values and their keys, in file lines', () => {
      assert.deepEqual(at(document, ['kind']), [4, 6, 4, 16]);
      assert.deepEqual(at(document, ['kind'], 'key'), [4, 0, 4, 4]);
      assert.deepEqual(at(document, ['spec', 'replicas']), [9, 12, 9, 13]);
      assert.deepEqual(at(document, [...containers, 0, 'image']), [15, 17, 15, 29]);
    });

    test('a quoted value includes its quotes', () => {
      assert.deepEqual(at(document, ['metadata', 'name']), [6, 8, 6, 13]);
      assert.deepEqual(at(document, ['metadata', 'name'], 'key'), [6, 2, 6, 6]);
      assert.deepEqual(at(document, [...containers, 0, 'args', 1]), [18, 14, 18, 19]);
    });

    test('inside a flow map', () => {
      assert.deepEqual(at(document, ['metadata', 'labels', 'tier']), [7, 27, 7, 34]);
      assert.deepEqual(at(document, ['metadata', 'labels', 'tier'], 'key'), [7, 21, 7, 25]);
      assert.deepEqual(at(document, ['metadata', 'labels']), [7, 10, 7, 35], 'a one-line flow map is underlined whole');
    });

    test('sequence items, by index', () => {
      assert.deepEqual(at(document, [...containers, 0, 'args', 0]), [17, 14, 17, 17]);
      assert.deepEqual(at(document, [...containers, 1, 'name']), [19, 16, 19, 20]);
    });

    test('block collections underline their first line only', () => {
      assert.deepEqual(at(document, ['spec']), [9, 2, 9, 13]);
      assert.deepEqual(at(document, containers), [14, 8, 14, 19]);
      assert.deepEqual(at(document, [...containers, 0]), [14, 10, 14, 19]);
    });

    test('a block scalar ends on its last line, not at the start of the next', () => {
      assert.deepEqual(at(document, [...containers, 1, 'command']), [20, 19, 22, 20]);
    });

    test('an empty value is the point after its colon', () => {
      assert.deepEqual(at(document, ['spec', 'empty']), [10, 8, 10, 8]);
      assert.deepEqual(at(document, ['spec', 'empty'], 'key'), [10, 2, 10, 7]);
    });

    test('a path that goes too far lands on its deepest existing ancestor', () => {
      assert.deepEqual(at(document, ['spec', 'missing', 'deeper']), [9, 2, 9, 13]);
      assert.deepEqual(at(document, ['spec', 'missing', 'deeper'], 'key'), [8, 0, 8, 4]);
      assert.deepEqual(at(document, [...containers, 5, 'image']), [14, 8, 14, 19]);
      assert.deepEqual(at(document, [...containers, 0, 'image', 'x']), [15, 17, 15, 29]);
      assert.deepEqual(at(document, ['spec', 'replicas', 0]), [9, 12, 9, 13]);
      assert.deepEqual(at(document, ['metadata', 'name', 'x'], 'key'), [6, 2, 6, 6]);
    });

    test('the empty path is the document\'s first line', () => {
      assert.deepEqual(at(document, []), [3, 0, 3, 19]);
      assert.deepEqual(at(document, [], 'key'), [3, 0, 3, 19]);
    });
  });
}

describe('locateInDocument: other document sources', () => {
  test('a document of a file parsed whole uses the file\'s tree and lines', () => {
    const document = documentsOf('%YAML 1.2\n---\na: 1\n...\n---\nkind: X\nspec:\n  n: 5\n')[1];
    assert.equal(document.source.wholeFile, true);
    assert.deepEqual(at(document, ['spec', 'n']), [7, 5, 7, 6]);
    assert.deepEqual(at(document, ['kind'], 'key'), [5, 0, 5, 4]);
  });

  test('keys that are numbers or booleans in YAML are found by their string form', () => {
    const document = documentsOf('data:\n  8080: http\n  true: yes\n')[0];
    assert.deepEqual(at(document, ['data', '8080']), [1, 8, 1, 12]);
    assert.deepEqual(at(document, ['data', 'true'], 'key'), [2, 2, 2, 6]);
  });

  test('a document that does not parse carefully falls back to its first line', () => {
    const document: ManifestDocument = { file: '/f.yaml', index: 0, startLine: 10, value: {}, source: { text: '# c\n[unclosed\n', startLine: 10, tree: {} } };
    assert.deepEqual(at(document, ['a']), [11, 0, 11, 9]);
  });

  test('a document after a marker with comments keeps file lines', () => {
    const document = documentsOf('a: 1\n--- # second\n# about it\n\nkind: X\n')[1];
    assert.deepEqual(at(document, ['kind']), [4, 6, 4, 7]);
  });
});
