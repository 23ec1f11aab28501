import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import { locatePrecompiledValidators } from '../../../server/src/engine/schemas/locatePrecompiledValidators';
import { openPrecompiledValidators } from '../../../server/src/engine/schemas/openPrecompiledValidators';
import type { SchemaBundleIndex } from '../../../server/src/engine/schemas/SchemaBundle';
import { checkDocument, documentsFromText, fixturesDir, repoRoot } from './schemaFixtures';

// The build (npm run build, which `npm test` runs first) writes the validators into dist/schemas.
const bundleDir = path.join(repoRoot, 'dist', 'schemas');
const validatorsDir = path.join(bundleDir, 'validators');
const built = fs.existsSync(path.join(validatorsDir, 'manifest.json'));
const skip = !built && 'no dist/schemas/validators: run `npm run build` first';
// No code cache is written from the tests.
process.env.NODE_DISABLE_COMPILE_CACHE = '1';

/** fixtureFiles lists every YAML file of the schema fixtures, scenario folders included. */
function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? fixtureFiles(file) : /\.ya?ml$/.test(entry.name) ? [file] : [];
  });
}

describe('the validators generated at build time', { skip }, () => {
  test('give exactly the findings of the schemas compiled at run time (every fixture, every kind)', () => {
    const precompiled = createSchemaRegistry({ bundleDir, validatorsDir });
    const compiled = createSchemaRegistry({ bundleDir, validatorsDir: false });
    const documents = fixtureFiles(fixturesDir).flatMap((file) => documentsFromText(fs.readFileSync(file, 'utf8'), file));
    const index = JSON.parse(fs.readFileSync(path.join(bundleDir, 'index.json'), 'utf8')) as SchemaBundleIndex;
    for (const key of Object.keys(index.kinds)) {
      const slash = key.lastIndexOf('/');
      // Wrong types and unknown fields at several depths, for every kind.
      const value = { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), metadata: { name: 7, labels: { a: 1 }, unknownField: true }, spec: { replicas: 'x', template: { spec: { containers: [{ image: 1 }] } } }, data: [1] };
      documents.push(...documentsFromText(JSON.stringify(value), '/repo/every-kind.yaml'));
    }
    assert.ok(documents.length > 200, `${documents.length} documents`);
    let withFindings = 0;
    for (const document of documents) {
      const expected = checkDocument(compiled, document);
      assert.deepEqual(checkDocument(precompiled, document), expected, `${document.file} #${document.index}`);
      if (expected.length > 0) withFindings++;
    }
    assert.ok(withFindings > 180, `only ${withFindings} documents have findings`);
  });

  test('share one module among the kinds with a pod template, and one module per other schema', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(validatorsDir, 'manifest.json'), 'utf8')) as { modules: Record<string, string> };
    const schemasByModule = new Map<string, string[]>();
    for (const [schemaFile, module] of Object.entries(manifest.modules)) schemasByModule.set(module, [...(schemasByModule.get(module) ?? []), schemaFile]);
    const shared = [...schemasByModule].filter(([, schemaFiles]) => schemaFiles.length > 1);
    assert.deepEqual(shared.map(([module, schemaFiles]) => [module, schemaFiles.sort()]), [[
      'workloads.js',
      ['apps.v1.DaemonSet.json', 'apps.v1.Deployment.json', 'apps.v1.ReplicaSet.json', 'apps.v1.StatefulSet.json', 'batch.v1.CronJob.json', 'batch.v1.Job.json', 'core.v1.Pod.json', 'core.v1.PodTemplate.json', 'core.v1.ReplicationController.json'],
    ]]);
    // Each workload kind gets its own validator from the shared module.
    const validators = openPrecompiledValidators({ bundleDir, validatorsDir });
    const deployment = validators?.('apps.v1.Deployment.json');
    const cronJob = validators?.('batch.v1.CronJob.json');
    assert.ok(deployment && cronJob && deployment !== cronJob);
    const podSpec = { containers: [{ name: 'app', image: 'nginx:1.27' }] };
    assert.equal(deployment({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { selector: {}, template: { spec: podSpec } } }), true);
    assert.equal(cronJob({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'a' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: podSpec } } } } }), true);
    assert.equal(cronJob({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'a' }, spec: { selector: {}, template: { spec: podSpec } } }), false);
  });

  test('are found beside the bundled programs only, and used only with the bundle they were made from', () => {
    assert.equal(locatePrecompiledValidators({ from: path.join(repoRoot, 'dist') }), validatorsDir);
    assert.equal(locatePrecompiledValidators({ from: path.join(repoRoot, 'dist', 'cli') }), validatorsDir);
    assert.equal(locatePrecompiledValidators({ from: path.join(repoRoot, 'dist', 'cli', 'vendor') }), undefined);
    assert.equal(typeof openPrecompiledValidators({ bundleDir, validatorsDir })?.('apps.v1.Deployment.json'), 'function');
    assert.equal(openPrecompiledValidators({ bundleDir, validatorsDir })?.('no-such-schema.json'), undefined);
    // A bundle with another index.json: its schemas may differ, the modules are not used.
    const otherBundle = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bundle-'));
    try {
      fs.writeFileSync(path.join(otherBundle, 'index.json'), fs.readFileSync(path.join(bundleDir, 'index.json'), 'utf8').replace('{', '{ '));
      assert.equal(openPrecompiledValidators({ bundleDir: otherBundle, validatorsDir }), undefined);
      assert.equal(openPrecompiledValidators({ bundleDir, validatorsDir: otherBundle }), undefined);
    } finally {
      fs.rmSync(otherBundle, { recursive: true, force: true });
    }
  });
});
