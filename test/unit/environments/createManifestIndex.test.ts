import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { discoverEnvironments } from '../../../server/src/engine/environments/discoverEnvironments';
import { createManifestIndex } from '../../../server/src/engine/environments/ManifestIndex';
import { readRepositoryManifests } from '../../../server/src/engine/environments/readRepositoryManifests';
import { resolveEnvironmentPaths } from '../../../server/src/engine/git/resolveEnvironmentPaths';
import { writeFixtureRepo } from '../../support/writeFixtureRepo';
import { copyFixtureRepo, fixtureRepoDirectory } from './copyFixtureRepo';

const fixtureNames = fs.readdirSync(path.dirname(fixtureRepoDirectory('x')));

/** plain drops the parsed sources (YAML trees), keeping what discovery answers. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, entry) => (key === 'source' && entry && typeof entry === 'object' && 'text' in entry ? undefined : entry)));
}

test('discovery that reads only the files it needs answers exactly as discovery over every parsed document', () => {
  for (const name of fixtureNames) {
    const root = copyFixtureRepo(name);
    const lazy = discoverEnvironments({ root });
    const eager = discoverEnvironments({ root, documents: readRepositoryManifests({ root }) });
    assert.deepEqual(plain(lazy), plain(eager), name);
    assert.ok(lazy.environments.length > 0, `${name} has environments`);
  }
});

test('the lazy index answers every question as the index of every document, in the same order', () => {
  for (const name of fixtureNames) {
    const root = copyFixtureRepo(name);
    const lazy = createManifestIndex({ root });
    const eager = createManifestIndex({ root, documents: readRepositoryManifests({ root }) });
    const kinds: Array<[string, string | string[]]> = [['', 'ConfigMap'], ['', 'Secret'], ['kustomize.toolkit.fluxcd.io', 'Kustomization'], ['argoproj.io', ['Application', 'ApplicationSet']], ['helm.toolkit.fluxcd.io', 'HelmRelease'], ['source.toolkit.fluxcd.io', 'GitRepository']];
    for (const [group, kind] of kinds) assert.deepEqual(plain(lazy.ofKind(group, kind)), plain(eager.ofKind(group, kind)), `${name} ${group}/${kind}`);
    assert.deepEqual(plain([...lazy.kustomizations]), plain([...eager.kustomizations]), `${name} kustomizations`);
    for (const file of eager.byFile.keys()) assert.deepEqual(plain(lazy.documentsOf(file)), plain(eager.documentsOf(file)), `${name} ${file}`);
    assert.deepEqual(plain(lazy.documents), plain(eager.documents), `${name} documents`);
    assert.deepEqual(plain([...lazy.byFile]), plain([...eager.byFile]), `${name} byFile`);
  }
});

test('a kind spelled with YAML escapes is still found: a backslash makes a file a candidate for every kind', () => {
  const root = writeFixtureRepo({
    'apps/prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [release.yaml]\n',
    'apps/prod/release.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: "Helm\\x52elease"\nmetadata: {name: web, namespace: prod}\nspec:\n  chart: {spec: {chart: ./charts/web, sourceRef: {kind: GitRepository, name: flux-system}}}\n  valuesFrom: [{kind: ConfigMap, name: web-values}]\n',
    'apps/prod/values.yaml': 'apiVersion: v1\nkind: "Config\\u004Dap"\nmetadata: {name: web-values, namespace: prod}\n',
    'clusters/prod/apps.yaml': '{"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustom\\\nization", "metadata": {"name": "apps", "namespace": "flux-system"}, "spec": {"path": "./apps/prod", "sourceRef": {"kind": "GitRepository", "name": "flux-system"}}}\n',
  }, { git: true });
  const lazy = discoverEnvironments({ root });
  assert.deepEqual(plain(lazy), plain(discoverEnvironments({ root, documents: readRepositoryManifests({ root }) })));
  assert.deepEqual(lazy.environments.map((environment) => [environment.name, environment.inputs]), [['prod', ['apps/prod/kustomization.yaml', 'apps/prod/release.yaml', 'apps/prod/values.yaml', 'charts/web', 'clusters/prod']]]);
});

test('history resolves only its environment, with the same paths; sharedWith still answers for every environment', () => {
  for (const name of fixtureNames) {
    const root = copyFixtureRepo(name);
    for (const environment of discoverEnvironments({ root }).environments) {
      const all = resolveEnvironmentPaths({ root, name: environment.name });
      const one = resolveEnvironmentPaths({ root, name: environment.name, options: { resolveOthers: false } });
      assert.deepEqual(one.paths, all.paths, `${name} ${environment.name}`);
      const files = environment.inputs.slice(0, 3);
      assert.deepEqual(one.sharedWith(files), all.sharedWith(files), `${name} ${environment.name} sharedWith`);
    }
  }
  const root = copyFixtureRepo('config-file');
  assert.throws(() => resolveEnvironmentPaths({ root, name: 'nowhere', options: { resolveOthers: false } }), (error: Error) => /staging/.test(error.message));
});
