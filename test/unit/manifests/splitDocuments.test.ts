import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitDocuments } from '../../../server/src/engine/manifests/splitDocuments';

/** chunksOf shows each chunk as [startLine, text]. */
function chunksOf(text: string): Array<[number, string]> | undefined {
  return splitDocuments(text)?.map((chunk) => [chunk.startLine, chunk.text]);
}

describe('splitDocuments', () => {
  test('a single document without a marker is one chunk from line 0', () => {
    assert.deepEqual(chunksOf('a: 1\nb: 2\n'), [[0, 'a: 1\nb: 2\n']]);
  });

  test('each chunk starts on the line after its marker', () => {
    const text = 'a: 1\n---\nb: 2\nc: 3\n---\nd: 4';
    assert.deepEqual(chunksOf(text), [
      [0, 'a: 1\n'],
      [2, 'b: 2\nc: 3\n'],
      [5, 'd: 4'],
    ]);
  });

  test('leading, middle and trailing empty documents are dropped, blank and comment-only ones too', () => {
    const text = ['---', '', '---', 'a: 1', '---', '# only a comment', '   # indented comment', '', '---', '---', 'b: 2', '---', '  ', '---', ''].join('\n');
    assert.deepEqual(chunksOf(text), [
      [3, 'a: 1\n'],
      [10, 'b: 2\n'],
    ]);
  });

  test('a comment before the content belongs to the chunk (positions stay file lines)', () => {
    assert.deepEqual(chunksOf('---\n# header\n\napiVersion: v1\n'), [[1, '# header\n\napiVersion: v1\n']]);
  });

  test('`--- # comment` and `---` with trailing blanks are markers', () => {
    assert.deepEqual(chunksOf('a: 1\n--- # next\nb: 2\n---   \nc: 3\n---\t\nd: 4\n'), [
      [0, 'a: 1\n'],
      [2, 'b: 2\n'],
      [4, 'c: 3\n'],
      [6, 'd: 4\n'],
    ]);
  });

  test('CRLF files split at `---\\r` lines and keep their CR in the chunk text', () => {
    assert.deepEqual(chunksOf('a: 1\r\n---\r\nb: 2\r\n--- # x\r\nc: 3\r\n'), [
      [0, 'a: 1\r\n'],
      [2, 'b: 2\r\n'],
      [4, 'c: 3\r\n'],
    ]);
    assert.deepEqual(chunksOf('---\r\n\r\n# c\r\n---\r\na: 1'), [[4, 'a: 1']]);
  });

  test('`----` and `---x` are not markers: the stream is parsed whole', () => {
    assert.equal(splitDocuments('a: 1\n----\nb: 2\n'), undefined);
    assert.equal(splitDocuments('a: 1\n---x\n'), undefined);
  });

  test('`---#x` is a plain scalar, not a marker (a comment needs a blank before `#`)', () => {
    assert.deepEqual(chunksOf('a: |\n  x\n---#x\n'), [[0, 'a: |\n  x\n---#x\n']]);
  });

  test('an indented `---` inside a block scalar is text, not a marker', () => {
    const text = 'data:\n  script: |\n    echo a\n    ---\n    echo b\n---\nb: 2\n';
    assert.deepEqual(chunksOf(text), [
      [0, 'data:\n  script: |\n    echo a\n    ---\n    echo b\n'],
      [6, 'b: 2\n'],
    ]);
  });

  test('directives, `...` and content on the marker line make the stream unsplittable', () => {
    assert.equal(splitDocuments('%YAML 1.2\n---\na: 1\n'), undefined);
    assert.equal(splitDocuments('a: 1\n...\n---\nb: 2\n'), undefined);
    assert.equal(splitDocuments('--- a: 1\n'), undefined);
    assert.equal(splitDocuments('--- |\n  text\n'), undefined);
    assert.equal(splitDocuments('a: 1\n--- !tag\nb: 2\n'), undefined);
  });

  test('an empty or whitespace-only stream has no chunks', () => {
    assert.deepEqual(chunksOf(''), []);
    assert.deepEqual(chunksOf('\n\n   \n'), []);
    assert.deepEqual(chunksOf('# just a comment\n'), []);
  });

  test('a lone CR is a line break for the empty-document check', () => {
    assert.deepEqual(chunksOf('# c\r  x: 1\n'), [[0, '# c\r  x: 1\n']]);
  });

  test('each chunk is the exact text between markers: chunks and markers rebuild the file', () => {
    const lines = ['# top', 'a: 1', '---', 'b: 2', '', '--- # c', 'c:', '  - 1', '---', 'd: 4'];
    const text = lines.join('\n');
    const chunks = splitDocuments(text) ?? [];
    for (const chunk of chunks) {
      const fromLines = lines.slice(chunk.startLine).join('\n');
      assert.ok(fromLines.startsWith(chunk.text), `chunk at ${chunk.startLine} is not the file text there`);
    }
    assert.deepEqual(chunks.map((chunk) => chunk.startLine), [0, 3, 6, 9]);
  });

  describe('adversarial inputs finish (the empty-document check is linear)', () => {
    // The former /^(?:[ \t]*(?:#.*)?\r?\n?)*$/ backtracked exponentially: ten indented comment
    // lines followed by content already took seconds, thirty hung the language server.
    test('thousands of indented comment lines followed by content', () => {
      const text = '  # replicas: 3\n'.repeat(5000) + 'apiVersion: v1\nkind: ConfigMap\n';
      assert.deepEqual(chunksOf(text), [[0, text]]);
    });

    test('a long `####` banner and a deeply indented first line', () => {
      const text = `${'#'.repeat(50000)}\n${' '.repeat(50000)}x: 1\n`;
      assert.equal(splitDocuments(text)?.length, 1);
    });

    test('comments with many `#` and blanks, then content, in every one of 2000 documents', () => {
      const text = Array.from({ length: 2000 }, (_, index) => `# # # # # # # # # # # #\n \t # \t # \t #\nn: ${index}\n`).join('---\n');
      const chunks = splitDocuments(text) ?? [];
      assert.equal(chunks.length, 2000);
      assert.equal(chunks[1999].startLine, 1999 * 4);
    });

    test('a huge comment-only file is one pass and no chunk', () => {
      assert.deepEqual(chunksOf('   # # #   \n'.repeat(100000)), []);
    });
  });
});
