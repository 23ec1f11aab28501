import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { buildValidationScopes } from '../../../server/src/engine/validation/buildValidationScopes';
import type { ValidationScope } from '../../../server/src/engine/validation/ValidationScope';
import { fixtureRepoView } from './fixtureRepoView';
import { fixturePath, loadDocuments } from './ruleHarness';

const root = fixturePath('scopes', 'overlays-flux-argo-and-plain-directories');

function build(): ValidationScope[] {
  return buildValidationScopes({ documents: loadDocuments(root), repo: fixtureRepoView({ root, remotes: ['git@github.com:example/gitops.git'] }) });
}

function files(scope: ValidationScope): string[] {
  return scope.documents.map((document) => path.relative(root, document.file).split(path.sep).join('/'));
}

describe('buildValidationScopes', () => {
  test('one scope per top-level kustomization, plain reconciler path and leftover directory', () => {
    const scopes = build();
    assert.deepEqual(
      scopes.map((scope) => [scope.kind, scope.name, files(scope)]),
      [
        ['kustomization', 'apps/plain/kustomized', ['apps/plain/kustomized/c.yaml']],
        ['kustomization', 'overlays/production', ['base/deployment.yaml']],
        ['kustomization', 'overlays/staging', ['base/deployment.yaml', 'overlays/staging/extra.yaml']],
        ['reconciler-path', 'apps/argo-dir', ['apps/argo-dir/x.yaml']],
        ['reconciler-path', 'apps/plain', ['apps/plain/a.yaml', 'apps/plain/kustomized/c.yaml', 'apps/plain/sub/b.yaml']],
        ['directory', 'apps/argo-dir/nested', ['apps/argo-dir/nested/y.yaml']],
        ['directory', 'argocd', ['argocd/app.yaml']],
        ['directory', 'base', ['base/unlisted.yaml']],
        ['directory', 'clusters/production', ['clusters/production/flux.yaml', 'clusters/production/flux.yaml']],
      ],
    );
  });

  test('a kustomization scope carries namespace, generators and per-document transforms', () => {
    const staging = build().find((scope) => scope.name === 'overlays/staging') as ValidationScope;
    assert.equal(staging.root, path.join(root, 'overlays/staging'));
    assert.equal(staging.namespaceOverride, 'staging');
    assert.deepEqual(staging.generated, { configMaps: ['base-settings', 'debug-flags'], secrets: ['staging-secrets'] });
    const deployment = staging.documents[0];
    assert.deepEqual(staging.transforms?.get(deployment), {
      namespace: 'staging',
      namePrefix: 'staging-',
      nameSuffix: '',
      images: [
        { name: 'ghcr.io/example/app', newName: undefined, newTag: '1.0.0', digest: undefined },
        { name: 'ghcr.io/example/app', newName: undefined, newTag: '1.1.0-rc.1', digest: undefined },
      ],
    });
  });

  test("a Flux path's targetNamespace is the scope's namespace; a nested kustomization keeps its own", () => {
    const plain = build().find((scope) => scope.name === 'apps/plain') as ValidationScope;
    assert.equal(plain.namespaceOverride, 'shop');
    const nested = plain.documents.find((document) => document.file.endsWith('c.yaml'));
    assert.ok(nested);
    assert.equal(plain.transforms?.get(nested)?.namespace, 'kustomized');
  });

  test('kustomization files, patches and Helm chart templates are in no scope', () => {
    const all = build().flatMap(files);
    for (const excluded of ['overlays/staging/patch.yaml', 'overlays/staging/kustomization.yaml', 'base/kustomization.yaml', 'charts/web/templates/configmap.yaml']) {
      assert.ok(!all.includes(excluded), excluded);
    }
  });

  test('without a matching git remote, the Argo CD path is a plain directory scope', () => {
    const scopes = buildValidationScopes({ documents: loadDocuments(root), repo: fixtureRepoView({ root }) });
    const argo = scopes.find((scope) => scope.name === 'apps/argo-dir') as ValidationScope;
    assert.equal(argo.kind, 'directory');
  });

  test('the same input gives the same scopes', () => {
    const shape = (scopes: ValidationScope[]) => scopes.map((scope) => [scope.kind, scope.name, files(scope)]);
    const documents = loadDocuments(root);
    const repo = fixtureRepoView({ root });
    assert.deepEqual(shape(buildValidationScopes({ documents, repo })), shape(buildValidationScopes({ documents: [...documents].reverse(), repo })));
  });
});
