import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCliProcess } from '../support/runCliProcess';
import { repoRoot } from '../support/startLanguageServer';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

// The bundled CLI with its parse worker forced on and off (GITOPS_WORKBENCH_PARSE_WORKER): the
// same bytes on stdout, the same exit code, nothing on stderr, on hostile input and on real repositories.
const hostile: Record<string, string | Uint8Array> = {
  'malformed.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n',
  'duplicate-key.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n',
  'billion-laughs.yaml': `a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 9 }, (_, level) => `${String.fromCharCode(98 + level)}: &${String.fromCharCode(98 + level)} [${Array(9).fill(`*${String.fromCharCode(97 + level)}`).join(',')}]`).join('\n')}\n`,
  'bom.yaml': '\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bom\ndata:\n  bogus: {}\n',
  'crlf.yaml': 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\nspec: {}\r\n',
  'latin1.yaml': Uint8Array.from([...Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: caf'), 0xe9, ...Buffer.from(' }\n')]),
  'huge.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: huge }\ndata:\n  blob: "${'x'.repeat(6 * 1024 * 1024)}"\n`,
  'deep.yaml': `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  'numbers.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: numbers}\ndata: {a: "1"}\nspec: {nan: .nan, zero: -0}\n',
};
for (let index = 0; index < 40; index++) {
  hostile[`apps/app-${index}.yaml`] = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${index}}\nspec:\n  selector: {matchLabels: {app: a${index}}}\n  template:\n    metadata: {labels: {app: a${index}}}\n    spec:\n      containers: [{name: main, image: 'nginx:${index % 5 === 0 ? 'latest' : '1.27'}'}]\n`;
}

for (const [name, cwd] of [
  ['hostile input', writeFixtureRepo(hostile)],
  ['the demo repository', path.join(repoRoot, 'examples/demo-repo')],
  ['flux-monorepo', path.join(repoRoot, 'test/fixtures/repos/flux-monorepo')],
] as const) {
  test(`validate with and without the parse worker: identical output on ${name}`, () => {
    const runs = ['1', '0'].map((setting) => runCliProcess({ argv: ['validate', '--format', 'json'], cwd, timeoutMs: 60000, env: { GITOPS_WORKBENCH_PARSE_WORKER: setting } }));
    for (const run of runs) {
      assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}; stderr: ${run.stderr}`);
      assert.equal(run.stderr, '');
    }
    assert.equal(runs[0].status, runs[1].status);
    assert.equal(runs[0].stdout, runs[1].stdout);
  });
}
