import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hasUnusualFlowSyntax } from '../../../server/src/engine/manifests/hasUnusualFlowSyntax';
import { firstLineRange, parseCarefully, parseDocumentChunk, type ParsedChunk } from '../../../server/src/engine/manifests/parseDocumentChunk';
import { splitDocuments } from '../../../server/src/engine/manifests/splitDocuments';
import { fixtureText, seededRandom } from './manifestFixtures';

/** pathOf tells which parser built a chunk: the careful one keeps its yaml Document. */
function pathOf(parsed: ParsedChunk): 'fast' | 'careful' {
  return parsed.yamlDocument ? 'careful' : 'fast';
}

/** problemsOf shows problems as [startLine, startChar, endLine, endChar, severity, message]. */
function problemsOf(parsed: ParsedChunk): Array<[number, number, number, number, string, string]> {
  return parsed.problems.map((problem) => [problem.range.start.line, problem.range.start.character, problem.range.end.line, problem.range.end.character, problem.severity, problem.message]);
}

/** assertSameOnBothPaths: the chunk parses as the careful parser alone would parse it. */
function assertSameOnBothPaths(text: string): ParsedChunk {
  const parsed = parseDocumentChunk(text);
  const careful = parseCarefully(text);
  assert.deepStrictEqual(parsed.value, careful.value, `values differ for ${JSON.stringify(text)}`);
  assert.deepEqual(problemsOf(parsed), problemsOf(careful), `problems differ for ${JSON.stringify(text)}`);
  return parsed;
}

describe('parseDocumentChunk: the fast and careful paths agree', () => {
  const chunks = splitDocuments(fixtureText('values-both-parsers-agree-on.yaml')) ?? [];

  test('every document of the parity fixture takes the fast path and equals the careful parse', () => {
    assert.equal(chunks.length, 5);
    for (const chunk of chunks) {
      const parsed = assertSameOnBothPaths(chunk.text);
      assert.equal(pathOf(parsed), 'fast', `document at line ${chunk.startLine} should not need the careful parser`);
      assert.deepEqual(parsed.problems, []);
    }
  });

  test('scalars resolve by the YAML 1.2 core schema on the fast path', () => {
    const data = (parseDocumentChunk(chunks[0].text).value as { data: Record<string, unknown> }).data;
    assert.deepStrictEqual(data, {
      decimal: 12, leadingZero: 12, signed: 12, negative: -7, hex: 31, octal: 15,
      // js-yaml's own core schema read these four as numbers and `-.5`/`+.5` as strings.
      notBinary: '0b101', underscores: '1_000', underscoreFloat: '685.230_15e+03', signedHex: '-0x1',
      float: 1.5, dotFloat: 0.5, signedDotFloat: -0.5, plusDotFloat: 0.5, exponent: 1000, upperExponent: 685230.15, trailingDot: 1,
      infinity: Infinity, negativeInfinity: -Infinity, notANumber: NaN,
      sexagesimal: '1:30', date: '2024-01-02', timestamp: '2001-12-14t21:59:43.10-05:00',
      yes: 'yes', no: 'no', on: 'on', off: 'off', y: 'y',
      true: true, capitalTrue: true, upperFalse: false, mixedCase: 'tRue',
      nullWord: null, tilde: null, capitalNull: null, empty: null,
      quotedNumber: '12', quotedBool: 'true', quotedNull: 'null',
      version: 1.1, port: '8080', bigInteger: 12345678901234567890, negativeZero: -0,
    });
  });

  test('keys are strings the way both parsers write them', () => {
    const data = (parseDocumentChunk(chunks[1].text).value as { data: Record<string, unknown> }).data;
    assert.deepEqual(Object.keys(data).sort(), ['-leading-dash', '1.5', '123', '16', 'key with spaces', 'quoted key', 'single quoted key', 'trailing-colon:', 'true']);
  });

  test('block scalars keep their chomping and indentation', () => {
    const data = (parseDocumentChunk(chunks[2].text).value as { data: Record<string, unknown> }).data;
    assert.equal(data.literal, 'line one\n  indented line\n# not a comment\n\nafter a blank line\n');
    assert.equal(data.literalStrip, 'no trailing newline');
    assert.equal(data.folded, 'folded into one line\nnew paragraph\n  more indented kept\n');
    assert.equal(data.indentIndicator, '  two extra spaces kept\n');
    assert.equal(data['script.sh'], `#!/bin/sh\nset -eu\necho "a: b" | grep -q 'x' || echo {ok} [no]\n---\n...\n`);
    assert.equal(data.emptyLiteral, '');
  });

  test('documents that need the careful parser take it, with the values YAML defines', () => {
    const cases: Array<[string, unknown]> = [
      ['base: &base {a: 1, b: 2}\nderived:\n  <<: *base\n  b: 3\n', { base: { a: 1, b: 2 }, derived: { a: 1, b: 3 } }],
      ['a: &x [1, 2]\nb: *x\n', { a: [1, 2], b: [1, 2] }],
      ['a: !!str 12\nb: !!int "7"\n', { a: '12', b: 7 }],
      ['? explicit\n: key\n', { explicit: 'key' }],
      ['null: a\nb: 1\n', { '': 'a', b: 1 }],
      ['~: a\n', { '': 'a' }],
      ['{: a}\n', { '': 'a' }],
      // Multi-line flow nodes, indented enough: valid, the same value on both paths.
      ['a: [1,\n  2]\nb: {x: 1,\n  y: 2}\nc: "multi\n  line"\nd: \'single\n  quoted\'\n', { a: [1, 2], b: { x: 1, y: 2 }, c: 'multi line', d: 'single quoted' }],
      // An empty item: js-yaml put `x` inside the nested sequence.
      ['- - \n- x\n', [[null], 'x']],
      ['-\n  -\n- x\n', [[null], 'x']],
      ['- a:\n  -\n- x\n', [{ a: [null] }, 'x']],
      // Keep chomping with trailing blank lines.
      ['a: |+\n  x\n\n  \n', { a: 'x\n\n\n' }],
      // A tab after indentation inside a block scalar.
      ['a: |\n  \tindented with a tab\n', { a: '\tindented with a tab\n' }],
    ];
    for (const [text, value] of cases) {
      const parsed = assertSameOnBothPaths(text);
      assert.equal(pathOf(parsed), 'careful', `${JSON.stringify(text)} should take the careful path`);
      assert.deepStrictEqual(parsed.value, value, JSON.stringify(text));
    }
  });

  test('a lone CR takes the careful path (js-yaml reads it as a line break, `yaml` does not)', () => {
    const parsed = assertSameOnBothPaths('a: 1\rb: 2\n');
    assert.equal(pathOf(parsed), 'careful');
  });

  test('`*`, `&` and `!` inside a scalar are text: the fast path (unquoted CronJob schedules, shell)', () => {
    const cases: Array<[string, unknown]> = [
      ['spec:\n  schedule: 7 * * * *\n', { spec: { schedule: '7 * * * *' } }],
      ['args: [a && b, c *d, e!]\ncmd: make all && echo done! # a *comment &x\n', { args: ['a && b', 'c *d', 'e!'], cmd: 'make all && echo done!' }],
      ['script: |\n  a && b\n  echo *\n', { script: 'a && b\necho *\n' }],
      ['- x *y\n- {k: v &w}\n', ['x *y', { k: 'v &w' }]],
    ];
    for (const [text, value] of cases) {
      const parsed = assertSameOnBothPaths(text);
      assert.equal(pathOf(parsed), 'fast', `${JSON.stringify(text)} should take the fast path`);
      assert.deepStrictEqual(parsed.value, value, JSON.stringify(text));
    }
  });

  test('an alias, anchor or tag wherever a node may start takes the careful path', () => {
    const texts = [
      '*a\n', '&a x\n', '!t x\n', 'k: *a\n', 'k:\t&a x\n', 'k:\n  *a\n', '- *a\n', '-\t!!str 1\n', '- - &a x\n', '? *a\n: x\n',
      'k: [*a]\n', 'k: [x,*a]\n', 'k: {x: 1, y: *a}\n', 'k: { &a x: 1 }\n', '"k":*a\n', 'schedule: */5 * * * *\n', 'k: a\n  *b\n',
    ];
    for (const text of texts) {
      assertSameOnBothPaths(text);
      assert.equal(pathOf(parseDocumentChunk(text)), 'careful', `${JSON.stringify(text)} should take the careful path`);
    }
  });

  test('what js-yaml accepts but YAML forbids is reported, whichever path a document would take', () => {
    const cases: Array<[string, string]> = [
      ['a: [1,\n2]\n', 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
      ['a:\n  b: {x: 1,\n  y: 2}\n', 'Flow map in block collection must be sufficiently indented and end with a }'],
      ['a:\n  b: "multi\n  line"\n', 'Missing closing "quote'],
      ['a: "x"#c\n', 'Comments must be separated from other tokens by white space characters'],
      ['a: [x]#c\n', 'Comments must be separated from other tokens by white space characters'],
      ['a: |\n  x\n \t', 'Block scalar lines must not be less indented than their first line'],
    ];
    for (const [text, message] of cases) {
      const parsed = assertSameOnBothPaths(text);
      assert.equal(parsed.value, undefined, JSON.stringify(text));
      assert.ok(parsed.problems.some((problem) => problem.message === message), `${JSON.stringify(text)}: ${JSON.stringify(parsed.problems)}`);
    }
  });

  test('generated realistic documents (seeded): identical values and problems on both paths', () => {
    const random = seededRandom(20240601);
    let fast = 0;
    const total = 600;
    for (let index = 0; index < total; index++) {
      const text = randomDocument(random);
      const parsed = assertSameOnBothPaths(text);
      if (pathOf(parsed) === 'fast') {
        fast++;
        assert.deepEqual(parseCarefully(text).problems, [], `fast path accepted what the careful parser reports: ${JSON.stringify(text)}`);
      }
    }
    // Not vacuous: most generated documents do take the fast path.
    assert.ok(fast > total / 2, `only ${fast} of ${total} documents took the fast path`);
  });
});

describe('parseDocumentChunk: problems and their ranges', () => {
  test('a duplicate key is underlined whole, on its second occurrence', () => {
    assert.deepEqual(problemsOf(parseDocumentChunk('metadata:\n  name: a\n  labels: {}\n  name: b\n')), [[3, 2, 3, 6, 'error', 'Map keys must be unique']]);
    assert.deepEqual(problemsOf(parseDocumentChunk('spec:\n  replicas: 1\n  "replicas": 2\n')), [[2, 2, 2, 12, 'error', 'Map keys must be unique']]);
    assert.deepEqual(problemsOf(parseDocumentChunk('a: {x: 1, x: 2}\n')), [[0, 10, 0, 11, 'error', 'Map keys must be unique']]);
    assert.equal(parseDocumentChunk('a: 1\na: 2\n').value, undefined);
  });

  test('keys equal as values are duplicates too (1 and 01)', () => {
    assert.deepEqual(problemsOf(parseDocumentChunk('1: a\n01: b\n')), [[1, 0, 1, 2, 'error', 'Map keys must be unique']]);
  });

  test('a tab in indentation is reported where it is', () => {
    assert.deepEqual(problemsOf(parseDocumentChunk('a:\n  b: 1\n\tc: 2\n')), [[2, 0, 2, 1, 'error', 'Tabs are not allowed as indentation']]);
    assert.deepEqual(problemsOf(parseDocumentChunk('a:\n  b: 1\n  \tc: 2\n')), [[2, 2, 2, 3, 'error', 'Tabs are not allowed as indentation']]);
  });

  test('a tab between tokens is fine', () => {
    assert.deepEqual(parseDocumentChunk('a:\tb\t# c\n'), { value: { a: 'b' }, problems: [] });
  });

  test('an unterminated quote points at where the document ends', () => {
    assert.deepEqual(problemsOf(parseDocumentChunk('a: "open\n')), [[1, 0, 1, 1, 'error', 'Missing closing "quote']]);
  });

  test('an alias bomb is refused on the document\'s first content line, not expanded', () => {
    const lines = ['# billion laughs', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(', ')}]`);
    }
    const parsed = parseDocumentChunk(lines.join('\n'));
    assert.equal(parsed.value, undefined);
    assert.deepEqual(problemsOf(parsed), [[1, 0, 1, 36, 'error', 'aliases expand to too many nodes (more than 100 per alias): a "billion laughs" document is not expanded']]);
  });

  test('a few aliases within the limit expand', () => {
    const text = `a: &a [1, 2]\n${Array.from({ length: 20 }, (_, index) => `k${index}: *a`).join('\n')}\n`;
    const value = parseDocumentChunk(text).value as Record<string, unknown>;
    assert.deepEqual(value.k19, [1, 2]);
  });

  test('an alias without its anchor is an ordinary error, not a "billion laughs"', () => {
    assert.deepEqual(problemsOf(parseDocumentChunk('a: 1\nb: *nope\n')), [[0, 0, 0, 4, 'error', 'YAML could not be converted: Unresolved alias (the anchor must be set before the alias): nope']]);
  });

  test('flow nesting: 1000 levels parse, 1001 are refused before any parser runs', () => {
    const deep = (levels: number): string => `a: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    assert.deepEqual(parseDocumentChunk(deep(1000)).problems, []);
    assert.deepEqual(problemsOf(parseDocumentChunk(`# deep\n${deep(1001)}`)), [[1, 0, 1, 200, 'error', 'document nests 1001 levels deep, more than the 1000 this validator accepts; not parsed']]);
  });

  test('a garbage document lists its first 100 problems and counts the rest', () => {
    const parsed = parseDocumentChunk(`a: [${' ,'.repeat(5000)}]\n`);
    assert.equal(parsed.problems.length, 101);
    assert.deepEqual(problemsOf(parsed)[99], [0, 205, 0, 206, 'error', 'Unexpected , in flow sequence']);
    assert.deepEqual(problemsOf(parsed)[100], [0, 207, 0, 208, 'error', '4900 more YAML problems in this document, from here on, are not listed']);
  });

  test('an unknown tag is a warning and the value is still built', () => {
    const parsed = parseDocumentChunk('a: !custom x\n');
    assert.deepEqual(parsed.value, { a: 'x' });
    assert.deepEqual(problemsOf(parsed), [[0, 3, 0, 10, 'warning', 'Unresolved tag: !custom']]);
  });

  test('firstLineRange skips blank and comment lines and drops the CR', () => {
    assert.deepEqual(firstLineRange('\n# c\n  \r\nkind: x\r\n'), { start: { line: 3, character: 0 }, end: { line: 3, character: 7 } });
    assert.deepEqual(firstLineRange('# only\n'), { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } });
  });
});

describe('hasUnusualFlowSyntax', () => {
  test('plain block documents, one-line flow nodes and block scalar texts are usual', () => {
    for (const text of [
      'a: [1, 2]\nb: {c: d}\nc: "x" # c\nd: \'it\'\'s\'\n',
      'a: |\n  {\n    "json": [1,\n  2]\n  }\nb: "x"\n',
      '- |\n  "unterminated\n- x\n',
      '- key: >-\n    [open\n  other: 1\n',
      'a: it\'s fine\nb: 5" tall\nc: x#y\n',
      'a: x | y\nb: x > y\n',
    ]) assert.equal(hasUnusualFlowSyntax(text), false, JSON.stringify(text));
  });

  test('multi-line flow nodes, glued comments, collection keys and keep chomping are unusual', () => {
    for (const text of [
      'a: [1,\n  2]\n',
      'a: {x: 1,\n  y: 2}\n',
      'a: "x\n  y"\n',
      "a: 'x\n  y'\n",
      '- "x"#c\n',
      'a: [x]#c\n',
      '[a]: 1\n',
      '{a: 1, {b: c}: d}\n',
      'a: |+\n  x\n',
      // The block scalar ends when a line is no more indented than its key: the rest is scanned.
      '- key: |\n    text\n  other: "open\n',
    ]) assert.equal(hasUnusualFlowSyntax(text), true, JSON.stringify(text));
  });

  test('adversarial inputs finish (one pass, no rescans)', () => {
    const size = 200000;
    assert.equal(hasUnusualFlowSyntax(`a: ${'[]'.repeat(size)}\n`), false);
    assert.equal(hasUnusualFlowSyntax(`a: [${']    '.repeat(size)}\n`), false);
    assert.equal(hasUnusualFlowSyntax(`a: ${'"x" '.repeat(size)}\n`), false);
    assert.equal(hasUnusualFlowSyntax(`a: |\n${'    text "x [ {\n'.repeat(size / 10)}b: 1\n`), false);
    assert.equal(hasUnusualFlowSyntax(`- "${'x'.repeat(size)}`), true);
  });
});

describe('parseDocumentChunk: adversarial inputs finish', () => {
  test('long runs of blanks, dashes, `null`s, `<<`s and tabs', () => {
    const size = 100000;
    const cases: Array<[string, unknown]> = [
      [`a: x${' '.repeat(size)}y\n`, { a: `x${' '.repeat(size)}y` }],
      [`a: ${'null '.repeat(size / 5)}\n`, { a: 'null '.repeat(size / 5).trim() }],
      [`a: ${'<< '.repeat(size / 3)}\n`, { a: '<< '.repeat(size / 3).trim() }],
      [`a: ${'\t'.repeat(size)}x\n`, { a: 'x' }],
      [`a: x${' -'.repeat(size / 2)}\n`, { a: `x${' -'.repeat(size / 2)}` }],
    ];
    for (const [text, value] of cases) assert.deepEqual(parseDocumentChunk(text), { value, problems: [] });
    assert.equal(parseDocumentChunk(`${' '.repeat(size)}:x\n`).value, ':x');
  });
});

// ---- a generator of realistic Kubernetes-like documents -------------------------------------

const keys = ['name', 'image', 'replicas', 'port', 'value', 'app.kubernetes.io/name', 'key with spaces', '"quoted"', "'single'", 'x-y', 'enabled', '1', 'true'];
const scalars = [
  'nginx:1.27', 'web', '3', '0', '-1', '+5', '012', '0x1F', '0o17', '0b101', '1_000', '1.5', '.5', '-.5', '+.5', '1e3', '6.8E+5', '1.', '.inf', '-.Inf', '.NaN',
  'true', 'False', 'TRUE', 'yes', 'no', 'on', 'null', 'Null', '~', '', '1:30', '2024-01-02', '"8080"', "'true'", '"a: b"', '"#x"', "'it''s'", '"\\u00e9\\t"',
  'a#b', 'value # comment', 'https://example.com/a?b=c#d', '${VAR}', '{{ .Values.x }}', 'what?', 'a,b', '-x', '100%', 'é 日本', '[]', '{}', '[1, "2", three]',
  '{a: 1, b: [x, y]}', '[a, {b: c}]', '"x"  # spaced comment',
  '7 * * * *', '*/5 * * * *', 'a && b', 'done!', 'x *y # *z', '[a &b, c!]', '!!str 12', '&anchor x',
];
const blockBodies = ['line one\n{i}  indented\n{i}# not a comment', 'make && ./run *\n{i}* item\n{i}&x !y', 'echo "a: b" | grep x\n{i}---', '{\n{i}  "a": [1,\n{i}  2]\n{i}}', 'one\n\n{i}two'];

function randomDocument(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const lines: string[] = [];
  const node = (indent: number, depth: number, owner: string): void => {
    const pad = ' '.repeat(indent);
    const kind = depth > 3 ? 'scalar' : pick(['map', 'map', 'seq', 'scalar', 'scalar', 'block']);
    if (kind === 'scalar') {
      const value = pick(scalars);
      lines.push(value === '' ? owner : `${owner} ${value}`);
    } else if (kind === 'block') {
      lines.push(`${owner} ${pick(['|', '|-', '>', '>-'])}`);
      const inner = ' '.repeat(indent + 2);
      lines.push(inner + pick(blockBodies).split('{i}').join(inner));
    } else {
      lines.push(owner);
      const used = new Set<string>();
      const count = 1 + Math.floor(random() * 3);
      for (let item = 0; item < count; item++) {
        if (random() < 0.1) lines.push(`${pad}# a comment`);
        if (kind === 'map') {
          const key = pick(keys);
          if (used.has(key.replace(/["']/g, ''))) continue;
          used.add(key.replace(/["']/g, ''));
          node(indent + 2, depth + 1, `${pad}${key}:`);
        } else {
          node(indent + 2, depth + 1, `${pad}-`);
        }
      }
    }
  };
  lines.push('apiVersion: v1', 'kind: ConfigMap');
  node(0, 0, 'data:');
  const text = `${lines.join('\n')}\n`;
  return random() < 0.2 ? text.replace(/\n/g, '\r\n') : text;
}
