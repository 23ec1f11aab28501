import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { findDefinition } from '../../../server/src/engine/manifests/findDefinition';
import type { ManifestDocument } from '../../../server/src/engine/manifests/ManifestDocument';
import { parseManifestText } from '../../../server/src/engine/manifests/parseManifestText';
import type { YamlPath } from '../../../server/src/engine/validation/Finding';
import { fixturePath } from './manifestFixtures';

const root = fixturePath('definitions-nearest-first');

function walk(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? walk(full) : /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

const documents: ManifestDocument[] = walk(root).sort().flatMap((file) => parseManifestText({ file, text: fs.readFileSync(file, 'utf8') }).documents);

function documentAt(file: string, index = 0): ManifestDocument {
  const found = documents.find((document) => document.file === path.join(root, file) && document.index === index);
  assert.ok(found, `${file}#${index}`);
  return found;
}

/** targets shows each definition as "file#index" for documents, "file" for files, relative to the fixture. */
function targets(file: string, at: YamlPath, index = 0): string[] {
  return findDefinition({ document: documentAt(file, index), path: at, documents, repoRoot: root }).map((target) =>
    'document' in target ? `${path.relative(root, target.document.file)}#${target.document.index}` : path.relative(root, target.file),
  );
}

describe('findDefinition: references to objects', () => {
  const pod = ['spec', 'template', 'spec'];
  const container = [...pod, 'containers', 0];

  test('a ConfigMap reference goes to the same-namespace definition in the nearest directory', () => {
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...container, 'envFrom', 0, 'configMapRef', 'name']), ['overlays/staging/settings.yaml#0']);
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...container, 'env', 0, 'valueFrom', 'configMapKeyRef', 'name']), ['overlays/staging/settings.yaml#0']);
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...pod, 'volumes', 1, 'configMap', 'name']), ['overlays/staging/settings.yaml#0']);
  });

  test('a definition without a namespace matches any namespace', () => {
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...container, 'envFrom', 1, 'secretRef', 'name']), ['base/settings.yaml#1']);
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...pod, 'imagePullSecrets', 0, 'name']), ['base/settings.yaml#1']);
  });

  test('other kinds: ServiceAccount, PersistentVolumeClaim (another namespace when none matches)', () => {
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...pod, 'serviceAccountName']), ['overlays/staging/settings.yaml#1']);
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...pod, 'volumes', 0, 'persistentVolumeClaim', 'claimName']), ['overlays/prod/settings.yaml#1']);
  });

  test('nothing for a name nobody defines, a non-reference field, or a path that is no string', () => {
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...container, 'env', 1, 'valueFrom', 'configMapKeyRef', 'name']), []);
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...container, 'image']), []);
    assert.deepEqual(targets('overlays/staging/deployment.yaml', [...container, 'envFrom']), []);
    assert.deepEqual(targets('overlays/staging/deployment.yaml', ['nope', 'name']), []);
  });

  test('Flux: sourceRef (kind defaults to GitRepository), dependsOn', () => {
    assert.deepEqual(targets('clusters/prod/flux.yaml', ['spec', 'sourceRef', 'name'], 1), ['clusters/prod/flux.yaml#0']);
    assert.deepEqual(targets('clusters/prod/flux.yaml', ['spec', 'sourceRef', 'name'], 3), ['clusters/prod/flux.yaml#0']);
    assert.deepEqual(targets('clusters/prod/flux.yaml', ['spec', 'dependsOn', 0, 'name'], 2), ['clusters/prod/flux.yaml#1']);
  });

  test('Flux spec.path: the directory\'s kustomization, else its first YAML file', () => {
    assert.deepEqual(targets('clusters/prod/flux.yaml', ['spec', 'path'], 1), ['base/kustomization.yaml']);
    assert.deepEqual(targets('clusters/prod/flux.yaml', ['spec', 'path'], 2), ['overlays/prod/settings.yaml']);
    assert.deepEqual(targets('clusters/prod/flux.yaml', ['spec', 'path'], 3), ['plain-dir/a-first.yml']);
  });

  test('ties in closeness return every candidate', () => {
    const document: ManifestDocument = { ...documentAt('clusters/prod/flux.yaml', 1), value: { spec: { template: { spec: { volumes: [{ configMap: { name: 'settings' } }] } } } }, identity: undefined };
    const found = findDefinition({ document, path: ['spec', 'template', 'spec', 'volumes', 0, 'configMap', 'name'], documents, repoRoot: root });
    assert.deepEqual(found.map((target) => ('document' in target ? path.relative(root, target.document.file) : '')).sort(), ['base/settings.yaml', 'overlays/prod/settings.yaml', 'overlays/staging/settings.yaml']);
  });
});

describe('findDefinition: kustomization entries', () => {
  const kustomization = 'overlays/staging/kustomization.yaml';

  test('a directory entry goes to its kustomization, a file entry to the file', () => {
    assert.deepEqual(targets(kustomization, ['resources', 0]), ['base/kustomization.yaml']);
    assert.deepEqual(targets(kustomization, ['resources', 1]), ['overlays/staging/deployment.yaml']);
    assert.deepEqual(targets(kustomization, ['components', 0]), ['plain-dir/a-first.yml']);
    assert.deepEqual(targets(kustomization, ['patches', 0, 'path']), ['overlays/staging/deployment.yaml']);
  });

  test('remote and missing entries have no target', () => {
    assert.deepEqual(targets(kustomization, ['resources', 3]), []);
    assert.deepEqual(targets(kustomization, ['resources', 4]), []);
  });

  test('other fields of a kustomization are not references', () => {
    assert.deepEqual(targets(kustomization, ['namespace']), []);
  });

  test('a directory without YAML files has no target', () => {
    const document: ManifestDocument = { ...documentAt(kustomization), value: { resources: ['../../empty-dir'] } };
    assert.deepEqual(findDefinition({ document, path: ['resources', 0], documents, repoRoot: root }), []);
  });
});
