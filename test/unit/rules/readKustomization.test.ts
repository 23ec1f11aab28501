import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isRemoteKustomizeReference } from '../../../server/src/engine/manifests/isRemoteKustomizeReference';
import { parseManifestText } from '../../../server/src/engine/manifests/parseManifestText';
import { readKustomization } from '../../../server/src/engine/manifests/readKustomization';

const file = path.resolve('/repo/overlays/staging/kustomization.yaml');

function read(text: string) {
  const [document] = parseManifestText({ file, text }).documents;
  return readKustomization({ file, value: document?.value });
}

describe('readKustomization', () => {
  test('resolves entries against the kustomization directory, with their document paths', () => {
    const kustomization = read(`
namespace: staging
namePrefix: stg-
resources: [../../base, https://github.com/org/repo//deploy?ref=v1]
patches:
  - path: patch.yaml
  - patch: "inline"
patchesStrategicMerge:
  - legacy.yaml
  - |
    apiVersion: v1
    kind: ConfigMap
secretGenerator:
  - name: creds
    files: [token=secrets/token.txt]
    env: secrets/legacy.env
`);
    assert.ok(kustomization);
    assert.equal(kustomization.namespace, 'staging');
    assert.equal(kustomization.namePrefix, 'stg-');
    assert.deepEqual(kustomization.generatedSecrets, ['creds']);
    assert.deepEqual(
      kustomization.entries.map((entry) => [entry.role, entry.path, entry.value, entry.remote, entry.absolutePath]),
      [
        ['resource', ['resources', 0], '../../base', false, path.resolve('/repo/base')],
        ['resource', ['resources', 1], 'https://github.com/org/repo//deploy?ref=v1', true, undefined],
        ['patch', ['patches', 0, 'path'], 'patch.yaml', false, path.resolve('/repo/overlays/staging/patch.yaml')],
        ['patchStrategicMerge', ['patchesStrategicMerge', 0], 'legacy.yaml', false, path.resolve('/repo/overlays/staging/legacy.yaml')],
        ['generatorFile', ['secretGenerator', 0, 'files', 0], 'secrets/token.txt', false, path.resolve('/repo/overlays/staging/secrets/token.txt')],
        ['generatorEnv', ['secretGenerator', 0, 'env'], 'secrets/legacy.env', false, path.resolve('/repo/overlays/staging/secrets/legacy.env')],
      ],
    );
  });

  test('is not fooled by other groups or odd shapes', () => {
    assert.equal(read('apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec: {path: ./}\n'), undefined);
    assert.equal(readKustomization({ file, value: ['resources'] }), undefined);
    assert.deepEqual(read('resources: 5\npatches: [1, {path: 2}]\nimages: [x]\nconfigMapGenerator: [null, {files: [3]}]\n')?.entries, []);
  });

  test('tells remote references from local paths', () => {
    for (const remote of ['https://github.com/org/repo', 'github.com/org/repo/deploy?ref=v1', 'git@github.com:org/repo.git', 'ssh://git@host/repo', 'git::https://host/repo', 'gitlab.com/group/project']) {
      assert.ok(isRemoteKustomizeReference(remote), remote);
    }
    for (const local of ['../base', 'deployment.yaml', 'github/config.yaml', './github.com.yaml']) assert.ok(!isRemoteKustomizeReference(local), local);
  });
});
