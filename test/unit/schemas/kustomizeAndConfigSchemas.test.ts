import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import { checkFixture, documentsFromText, fixturesDir } from './schemaFixtures';

const schemas = createSchemaRegistry();

test('a kustomization.yaml without apiVersion and kind is validated as a v1beta1 Kustomization', () => {
  const [document] = documentsFromText('resources: [a.yaml]\n', path.join(fixturesDir, 'kustomization-without-header', 'kustomization.yaml'));
  assert.deepEqual(schemas.schemaFor(document), { uri: 'gitops-schema://kustomize.config.k8s.io/v1beta1/Kustomization', origin: 'bundle' });
  assert.deepEqual(checkFixture(schemas, 'kustomization-without-header/kustomization.yaml'), [[]]);
});

test('an unknown field of a kustomization without header is an error', () => {
  assert.deepEqual(checkFixture(schemas, 'kustomization-without-header-unknown-field/kustomization.yaml'), [
    [{ path: ['nameprefix'], target: 'key', message: 'unknown field "nameprefix" (did you mean "namePrefix"?)', fix: { title: 'Rename "nameprefix" to "namePrefix"', path: ['nameprefix'], target: 'key', newValue: 'namePrefix' } }],
  ]);
});

test('the file names Kustomization and kustomization.yml get the kustomize schema too; other files do not', () => {
  for (const name of ['Kustomization', 'kustomization.yml']) {
    const [document] = documentsFromText('namePrefx: a-\n', `/repo/base/${name}`);
    assert.deepEqual(schemas.validate(document), [{ path: ['namePrefx'], target: 'key', message: 'unknown field "namePrefx" (did you mean "namePrefix"?)', fix: { title: 'Rename "namePrefx" to "namePrefix"', path: ['namePrefx'], target: 'key', newValue: 'namePrefix' } }]);
  }
  const [plain] = documentsFromText('namePrefx: a-\n', '/repo/base/values.yaml');
  assert.equal(schemas.schemaFor(plain), undefined);
  assert.deepEqual(schemas.validate(plain), []);
});

test('a clean Component has no findings', () => {
  assert.deepEqual(checkFixture(schemas, 'kustomize-component/kustomization.yaml'), [[]]);
});

test('a Component field of the wrong type is an error', () => {
  assert.deepEqual(checkFixture(schemas, 'kustomize-component-wrong-type/kustomization.yaml'), [
    [{ path: ['patches', 0, 'options', 'allowNameChange'], message: 'patches[0].options.allowNameChange: expected boolean, got string "no"' }],
  ]);
});

test('a valid .gitops-workbench.yaml has no findings', () => {
  const [document] = documentsFromText('rules: {}\n', path.join(fixturesDir, 'workbench-config-valid', '.gitops-workbench.yaml'));
  assert.deepEqual(schemas.schemaFor(document), { uri: 'gitops-schema://files/.gitops-workbench.yaml', origin: 'bundle' });
  assert.deepEqual(checkFixture(schemas, 'workbench-config-valid/.gitops-workbench.yaml'), [[]]);
});

test('an invalid .gitops-workbench.yaml reports each problem', () => {
  assert.deepEqual(checkFixture(schemas, 'workbench-config-invalid/.gitops-workbench.yaml'), [
    [
      { path: ['environments', 0], message: 'missing required field "paths" in environments[0]' },
      { path: ['environments', 0, 'reconciler'], message: 'environments[0].reconciler: must be one of "push", "flux", "argocd"' },
      { path: ['rules', 'image-latest'], message: 'rules.image-latest: must be one of "off", "info", "warning", "error"' },
    ],
  ]);
});

test('the config schema text is self-contained and described', () => {
  const text = schemas.schemaText('gitops-schema://files/.gitops-workbench.yaml');
  assert.ok(text);
  const schema = JSON.parse(text) as { properties: Record<string, { description?: string }> };
  assert.deepEqual(Object.keys(schema.properties), ['environments', 'ignoreDifferences', 'rules']);
  for (const property of Object.values(schema.properties)) assert.ok(property.description);
});
