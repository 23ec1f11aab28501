import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseFilesWorkerFile } from '../../../server/src/engine/validation/setFilesWithWorker';
import { defaultValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';
import { validatePaths } from '../../../server/src/engine/validation/validatePaths';
import { validatePathsInWorker } from '../../../server/src/engine/validation/validatePathsInWorker';
import { writeFixtureRepo } from '../../support/writeFixtureRepo';

const projectRoot = path.resolve(__dirname, '../../../..');
const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-parse-worker-')));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const deployment = (name: string, image: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: main\n          image: ${image}\n          envFrom:\n            - configMapRef: {name: ${name}-settings}\n`;
const configMap = (name: string, data: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;

/** hostileFiles: every odd input the CLI must report clearly, spread among ordinary files. */
function hostileFiles(): Record<string, string | Uint8Array> {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level++) laughs.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
  return {
    'bad/malformed.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n',
    'bad/duplicate-key.yaml': `${configMap('dup', '  a: "1"\n  a: "2"\n')}---\n${configMap('after-dup', '  b: "1"\n')}`,
    'bad/billion-laughs.yaml': `${laughs.join('\n')}\n`,
    'bad/deep-flow.yaml': `a: ${'['.repeat(2000)}${']'.repeat(2000)}\n`,
    'bad/bom.yaml': `\ufeff${configMap('bom', '  a: "1"\n  bogus: {}\n')}`,
    'bad/crlf.yaml': configMap('crlf', '  a: "1"\n').replace(/\n/g, '\r\n') + 'spec: {}\r\n',
    'bad/latin1.yaml': Uint8Array.from([...Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: caf'), 0xe9, ...Buffer.from(' }\n')]),
    'bad/binary.yaml': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]),
    'bad/huge.yaml': configMap('huge', `  blob: "${'x'.repeat(6 * 1024 * 1024)}"\n`),
    'bad/prose.yaml': 'This is prose, not a manifest.\n',
    'bad/directives.yaml': `%YAML 1.2\n---\n${configMap('directive', '  a: "1"\n')}...\n`,
    // Values JSON cannot carry exactly: they must reach the rules as the in-process parse has them.
    'bad/numbers.yaml': configMap('numbers', '  a: "1"\n') + 'spec: {nan: .nan, inf: -.inf, zero: -0, float: -0.0, big: 123456789012345678901234}\n',
    'bad/anchors.yaml': `${configMap('anchors', '  a: &v "1"\n  b: *v\n')}---\n${deployment('merge', 'nginx:latest').replace('  replicas: 2\n', '  <<: {replicas: 3}\n')}`,
    'bad/empty-docs.yaml': `---\n# only a comment\n---\n---\n${configMap('after-empty', '  a: "1"\n')}---\nnull\n---\n- a list\n`,
    'bad/proto.yaml': configMap('proto', '  __proto__: "x"\n  constructor: "y"\n'),
    'bad/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: plain}\nstringData: {password: hunter2}\n',
    'bad/removed-api.yaml': 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old}\nspec: {}\n',
  };
}

function corpus(): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = { ...hostileFiles() };
  for (let index = 0; index < 60; index++) {
    const name = `app-${index}`;
    const image = index % 7 === 0 ? 'nginx:latest' : 'nginx:1.27';
    const settings = index % 11 === 0 ? `${name}-other` : `${name}-settings`;
    files[`apps/${name}.yaml`] = `${deployment(name, image)}---\n${configMap(settings, `  index: "${index}"\n`)}---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  selector: {app: ${index % 13 === 0 ? 'nobody' : name}}\n  ports: [{port: 80}]\n`;
  }
  return files;
}

/** same: the worker path gives exactly the in-process findings and resource count. */
async function same(args: { cwd: string; paths?: string[]; workerFile?: string; failAt?: number; stallMs?: number; shareWork?: boolean }): Promise<Awaited<ReturnType<typeof validatePathsInWorker>>['reading']> {
  const options = defaultValidationOptions();
  const expected = validatePaths({ paths: args.paths ?? [], cwd: args.cwd, options });
  const actual = await validatePathsInWorker({ paths: args.paths ?? [], cwd: args.cwd, options, workerFile: args.workerFile, failAt: args.failAt, stallMs: args.stallMs, shareWork: args.shareWork });
  assert.deepEqual({ resources: actual.resources, findings: actual.findings }, { resources: expected.resources, findings: expected.findings });
  return actual.reading;
}

describe('validatePathsInWorker', () => {
  const repository = writeFixtureRepo(corpus());

  test('the worker script is built beside the code', () => {
    assert.ok(parseFilesWorkerFile(), 'parseFilesWorker.js is missing beside setFilesWithWorker.js');
  });

  test('the same findings as in-process on odd and hostile input, read by the worker', async () => {
    const reading = await same({ cwd: repository, shareWork: false });
    assert.equal(reading.workerFailure, undefined);
    assert.equal(reading.byWorker, Object.keys(corpus()).length);
  });

  test('the same findings with both threads reading', async () => {
    assert.equal((await same({ cwd: repository })).workerFailure, undefined);
  });

  test('the same findings on the fixture repositories and the demo repository', async () => {
    const fixtures = path.join(projectRoot, 'test/fixtures/repos');
    for (const cwd of [...fs.readdirSync(fixtures).map((name) => path.join(fixtures, name)), path.join(projectRoot, 'examples/demo-repo')]) {
      await same({ cwd });
      assert.equal((await same({ cwd, shareWork: false })).workerFailure, undefined);
    }
  });

  test('a workspace CRD: the worker\'s checks of other kinds are used, its custom resources are checked again here', async () => {
    const schemas = path.join(projectRoot, 'test/fixtures/schemas');
    const files: Record<string, string> = {
      'crds/gadget.yaml': fs.readFileSync(path.join(schemas, 'crd-gadget.yaml'), 'utf8'),
      'apps/gadgets.yaml': `${fs.readFileSync(path.join(schemas, 'gadget-invalid.yaml'), 'utf8')}---\n${fs.readFileSync(path.join(schemas, 'gadget-valid.yaml'), 'utf8')}`,
    };
    for (let index = 0; index < 6; index++) files[`apps/app-${index}.yaml`] = `${deployment(`app-${index}`, 'nginx:1.27')}---\n${configMap(`app-${index}-settings`, '  a: "1"\n')}`;
    const reading = await same({ cwd: writeFixtureRepo(files), shareWork: false });
    assert.equal(reading.byWorker, Object.keys(files).length);
    // The three Gadgets: the worker checked them without their CRD.
    assert.equal(reading.checkedHere, 3);
  });

  test('files named explicitly, unreadable ones included', async () => {
    fs.mkdirSync(path.join(repository, 'dir.yaml'), { recursive: true });
    try {
      await same({ cwd: repository, paths: ['apps', 'bad/crlf.yaml', 'dir.yaml'] });
    } finally {
      fs.rmSync(path.join(repository, 'dir.yaml'), { recursive: true });
    }
  });

  test('a worker that fails midway: its files are read in this thread, same findings', async () => {
    const reading = await same({ cwd: repository, failAt: 5, shareWork: false });
    assert.equal(reading.byWorker, 5);
    assert.match(reading.workerFailure ?? '', /failure requested/);
  });

  test('a worker script that cannot be loaded: everything is read in this thread', async () => {
    // The worker alone reads: sharing the work, this thread may set every file before a slow
    // machine has even failed to load the script, and then there is no failure to report.
    const reading = await same({ cwd: repository, workerFile: path.join(scratch, 'missing-worker.js'), shareWork: false });
    assert.equal(reading.byWorker, 0);
    assert.match(reading.workerFailure ?? '', /parse worker/);
  });

  test('a worker that exits at once or claims files and never answers: no hang, same findings', async () => {
    const exits = path.join(scratch, 'exits.js');
    fs.writeFileSync(exits, 'process.exit(3);\n');
    assert.match((await same({ cwd: repository, workerFile: exits, shareWork: false })).workerFailure ?? '', /code 3/);
    const stuck = path.join(scratch, 'stuck.js');
    fs.writeFileSync(stuck, "const { workerData } = require('node:worker_threads');\nconst claims = new Int32Array(workerData.claims);\nAtomics.add(claims, 0, 3);\nsetInterval(() => {}, 1000);\n");
    const started = Date.now();
    // The worker alone reads (shareWork: false): with the main thread sharing the work it could
    // finish every file before the stall shows, and then there is no failure to report.
    assert.match((await same({ cwd: repository, workerFile: stuck, stallMs: 300, shareWork: false })).workerFailure ?? '', /sent nothing/);
    assert.ok(Date.now() - started < 15000);
  });
});
