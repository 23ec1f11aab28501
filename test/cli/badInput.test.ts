import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCliProcess } from '../support/runCliProcess';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

/** Each case: a file that is hostile or odd, the finding it must produce, and a time bound. */
const cases: Array<{ name: string; content: string | Uint8Array; expect: RegExp; rule?: string; line?: number; severity?: string; resources?: number; args?: string[] }> = [
  { name: 'not-yaml.yaml', content: '# Release notes\n\n* item one\n  - [broken\n', expect: /./, rule: 'yaml-syntax' },
  { name: 'prose.yaml', content: 'This is a paragraph of prose, not a manifest.\n', expect: /not a mapping/, rule: 'yaml-syntax', severity: 'warning' },
  { name: 'binary.yaml', content: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0xff, 0x00]), expect: /binary/, rule: 'yaml-syntax' },
  { name: 'latin1.yaml', content: Uint8Array.from([...Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: caf'), 0xe9, ...Buffer.from(' }\n')]), expect: /not valid UTF-8 \(first invalid byte at offset 52\)/, rule: 'yaml-syntax', severity: 'error' },
  { name: 'bom.yaml', content: `\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bom\ndata:\n  a: "1"\n  bogus: {}\n`, expect: /byte order mark|bogus|data\.bogus/, resources: 1 },
  { name: 'crlf.yaml', content: 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\nspec: {}\r\n', expect: /unknown field "spec"/, rule: 'schema', line: 5, resources: 1 },
  { name: 'tabs.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tabs\n', expect: /tab/i, rule: 'yaml-syntax', line: 4 },
  { name: 'duplicate-keys.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n', expect: /unique|duplicate/i, rule: 'yaml-syntax', line: 5 },
  { name: 'billion-laughs.yaml', content: billionLaughs(), expect: /alias/i, rule: 'yaml-syntax' },
  { name: 'deep-flow.yaml', content: `a: ${'['.repeat(10000)}${']'.repeat(10000)}\n`, expect: /nests 10000 levels/, rule: 'yaml-syntax' },
  { name: 'deep-block.yaml', content: deepBlock(10000), expect: /./, rule: 'yaml-syntax' },
  { name: 'huge.yaml', content: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: huge }\ndata:\n  blob: "${'x'.repeat(6 * 1024 * 1024)}"\n`, expect: /over the 5\.0 MB size limit/, rule: 'yaml-syntax', severity: 'warning' },
];

test('bad input: a 3 GB file is refused by its size, without being read whole', () => {
  const root = writeFixtureRepo({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n' });
  // Sparse: it takes no disk space. Read whole, it took 42 s and 4 GB of memory to fail.
  fs.writeFileSync(path.join(root, 'giant.yaml'), '');
  fs.truncateSync(path.join(root, 'giant.yaml'), 3 * 1024 * 1024 * 1024);
  const run = runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root, timeoutMs: 20000 });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.ms < 20000, `took ${run.ms} ms`);
  const output = JSON.parse(run.stdout) as { resources: number; findings: Array<{ file: string; rule: string; message: string; severity: string }> };
  assert.equal(output.resources, 1);
  assert.deepEqual(output.findings.map(({ file, rule, severity, message }) => ({ file, rule, severity, message })), [
    { file: 'giant.yaml', rule: 'yaml-syntax', severity: 'warning', message: 'file is 3072.0 MB, over the 5.0 MB size limit (setting gitopsWorkbench.maxFileSize); not validated' },
  ]);
  fs.rmSync(root, { recursive: true, force: true });
});

for (const entry of cases) {
  test(`bad input ${entry.name}: a clear finding, no crash, within 20 s`, () => {
    const root = writeFixtureRepo({ [entry.name]: entry.content });
    const run = runCliProcess({ argv: ['validate', '--format', 'json', ...(entry.args ?? [])], cwd: root, timeoutMs: 20000 });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}; stderr: ${run.stderr}`);
    assert.ok(run.ms < 20000, `took ${run.ms} ms`);
    assert.equal(run.stderr, '');
    const output = JSON.parse(run.stdout) as { resources: number; findings: Array<{ rule: string; message: string; line: number; severity: string }> };
    const matching = output.findings.filter((finding) => entry.expect.test(finding.message) && (!entry.rule || finding.rule === entry.rule));
    assert.ok(matching.length >= 1, JSON.stringify(output.findings));
    if (entry.line !== undefined) assert.equal(matching[0].line, entry.line);
    if (entry.severity !== undefined) assert.equal(matching[0].severity, entry.severity);
    if (entry.resources !== undefined) assert.equal(output.resources, entry.resources);
  });
}

function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function deepBlock(levels: number): string {
  // One key per level, one space deeper each time: 10,000 levels of block nesting in ~50 MB would
  // exceed the size limit, so nest with sequences, which need no indentation growth per level.
  return `${'- '.repeat(levels)}x\n`;
}
