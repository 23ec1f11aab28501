import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseManifestText, type CachedChunk, type ChunkCache, type ParsedManifestFile } from '../../../server/src/engine/manifests/parseManifestText';

const file = '/repo/apps/web.yaml';
const notAMapping = 'this document is a plain value, not a mapping: is this file YAML? A Kubernetes manifest is a mapping with apiVersion and kind';
const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, level) => {
  const name = String.fromCharCode(98 + level);
  return `${name}: &${name} [${Array(10).fill(`*${String.fromCharCode(97 + level)}`).join(', ')}]`;
})].join('\n');

/** summary shows documents as [index, startLine, value, wholeFile] and problems as [line, char, endLine, endChar, severity, message]. */
function summary(parsed: ParsedManifestFile): { documents: unknown[]; problems: unknown[] } {
  return {
    documents: parsed.documents.map((document) => [document.index, document.startLine, document.value, document.source.wholeFile ?? false]),
    problems: parsed.problems.map((problem) => {
      assert.equal(problem.file, file);
      assert.equal(problem.rule, 'yaml-syntax');
      return [problem.range.start.line, problem.range.start.character, problem.range.end.line, problem.range.end.character, problem.severity, problem.message];
    }),
  };
}

/** countingCache is a ChunkCache that counts what parseManifestText asks of it. */
function countingCache(): ChunkCache & { gets: number; sets: number; entries: Map<string, CachedChunk> } {
  const entries = new Map<string, CachedChunk>();
  const cache = {
    gets: 0,
    sets: 0,
    entries,
    get: (text: string) => {
      cache.gets++;
      return entries.get(text);
    },
    set: (text: string, chunk: CachedChunk) => {
      cache.sets++;
      entries.set(text, chunk);
    },
  };
  return cache;
}

describe('parseManifestText', () => {
  const mixed = [
    'apiVersion: v1', // 0
    'kind: ConfigMap',
    'metadata: {name: settings, namespace: shop}',
    '---', // 3
    '# a comment first',
    'just a string', // 5
    '---',
    'b: 1', // 7
    'b: 2', // 8
    '---',
    '~', // 10
    '---',
    'kind: OnlyKind', // 12
    '',
  ].join('\n');

  test('per document: values, indexes, start lines, file-relative syntax findings, scalar warning', () => {
    assert.deepEqual(summary(parseManifestText({ file, text: mixed })), {
      documents: [
        [0, 0, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } }, false],
        [1, 4, 'just a string', false],
        [4, 12, { kind: 'OnlyKind' }, false],
      ],
      problems: [
        [5, 0, 5, 13, 'warning', notAMapping],
        [8, 0, 8, 1, 'error', 'Map keys must be unique'],
      ],
    });
  });

  test('identities are read from apiVersion, kind and metadata', () => {
    const { documents } = parseManifestText({ file, text: mixed });
    assert.deepEqual(documents[0].identity, { apiVersion: 'v1', group: '', kind: 'ConfigMap', name: 'settings', namespace: 'shop' });
    assert.equal(documents[1].identity, undefined);
    assert.equal(documents[2].identity, undefined);
    assert.equal(documents[0].file, file);
  });

  test('a file parsed whole (directive, `...`) gives the same values, indexes and findings', () => {
    const whole = `%YAML 1.2\n---\n${mixed.replace('---\n~', '...\n---\n~')}`;
    assert.deepEqual(summary(parseManifestText({ file, text: whole })), {
      documents: [
        // Whole-file documents start at their content line.
        [0, 2, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } }, true],
        [1, 7, 'just a string', true],
        [4, 15, { kind: 'OnlyKind' }, true],
      ],
      problems: [
        [7, 0, 7, 13, 'warning', notAMapping],
        [10, 0, 10, 1, 'error', 'Map keys must be unique'],
      ],
    });
    const documents = parseManifestText({ file, text: whole }).documents;
    assert.equal(documents[0].source.text, whole, 'whole-file documents share the file text');
    assert.equal(documents[0].source.startLine, 0);
  });

  test('an alias bomb gets the same finding split or whole', () => {
    assert.deepEqual(summary(parseManifestText({ file, text: `a: 1\n---\n${bomb}` })).problems, [
      [2, 0, 2, 36, 'error', 'aliases expand to too many nodes (more than 100 per alias): a "billion laughs" document is not expanded'],
    ]);
    assert.deepEqual(summary(parseManifestText({ file, text: `a: 1\n...\n---\n${bomb}` })).problems, [
      [3, 0, 3, 36, 'error', 'aliases expand to too many nodes (more than 100 per alias): a "billion laughs" document is not expanded'],
    ]);
  });

  test('too deep a file that cannot be split is refused whole', () => {
    const parsed = parseManifestText({ file, text: `%YAML 1.2\n---\na: ${'['.repeat(1001)}${']'.repeat(1001)}\n` });
    assert.deepEqual(parsed.documents, []);
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0].message, /^document nests 1001 levels deep/);
  });

  test('CRLF: ranges are the same as with LF', () => {
    const lf = summary(parseManifestText({ file, text: mixed }));
    const crlf = summary(parseManifestText({ file, text: mixed.replace(/\n/g, '\r\n') }));
    assert.deepEqual(crlf.problems, lf.problems);
    assert.deepEqual(crlf.documents, lf.documents);
  });

  test('an empty or comment-only file has no documents and no findings', () => {
    for (const text of ['', '\n', '# nothing\n', '---\n---\n', '~\n', 'null\n']) assert.deepEqual(summary(parseManifestText({ file, text })), { documents: [], problems: [] }, JSON.stringify(text));
  });

  test('it never throws on bad input', () => {
    for (const text of ['\u0000\u0001', '[', '"', '{{{', 'a: b: c', '- - - -', '%', '...', '--- !', '\uFEFFa: 1', '&a *a', '*a']) {
      assert.doesNotThrow(() => parseManifestText({ file, text }), JSON.stringify(text));
    }
  });
});

describe('parseManifestText: the chunk cache', () => {
  const documents = Array.from({ length: 50 }, (_, index) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${index}}\n`);

  test('a first parse stores every chunk; an unchanged text parses nothing again', () => {
    const cache = countingCache();
    const text = documents.join('---\n');
    parseManifestText({ file, text, cache });
    assert.equal(cache.sets, 50);
    const again = parseManifestText({ file, text, cache });
    assert.equal(cache.sets, 50, 'no chunk was parsed again');
    assert.equal(again.documents.length, 50);
  });

  test('editing one document parses only that document', () => {
    const cache = countingCache();
    parseManifestText({ file, text: documents.join('---\n'), cache });
    const edited = [...documents];
    edited[17] = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: renamed}\n';
    const parsed = parseManifestText({ file, text: edited.join('---\n'), cache });
    assert.equal(cache.sets, 51);
    assert.deepEqual(parsed.documents[17].identity?.name, 'renamed');
  });

  test('cached documents keep their tree and get the start line of where they are now', () => {
    const cache = countingCache();
    const first = parseManifestText({ file, text: documents.slice(0, 3).join('---\n'), cache });
    const moved = parseManifestText({ file, text: `# new header line\n---\n${documents.slice(0, 3).join('---\n')}`, cache });
    assert.equal(moved.documents[2].source.tree, first.documents[2].source.tree);
    assert.equal(moved.documents[2].startLine, first.documents[2].startLine + 2);
  });

  test('a broken document is cached with its problems and reported at its new place', () => {
    const cache = countingCache();
    const broken = 'b: 1\nb: 2\n';
    parseManifestText({ file, text: `a: 1\n---\n${broken}`, cache });
    const sets = cache.sets;
    const parsed = parseManifestText({ file, text: `a: 1\nc: 3\n---\n${broken}`, cache });
    assert.equal(cache.sets, sets + 1, 'only the edited document was parsed');
    assert.deepEqual(summary(parsed).problems, [[4, 0, 4, 1, 'error', 'Map keys must be unique']]);
  });
});
