import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import { checkFixture } from './schemaFixtures';

const schemas = createSchemaRegistry();

test('a clean Flux Kustomization has no findings', () => {
  assert.deepEqual(checkFixture(schemas, 'flux-kustomization-valid.yaml'), [[]]);
});

test('a Flux interval must be a Go duration', () => {
  assert.deepEqual(checkFixture(schemas, 'flux-kustomization-bad-interval.yaml'), [
    [{ path: ['spec', 'interval'], message: 'spec.interval: string "10 minutes" does not match the pattern ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' }],
  ]);
});

test('a clean HelmRelease has no findings, whatever its values hold', () => {
  assert.deepEqual(checkFixture(schemas, 'flux-helmrelease-valid.yaml'), [[]]);
});

test('a HelmRelease chart source kind must be one Flux knows', () => {
  assert.deepEqual(checkFixture(schemas, 'flux-helmrelease-bad-source-kind.yaml'), [
    [
      {
        path: ['spec', 'chart', 'spec', 'sourceRef', 'kind'],
        message: 'spec.chart.spec.sourceRef.kind: must be one of "HelmRepository", "GitRepository", "Bucket"',
      },
    ],
  ]);
});

test('a clean GitRepository has no findings', () => {
  assert.deepEqual(checkFixture(schemas, 'flux-gitrepository-valid.yaml'), [[]]);
});

test('a misspelt GitRepository ref field is unknown', () => {
  assert.deepEqual(checkFixture(schemas, 'flux-gitrepository-unknown-field.yaml'), [
    [{ path: ['spec', 'ref', 'branche'], target: 'key', message: 'unknown field "branche" in spec.ref (did you mean "branch"?)', fix: { title: 'Rename "branche" to "branch"', path: ['spec', 'ref', 'branche'], target: 'key', newValue: 'branch' } }],
  ]);
});

test('a clean Argo CD Application has no findings', () => {
  assert.deepEqual(checkFixture(schemas, 'argocd-application-valid.yaml'), [[]]);
});

test('a misspelt Argo CD Application field is unknown', () => {
  assert.deepEqual(checkFixture(schemas, 'argocd-application-unknown-field.yaml'), [
    [{ path: ['spec', 'source', 'targetRevison'], target: 'key', message: 'unknown field "targetRevison" in spec.source (did you mean "targetRevision"?)', fix: { title: 'Rename "targetRevison" to "targetRevision"', path: ['spec', 'source', 'targetRevison'], target: 'key', newValue: 'targetRevision' } }],
  ]);
});

test('Flux and Argo CD kinds come from the bundle', () => {
  for (const [apiVersion, kind] of [
    ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization'],
    ['helm.toolkit.fluxcd.io/v2', 'HelmRelease'],
    ['source.toolkit.fluxcd.io/v1', 'GitRepository'],
    ['source.toolkit.fluxcd.io/v1', 'OCIRepository'],
    ['notification.toolkit.fluxcd.io/v1beta3', 'Alert'],
    ['image.toolkit.fluxcd.io/v1beta2', 'ImagePolicy'],
    ['argoproj.io/v1alpha1', 'Application'],
    ['argoproj.io/v1alpha1', 'ApplicationSet'],
    ['argoproj.io/v1alpha1', 'AppProject'],
  ]) {
    assert.equal(schemas.lookup(apiVersion, kind)?.origin, 'bundle', `${apiVersion} ${kind}`);
  }
});
