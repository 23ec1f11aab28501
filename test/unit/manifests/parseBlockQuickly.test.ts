import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as jsYaml from 'js-yaml';
import { duplicateKey, parseBlockQuickly } from '../../../server/src/engine/manifests/parseBlockQuickly';
import { parseCarefully } from '../../../server/src/engine/manifests/parseDocumentChunk';
import { parseQuickly } from '../../../server/src/engine/manifests/parseQuickly';
import { splitDocuments } from '../../../server/src/engine/manifests/splitDocuments';
import { yaml12CoreSchema } from '../../../server/src/engine/manifests/yaml12CoreSchema';
import { projectRoot, seededRandom, yamlFilesUnder } from './manifestFixtures';

/** jsYamlValue is what parseQuickly gave before the block reader: js-yaml's value with the core schema, or undefined when it throws. */
function jsYamlValue(text: string): unknown {
  try {
    return jsYaml.load(text, { schema: yaml12CoreSchema });
  } catch {
    return undefined;
  }
}

/**
 * checkAgainstParsers: where the block reader answers, js-yaml and the `yaml` package (the
 * careful parser, the reference) give the same value. Returns whether it answered.
 */
function checkAgainstParsers(text: string, label: string): boolean {
  const block = parseBlockQuickly(text);
  if (block === undefined || block === duplicateKey) return false;
  const quick = jsYamlValue(text);
  // js-yaml refuses control characters (parseQuickly then asks the careful parser); elsewhere it agrees.
  if (quick !== undefined || !/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(text)) assert.deepEqual(block, quick, `${label}: js-yaml reads another value\n${text}`);
  const careful = parseCarefully(text);
  assert.deepEqual(careful.problems, [], `${label}: the yaml package reports a problem\n${text}`);
  assert.deepEqual(block, careful.value, `${label}: the yaml package reads another value\n${text}`);
  return true;
}

/** Layouts the block reader must read exactly as js-yaml and the `yaml` package do. */
const readHere: Record<string, { text: string; value: unknown }> = {
  'maps, sequences, comments, blank lines': {
    text: '# head\napiVersion: apps/v1   # trailing\nkind: Deployment\n\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      # between items\n      - name: app\n        image: nginx:1.27\n        ports:\n          - containerPort: 80\n            protocol: TCP\n      -   name: side\n          image: "busybox"\n',
    value: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }, { name: 'side', image: 'busybox' }] } } } },
  },
  'core schema scalars and quoting': {
    text: "a: ~\nb: null\nc: True\nd: 0x1F\ne: 0o17\nf: -12\ng: 1.5e3\nh: .inf\ni: '007'\nj: \"true\"\nk: 'it''s'\nl: 1_000\nm: -.5\nn: http://x.example:8080/a#b\no: a#b\n'quoted key': 1\n\"double key\" : 2\nkey with spaces: v\np: -foo\nspaced key  : 3\n",
    value: { a: null, b: null, c: true, d: 31, e: 15, f: -12, g: 1500, h: Infinity, i: '007', j: 'true', k: "it's", l: '1_000', m: -0.5, n: 'http://x.example:8080/a#b', o: 'a#b', 'quoted key': 1, 'double key': 2, 'key with spaces': 'v', p: '-foo', 'spaced key': 3 },
  },
  'flow sequences of scalars and empty collections': {
    text: 'args: ["--port=8080", \'--x\', plain, 3, true]\ndrop: ["ALL"]   # caps\nnone: []\nempty: {}\nresources: {}\nspaced: [ a , b ]\n',
    value: { args: ['--port=8080', '--x', 'plain', 3, true], drop: ['ALL'], none: [], empty: {}, resources: {}, spaced: ['a', 'b'] },
  },
  'literal block scalars': {
    text: 'data:\n  script: |\n    #!/bin/sh\n    echo "a: b"   \n\n      indented # not a comment\n  strip: |-\n    one\n    two\n\n\n  clip: |  # comment\n    last\n\n\n# trailing comment\n  after: x\nitems:\n- |\n  in a list\n- key: |-\n    in a map in a list\n  other: 1\n',
    value: { data: { script: '#!/bin/sh\necho "a: b"   \n\n  indented # not a comment\n', strip: 'one\ntwo', clip: 'last\n', after: 'x' }, items: ['in a list\n', { key: 'in a map in a list', other: 1 }] },
  },
  'sequences at their key\'s indentation and empty values': {
    text: 'a:\n- 1\n- x: y\n  z:\nb:\nc:\n  - d\n',
    value: { a: [1, { x: 'y', z: null }], b: null, c: ['d'] },
  },
  'control characters, which the yaml package takes (js-yaml refuses them)': {
    text: 'a: b\u0007c\nk\u0001: v\nq: "x\u0003"\n',
    value: { a: 'b\u0007c', 'k\u0001': 'v', q: 'x\u0003' },
  },
  'a sequence at the root': {
    text: '- a\n- b: c\n',
    value: ['a', { b: 'c' }],
  },
};

/** Texts the block reader leaves to js-yaml (undefined), each for the reason in its name. */
const leftToJsYaml: Record<string, string> = {
  'folded scalar': 'a: >\n  folded\n  text\n',
  'keep chomping': 'a: |+\n  x\n\n',
  'indentation indicator': 'a: |2\n   x\n',
  'leading blank line in a literal': 'a: |\n\n  x\n',
  'blank line with more spaces than the literal': 'a: |\n  x\n     \n  y\n',
  'empty literal': 'a: |\nb: 1\n',
  'multi-line plain scalar': 'a: one\n  two\n',
  'multi-line quoted scalar': 'a: "one\n  two"\n',
  'escape in double quotes': 'a: "tab\\there"\n',
  'a key Object.prototype has': 'constructor: 1\n',
  '__proto__ key': '__proto__: 1\n',
  'number key': '1: a\n',
  'merge key': 'a: b\n<<: {c: d}\n',
  'merge key from a block map': 'a: b\n<<:\n  c: d\n',
  'empty quoted key': '"": a\n',
  'empty key': ': a\n',
  'boolean key': 'true: a\n',
  'null key': 'null: a\n',
  'tab': 'a:\tb\n',
  'carriage return': 'a: b\r\n',
  'anchor and alias': 'a: &x 1\nb: *x\n',
  'tag': 'a: !!str 1\n',
  'flow map with content': 'a: {b: c}\n',
  'nested flow sequence': 'a: [b, [c]]\n',
  'flow sequence with a colon': 'a: [b: c]\n',
  'trailing comma in a flow sequence': 'a: [b, c,]\n',
  'multi-line flow sequence': 'a: [b,\n  c]\n',
  'comment right after a quote': 'a: "b"#c\n',
  'sequence on the key\'s line': 'a: - b\n',
  'colon and space in a value': 'a: b: c\n',
  'empty sequence item': 'a:\n-\n- b\n',
  'sequence in a sequence': '- - a\n',
  'explicit key': '? a\n: b\n',
  'scalar document': 'just text\n',
  'more indented line after a value': 'a: b\n    c: d\n',
  'less indented root continuation': '  a: b\nc: d\n',
  'document marker inside': 'a: b\n---\nc: d\n',
  'very long key': `${'k'.repeat(1025)}: v\n`,
};

/** randomDocument writes a block-style document from the constructs manifests use, with some odd ones mixed in. */
function randomDocument(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const scalars = ['web', '"quoted"', "'single'", "'it''s'", '42', '-7', '0x1f', '1.5', '.5', 'true', 'False', '~', 'null', 'nginx:1.27', 'a#b', 'http://x:1/y', '"a: b"', '"#x"', '-x', '1_000', '0o7', '.NaN', '-.inf', '"\\n"', 'a b  c', 'x # comment', '[a, "b", 3]', '[]', '{}', '["ALL"]', '[a,b]', '[ a ]', "['x', y]"];
  const keys = ['name', 'image', 'app.kubernetes.io/name', '"quoted key"', "'k'", 'key with space', 'x-y', 'a.b/c', 'z'];
  const lines: string[] = [];
  const block = (indent: number, depth: number, asMapValue: boolean): void => {
    const pad = ' '.repeat(indent);
    const kind = depth > 3 ? 'map' : pick(['map', 'map', 'seq']);
    const used = new Set<string>();
    const count = 1 + Math.floor(random() * 4);
    for (let index = 0; index < count; index++) {
      if (random() < 0.1) lines.push(pick(['', `${pad}# note`, '# at column 0', '   ']));
      if (kind === 'map') {
        const key = pick(keys);
        if (used.has(key) && random() < 0.8) continue;
        used.add(key);
        entry(`${pad}${key}:`, indent, depth);
      } else {
        const seqPad = asMapValue && random() < 0.5 ? ' '.repeat(Math.max(indent - 2, 0)) : pad;
        if (random() < 0.5) {
          const key = pick(keys);
          lines.push(`${seqPad}- ${key}: ${pick(scalars)}`);
          if (random() < 0.5) entry(`${seqPad}  ${pick(keys.filter((other) => other !== key))}:`, seqPad.length + 2, depth);
        } else if (random() < 0.2) {
          lines.push(`${seqPad}- |${pick(['', '-'])}`, `${seqPad}    line one`, `${seqPad}    line: two`);
        } else lines.push(`${seqPad}- ${pick(scalars)}`);
      }
    }
  };
  const entry = (head: string, indent: number, depth: number): void => {
    const roll = random();
    if (roll < 0.55) lines.push(`${head} ${pick(scalars)}`);
    else if (roll < 0.7) {
      lines.push(`${head} |${pick(['', '-', '', ' # c', '+'])}`);
      const inner = ' '.repeat(indent + 2 + Math.floor(random() * 2));
      const count = 1 + Math.floor(random() * 4);
      for (let line = 0; line < count; line++) lines.push(pick([`${inner}text ${line}`, `${inner}  deeper: ${line}`, '', `${inner}# hash`, `${inner}- dash`, inner]));
    } else if (roll < 0.75) lines.push(head);
    else {
      lines.push(head);
      block(indent + 2, depth + 1, true);
    }
  };
  block(0, 0, false);
  return `${lines.join('\n')}\n`;
}

describe('parseBlockQuickly', () => {
  for (const [name, { text, value }] of Object.entries(readHere)) {
    test(`reads ${name} as js-yaml and the yaml package do`, () => {
      assert.deepEqual(parseBlockQuickly(text), value);
      assert.ok(checkAgainstParsers(text, name));
    });
  }

  for (const [name, text] of Object.entries(leftToJsYaml)) {
    test(`leaves a text with ${name} to js-yaml`, () => {
      assert.equal(parseBlockQuickly(text), undefined);
    });
  }

  test('answers with the value of js-yaml and the yaml package for every document of the fixtures and the demo repository it reads, and reads most', () => {
    let quick = 0;
    let answered = 0;
    for (const file of [...yamlFilesUnder(path.join(projectRoot, 'test', 'fixtures')), ...yamlFilesUnder(path.join(projectRoot, 'examples'))]) {
      for (const { text: body } of splitDocuments(fs.readFileSync(file, 'utf8')) ?? []) {
        if (checkAgainstParsers(body, file)) answered++;
        if (parseQuickly(body) !== undefined) quick++;
      }
    }
    assert.ok(quick > 300, `only ${quick} documents`);
    // Most documents the quick path takes are block style.
    assert.ok(answered / quick > 0.9, `answered ${answered} of ${quick}`);
  });

  test('answers duplicateKey for a map with a key twice, which every parser refuses, and parseQuickly leaves it to the careful parser', () => {
    const texts = ['a: 1\na: 2\n', 'a:\n  b: 1\n  c:\n    - x\n  b: 2\n', 'a: 1\n"a": 2\n', "a: 1\n'a': 2\n", 'a: 1\na: {b: c}\n'];
    for (const text of texts) {
      assert.equal(parseBlockQuickly(text), duplicateKey, text);
      assert.equal(jsYamlValue(text), undefined, `js-yaml refuses it too: ${text}`);
      assert.equal(parseQuickly(text), undefined, text);
      assert.match(parseCarefully(text).problems.map((problem) => problem.message).join('\n'), /unique/, text);
    }
    // A key of Object.prototype's is left to the other parsers, twice or not; the same key in two maps is no duplicate.
    assert.equal(parseBlockQuickly('constructor: 1\n'), undefined);
    assert.equal(parseBlockQuickly('constructor: 1\nconstructor: 2\n'), undefined);
    assert.deepEqual(parseBlockQuickly('a:\n  b: 1\nc:\n  b: 2\n'), { a: { b: 1 }, c: { b: 2 } });
  });

  test('leaves deep nesting to the parsers that limit it', () => {
    const deep = Array.from({ length: 5000 }, (_, level) => `${' '.repeat(level)}k:`).join('\n');
    assert.equal(parseBlockQuickly(`${deep} v\n`), undefined);
    const shallow = Array.from({ length: 50 }, (_, level) => `${' '.repeat(level)}k:`).join('\n');
    assert.ok(checkAgainstParsers(`${shallow} v\n`, 'fifty levels'));
  });

  test('reads keys and short scalars right when more of them than its tables hold share slots', () => {
    // 6,000 keys and values of each kind in tables of 4,096 slots: many share one. Each text is
    // read where a slot holds another, and read again after it took the slot back.
    const count = 6000;
    const lines = (shape: (index: number) => string): string => Array.from({ length: count }, (_, index) => `  ${shape(index)}\n`).join('');
    const text =
      `plain:\n${lines((index) => `k${index}: v${(index * 7) % count}`)}` +
      `numbers:\n${lines((index) => `k${count - 1 - index}: ${index % 997}`)}` +
      `quoted:\n${lines((index) => `k${index}: "${index % 997}"`)}` +
      `single:\n${lines((index) => `"k${index}": 'it''s ${index % 50}'`)}` +
      `flow:\n${lines((index) => `k${index}: [${index % 13}, "${index % 13}", v${index % 11}]`)}`;
    assert.ok(checkAgainstParsers(text, 'shared slots'));
    const value = parseBlockQuickly(text) as Record<string, Record<string, unknown>>;
    assert.equal(value.plain.k5, 'v35');
    assert.equal(value.numbers.k5, (count - 6) % 997);
    assert.equal(value.quoted.k998, '1');
    assert.equal(value.single.k51, "it's 1");
    assert.deepEqual(value.flow.k14, [1, '1', 'v3']);
  });

  test('answers with the value of js-yaml and the yaml package for seeded random documents', () => {
    const random = seededRandom(20261126);
    let answered = 0;
    const total = 3000;
    for (let index = 0; index < total; index++) {
      const text = randomDocument(random);
      if (checkAgainstParsers(text, `random #${index}`)) answered++;
    }
    // The generator mixes in constructs left to js-yaml; a reader that answered nothing would pass the rest.
    assert.ok(answered > total / 4 && answered < total, `answered ${answered} of ${total}`);
  });
});
