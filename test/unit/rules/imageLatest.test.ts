import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imageLatest } from '../../../server/src/engine/validation/rules/imageLatest';
import { applyKustomizeImages, parseImageReference } from '../../../server/src/engine/validation/rules/support/imageReference';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'image-latest';
const containerImage = ['spec', 'template', 'spec', 'containers', 0, 'image'];

describe('image-latest', () => {
  test('is a warning', () => assert.equal(imageLatest.defaultSeverity, 'warning'));

  test('an image without a tag fails', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-image-without-tag.yaml')), [
      { rule, file: 'fail-image-without-tag.yaml', path: containerImage, message: 'image "nginx" of container "web" has no tag' },
    ]);
  });

  test('an image tagged :latest fails', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-image-latest-tag.yaml')), [
      { rule, file: 'fail-image-latest-tag.yaml', path: containerImage, message: 'image "nginx:latest" of container "web" uses the :latest tag' },
    ]);
  });

  test('a registry port is not a tag', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-registry-port-without-tag.yaml')), [
      { rule, file: 'fail-registry-port-without-tag.yaml', path: ['spec', 'containers', 0, 'image'], message: 'image "registry:5000/app" of container "app" has no tag' },
    ]);
  });

  test('init containers of a CronJob are checked', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-cronjob-init-container-latest.yaml')), [
      {
        rule,
        file: 'fail-cronjob-init-container-latest.yaml',
        path: ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'initContainers', 0, 'image'],
        message: 'init container "fetch" uses the :latest tag',
      },
    ]);
  });

  test("a kustomization's images: setting latest fails at the base's image", () => {
    assertFindings(runRules(fixturePath(rule, 'fail-kustomize-images-set-latest')), [
      { rule, file: 'base/deployment.yaml', path: containerImage, message: `uses the :latest tag (after the kustomization's images: "registry.example.com/api:latest")` },
    ]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }

  test('image references split like the container runtime does', () => {
    assert.deepEqual(parseImageReference('registry:5000/app'), { name: 'registry:5000/app', tag: undefined, digest: undefined });
    assert.deepEqual(parseImageReference('nginx:1.2@sha256:abc'), { name: 'nginx', tag: '1.2', digest: 'sha256:abc' });
    assert.deepEqual(applyKustomizeImages(parseImageReference('app'), [{ name: 'app', digest: 'sha256:1' }]), { name: 'app', tag: undefined, digest: 'sha256:1' });
    assert.deepEqual(applyKustomizeImages(parseImageReference('app:1'), [{ name: 'other', newTag: 'latest' }]), { name: 'app', tag: '1', digest: undefined });
  });
});
