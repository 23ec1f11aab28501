import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { duplicateResource } from '../../../server/src/engine/validation/rules/duplicateResource';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'duplicate-resource';

describe('duplicate-resource', () => {
  test('is an error, per environment', () => {
    assert.equal(duplicateResource.defaultSeverity, 'error');
    assert.equal(duplicateResource.scope, 'environment');
  });

  test('the second definition in a directory is reported, naming the first file:line', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-same-name-twice-in-directory')), [
      { rule, file: 'b-configmap.yaml', path: ['metadata', 'name'], message: 'ConfigMap "shop/app-config" is defined twice in this environment; first defined at a-configmap.yaml:9' },
    ]);
  });

  test("an overlay's namespace makes its own object collide with the base's", () => {
    assertFindings(runRules(fixturePath(rule, 'fail-overlay-repeats-base-object')), [
      { rule, file: 'overlays/staging/configmap.yaml', path: ['metadata', 'name'], message: 'ConfigMap "staging/app-config" is defined twice in this environment; first defined at base/configmap.yaml:1' },
    ]);
  });

  test('cluster-scoped kinds ignore metadata.namespace', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-cluster-role-twice')), [
      { rule, file: 'roles.yaml', path: ['metadata', 'name'], message: 'rbac.authorization.k8s.io/ClusterRole "reader" is defined twice in this environment; first defined at roles.yaml:1' },
    ]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
