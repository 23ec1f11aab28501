import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refMissing } from '../../../server/src/engine/validation/rules/refMissing';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'ref-missing';
const container = ['spec', 'template', 'spec', 'containers', 0];

describe('ref-missing', () => {
  test('is a warning, per environment', () => {
    assert.equal(refMissing.defaultSeverity, 'warning');
    assert.equal(refMissing.scope, 'environment');
  });

  test('an envFrom ConfigMap that nothing defines', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-configmap-envfrom-missing.yaml')), [
      { rule, file: 'fail-configmap-envfrom-missing.yaml', path: [...container, 'envFrom', 0, 'configMapRef', 'name'], message: 'ConfigMap "app-config" is not defined in environment .' },
    ]);
  });

  test('a secretKeyRef to a missing Secret (a SealedSecret defines the other)', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-secret-key-ref-missing.yaml')), [
      { rule, file: 'fail-secret-key-ref-missing.yaml', path: [...container, 'env', 1, 'valueFrom', 'secretKeyRef', 'name'], message: 'Secret "db-credentials" is not defined' },
    ]);
  });

  test('a serviceAccountName that nothing defines', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-service-account-missing.yaml')), [
      { rule, file: 'fail-service-account-missing.yaml', path: ['spec', 'template', 'spec', 'serviceAccountName'], message: 'ServiceAccount "web-runner" is not defined' },
    ]);
  });

  test('a persistentVolumeClaim that nothing defines', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-pvc-claim-missing.yaml')), [
      { rule, file: 'fail-pvc-claim-missing.yaml', path: ['spec', 'volumes', 0, 'persistentVolumeClaim', 'claimName'], message: 'PersistentVolumeClaim "backup-data" is not defined' },
    ]);
  });

  test('a Service whose selector matches no workload', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-service-selects-no-workload.yaml')), [
      { rule, file: 'fail-service-selects-no-workload.yaml', path: ['spec', 'selector'], message: 'Service "web" selects app=web, but no workload in environment . has these pod labels' },
    ]);
  });

  test('an Ingress backend naming a missing Service', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-ingress-backend-service-missing.yaml')), [
      {
        rule,
        file: 'fail-ingress-backend-service-missing.yaml',
        path: ['spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'name'],
        message: 'Service "storefront" is not defined',
      },
    ]);
  });

  test('a ConfigMap of another namespace does not count', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-configmap-in-other-namespace.yaml')), [
      {
        rule,
        file: 'fail-configmap-in-other-namespace.yaml',
        path: [...container, 'envFrom', 0, 'configMapRef', 'name'],
        message: 'ConfigMap "app-config" is not defined in environment . (one is defined in namespace "billing", not in "shop")',
      },
    ]);
  });

  test('a base shared by overlays is checked in each overlay: only staging lacks the generator', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-staging-overlay-lacks-generated-configmap')), [
      { rule, file: 'base/deployment.yaml', path: [...container, 'envFrom', 0, 'configMapRef', 'name'], message: 'ConfigMap "app-config" is not defined in environment overlays/staging' },
    ]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
