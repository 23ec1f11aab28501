import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import { checkFixture, fixtureDocuments } from './schemaFixtures';

const crdFile = '/repo/crds/gadget.yaml';

function registryWithGadgetCrd() {
  const schemas = createSchemaRegistry();
  schemas.setWorkspaceCrds(crdFile, fixtureDocuments('crd-gadget.yaml'));
  return schemas;
}

test('a CustomResourceDefinition manifest validates against the bundled CRD schema', () => {
  const schemas = createSchemaRegistry();
  assert.deepEqual(checkFixture(schemas, 'crd-gadget.yaml'), [[]]);
  assert.deepEqual(checkFixture(schemas, 'crd-switch-alternatives.yaml'), [[]]);
  assert.deepEqual(checkFixture(schemas, 'crd-invalid-manifest.yaml'), [
    [{ path: ['spec', 'scope'], message: 'spec.scope: must be one of "Cluster", "Namespaced"' }],
  ]);
});

test('without its CRD a custom resource gets the info finding', () => {
  assert.deepEqual(checkFixture(createSchemaRegistry(), 'gadget-invalid.yaml'), [
    [{ path: ['kind'], severity: 'info', message: 'no schema for example.org/v1 Gadget' }],
  ]);
});

test('a workspace CRD validates its custom resources: ObjectMeta, int-or-string, nullable, open and embedded objects', () => {
  const schemas = registryWithGadgetCrd();
  assert.equal(schemas.generation, 1);
  assert.deepEqual(schemas.lookup('example.org/v1', 'Gadget'), { uri: 'gitops-schema://workspace-crd/example.org/v1/Gadget?v=1', origin: 'workspace-crd' });
  assert.equal(schemas.lookup('example.org/v1alpha1', 'Gadget'), undefined, 'versions that are not served have no schema');
  assert.deepEqual(checkFixture(schemas, 'gadget-valid.yaml'), [[], []]);
});

test('a workspace CRD rejects values its schema does not allow', () => {
  const schemas = registryWithGadgetCrd();
  assert.deepEqual(checkFixture(schemas, 'gadget-invalid.yaml'), [
    [{ path: ['spec', 'mode'], message: 'spec.mode: must be one of "fast", "slow"' }],
  ]);
  assert.deepEqual(checkFixture(schemas, 'gadget-unknown-metadata-field.yaml'), [
    [{ path: ['metadata', 'labelz'], target: 'key', message: 'unknown field "labelz" in metadata (did you mean "labels"?)', fix: { title: 'Rename "labelz" to "labels"', path: ['metadata', 'labelz'], target: 'key', newValue: 'labels' } }],
  ]);
  assert.deepEqual(checkFixture(schemas, 'gadget-color.yaml'), [
    [{ path: ['spec', 'color'], target: 'key', message: 'unknown field "color" in spec' }],
  ]);
});

test('replacing the CRD file replaces its schemas and bumps the generation', () => {
  const schemas = registryWithGadgetCrd();
  schemas.setWorkspaceCrds(crdFile, fixtureDocuments('crd-gadget.yaml'));
  assert.equal(schemas.generation, 1, 'an unchanged CRD file changes nothing');
  schemas.setWorkspaceCrds(crdFile, fixtureDocuments('crd-gadget-replaced.yaml'));
  assert.equal(schemas.generation, 2);
  assert.equal(schemas.lookup('example.org/v1', 'Gadget')?.uri, 'gitops-schema://workspace-crd/example.org/v1/Gadget?v=2');
  assert.equal(schemas.schemaText('gitops-schema://workspace-crd/example.org/v1/Gadget?v=1'), undefined);
  assert.deepEqual(checkFixture(schemas, 'gadget-color.yaml'), [[]]);
  assert.deepEqual(checkFixture(schemas, 'gadget-invalid.yaml'), [
    [{ path: ['spec', 'mode'], target: 'key', message: 'unknown field "mode" in spec' }],
  ]);
});

test('removing the CRDs of a file removes their schemas', () => {
  const schemas = registryWithGadgetCrd();
  schemas.setWorkspaceCrds(crdFile, fixtureDocuments('deployment-valid.yaml'));
  assert.equal(schemas.generation, 2);
  assert.equal(schemas.lookup('example.org/v1', 'Gadget'), undefined);
  assert.deepEqual(schemas.knownApiVersions('Gadget'), []);
  assert.deepEqual(checkFixture(schemas, 'gadget-valid.yaml'), [
    [{ path: ['kind'], severity: 'info', message: 'no schema for example.org/v1 Gadget' }],
    [{ path: ['kind'], severity: 'info', message: 'no schema for example.org/v1 Gadget' }],
  ]);
  schemas.setWorkspaceCrds('/repo/other.yaml', []);
  assert.equal(schemas.generation, 2, 'a file that never had CRDs changes nothing');
});

test('a workspace CRD schema text is self-contained, with the ObjectMeta it refers to', () => {
  const schemas = registryWithGadgetCrd();
  const uri = schemas.lookup('example.org/v1', 'Gadget')?.uri;
  assert.ok(uri);
  const text = schemas.schemaText(uri);
  assert.ok(text);
  const schema = JSON.parse(text) as { properties: Record<string, { $ref?: string; properties?: Record<string, { description?: string }> }>; definitions: Record<string, unknown> };
  assert.equal(schema.properties.metadata.$ref, '#/definitions/ObjectMeta');
  assert.ok('ObjectMeta' in schema.definitions);
  assert.equal(schema.properties.spec.properties?.size.description, 'How big the gadget is.');
  for (const match of text.matchAll(/"\$ref":"([^"]*)"/g)) assert.ok(match[1].slice('#/definitions/'.length) in schema.definitions, match[1]);
});

test('anyOf and oneOf errors collapse into one message each', () => {
  const schemas = createSchemaRegistry();
  schemas.setWorkspaceCrds('/repo/crds/switch.yaml', fixtureDocuments('crd-switch-alternatives.yaml'));
  assert.deepEqual(checkFixture(schemas, 'switch-valid.yaml'), [[], []]);
  assert.deepEqual(checkFixture(schemas, 'switch-both-alternatives.yaml'), [[{ path: ['spec'], message: 'spec: set only one of "onAt", "offAt"' }]]);
  assert.deepEqual(checkFixture(schemas, 'switch-level-wrong-type.yaml'), [
    [{ path: ['spec', 'level'], message: 'spec.level: expected integer or boolean, got string "high"' }],
  ]);
});

test('a workspace CRD takes precedence over the bundled schema of the same kind', () => {
  const schemas = createSchemaRegistry();
  const [crd] = fixtureDocuments('crd-gadget-replaced.yaml');
  const value = structuredClone(crd.value) as { spec: { group: string; names: { kind: string; plural: string } } };
  value.spec.group = 'source.toolkit.fluxcd.io';
  value.spec.names = { kind: 'GitRepository', plural: 'gitrepositories' };
  schemas.setWorkspaceCrds('/repo/flux-system/gotk-components.yaml', [{ ...crd, value, identity: crd.identity }]);
  assert.equal(schemas.lookup('source.toolkit.fluxcd.io/v1', 'GitRepository')?.origin, 'workspace-crd');
  assert.equal(schemas.lookup('source.toolkit.fluxcd.io/v1beta2', 'GitRepository')?.origin, 'bundle');
  assert.deepEqual(schemas.knownApiVersions('GitRepository'), ['source.toolkit.fluxcd.io/v1', 'source.toolkit.fluxcd.io/v1beta1', 'source.toolkit.fluxcd.io/v1beta2']);
});
