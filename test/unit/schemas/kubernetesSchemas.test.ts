import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import { checkFixture, fixtureDocuments } from './schemaFixtures';

const schemas = createSchemaRegistry();

test('a clean Deployment has no findings', () => {
  assert.deepEqual(checkFixture(schemas, 'deployment-valid.yaml'), [[]]);
});

test('an unknown field in the pod template is an error on its key, with a suggestion', () => {
  assert.deepEqual(checkFixture(schemas, 'deployment-unknown-field-in-pod-template.yaml'), [
    [
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolcy'],
        target: 'key',
        message: 'unknown field "imagePullPolcy" in spec.template.spec.containers[0] (did you mean "imagePullPolicy"?)',
        fix: { title: 'Rename "imagePullPolcy" to "imagePullPolicy"', path: ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolcy'], target: 'key', newValue: 'imagePullPolicy' },
      },
    ],
  ]);
});

test('a wrong type names the expected type and the value', () => {
  assert.deepEqual(checkFixture(schemas, 'deployment-wrong-type.yaml'), [
    [{ path: ['spec', 'replicas'], message: 'spec.replicas: expected integer, got string "three"' }],
  ]);
});

test('a value outside an enum lists the allowed values', () => {
  assert.deepEqual(checkFixture(schemas, 'deployment-enum.yaml'), [
    [{ path: ['spec', 'strategy', 'type'], message: 'spec.strategy.type: must be one of "Recreate", "RollingUpdate"' }],
  ]);
});

test('a missing required field is reported on the key of its object', () => {
  assert.deepEqual(checkFixture(schemas, 'deployment-missing-required.yaml'), [
    [{ path: ['spec', 'template', 'spec'], target: 'key', message: 'missing required field "containers" in spec.template.spec' }],
  ]);
});

test('int-or-string accepts port names and numbers', () => {
  assert.deepEqual(checkFixture(schemas, 'service-int-or-string.yaml'), [[]]);
});

test('int-or-string rejects other types with one message', () => {
  assert.deepEqual(checkFixture(schemas, 'service-int-or-string-wrong-type.yaml'), [
    [{ path: ['spec', 'ports', 0, 'targetPort'], message: 'spec.ports[0].targetPort: expected string or integer, got boolean true' }],
  ]);
});

test('quantities may be strings or numbers', () => {
  assert.deepEqual(checkFixture(schemas, 'pod-quantities.yaml'), [[]]);
});

test('a quantity of another type gets one message', () => {
  assert.deepEqual(checkFixture(schemas, 'pod-quantity-wrong-type.yaml'), [
    [
      {
        path: ['spec', 'containers', 0, 'resources', 'limits', 'memory'],
        message: 'spec.containers[0].resources.limits.memory: expected string or number, got array',
      },
    ],
  ]);
});

test('each document of a multi-document file is validated by its own kind', () => {
  assert.deepEqual(checkFixture(schemas, 'multi-document-one-error.yaml'), [
    [],
    [{ path: ['data', 'WORKERS'], message: 'data.WORKERS: expected string, got integer 4' }],
    [],
  ]);
});

test('a kind without a schema gets one info finding on kind', () => {
  assert.deepEqual(checkFixture(schemas, 'unknown-kind.yaml'), [
    [{ path: ['kind'], severity: 'info', message: 'no schema for gadgets.example.org/v1 Gadget' }],
  ]);
});

test('an unknown apiVersion of a known kind names the known versions', () => {
  assert.deepEqual(checkFixture(schemas, 'deployment-unknown-apiversion.yaml'), [
    [{ path: ['kind'], severity: 'info', message: 'no schema for apps/v2 Deployment; known versions: apps/v1' }],
  ]);
});

test('lookup routes by apiVersion and kind only', () => {
  assert.deepEqual(schemas.lookup('apps/v1', 'Deployment'), { uri: 'gitops-schema://apps/v1/Deployment', origin: 'bundle' });
  assert.deepEqual(schemas.lookup('v1', 'Pod'), { uri: 'gitops-schema://v1/Pod', origin: 'bundle' });
  assert.equal(schemas.lookup('apps/v1', 'Pod'), undefined);
  assert.deepEqual(schemas.knownApiVersions('HorizontalPodAutoscaler'), ['autoscaling/v1', 'autoscaling/v2']);
});

test('schemaText is self-contained and keeps descriptions', () => {
  const text = schemas.schemaText('gitops-schema://apps/v1/Deployment');
  assert.ok(text);
  const schema = JSON.parse(text) as { properties: Record<string, { description?: string; $ref?: string }>; definitions: Record<string, unknown> };
  const refs = [...text.matchAll(/"\$ref":"([^"]*)"/g)].map((match) => match[1]);
  assert.ok(refs.length > 0);
  for (const ref of refs) {
    assert.match(ref, /^#\/definitions\//);
    assert.ok(ref.slice('#/definitions/'.length) in schema.definitions, `${ref} is included`);
  }
  assert.equal(schema.properties.kind.description?.startsWith('Kind is a string value representing the REST resource'), true);
  assert.match(text, /Number of desired pods\./);
  assert.equal(schemas.schemaText('gitops-schema://apps/v2/Deployment'), undefined);
});

test('a SOPS-encrypted document: the sops map and encrypted values pass', () => {
  assert.deepEqual(checkFixture(schemas, 'deployment-sops-encrypted.yaml'), [[]]);
});

test('whole-value Flux substitution variables are not type errors', () => {
  assert.deepEqual(checkFixture(schemas, 'deployment-flux-substitution.yaml'), [[]]);
});

test('a patch validated as partial reports unknown fields but no missing required ones', () => {
  const [patch] = fixtureDocuments('deployment-patch.yaml');
  const unknown = {
    path: ['spec', 'template', 'spec', 'containers', 0, 'resource'],
    target: 'key',
    message: 'unknown field "resource" in spec.template.spec.containers[0] (did you mean "resources"?)',
    fix: { title: 'Rename "resource" to "resources"', path: ['spec', 'template', 'spec', 'containers', 0, 'resource'], target: 'key', newValue: 'resources' },
  };
  assert.deepEqual(schemas.validate(patch, { partial: true }), [unknown]);
  assert.deepEqual(schemas.validate(patch), [
    { path: ['spec'], target: 'key', message: 'missing required field "selector" in spec' },
    unknown,
  ]);
});
