import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiDeprecated } from '../../../server/src/engine/validation/rules/apiDeprecated';
import { compareKubernetesVersions } from '../../../server/src/engine/validation/rules/support/compareKubernetesVersions';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'api-deprecated';

describe('api-deprecated', () => {
  test('is a warning', () => assert.equal(apiDeprecated.defaultSeverity, 'warning'));

  test('deprecated and scheduled for removal: both versions and the replacement are named, with a fix', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-volume-attributes-class-v1alpha1.yaml')), [
      {
        rule,
        file: 'fail-volume-attributes-class-v1alpha1.yaml',
        path: ['apiVersion'],
        message: 'storage.k8s.io/v1alpha1 VolumeAttributesClass was deprecated in 1.31, removed in 1.35; use storage.k8s.io/v1',
        fix: { title: 'Change apiVersion to storage.k8s.io/v1', path: ['apiVersion'], newValue: 'storage.k8s.io/v1' },
      },
    ]);
  });

  test('deprecated without a removal version', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-volume-attributes-class-v1beta1.yaml')), [
      { rule, file: 'fail-volume-attributes-class-v1beta1.yaml', path: ['apiVersion'], message: 'storage.k8s.io/v1beta1 VolumeAttributesClass was deprecated in 1.34; use storage.k8s.io/v1' },
    ]);
  });

  test('the target version decides: 1.15 sees apps/v1beta2 as deprecated, not removed', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-apps-v1beta2-deployment-at-target-1.15.yaml'), { kubernetesVersion: '1.15' }), [
      {
        rule,
        file: 'fail-apps-v1beta2-deployment-at-target-1.15.yaml',
        path: ['apiVersion'],
        message: 'apps/v1beta2 Deployment was deprecated in 1.9, removed in 1.16; use apps/v1',
        fix: { title: 'Change apiVersion to apps/v1', path: ['apiVersion'], newValue: 'apps/v1' },
      },
    ]);
  });

  test('before deprecation nothing is reported', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-apps-v1beta2-deployment-at-target-1.15.yaml'), { kubernetesVersion: '1.8' }), []);
  });

  test('a replacement not yet served by the target is named with its version, without a fix', () => {
    const findings = runRules(fixturePath(rule, 'fail-volume-attributes-class-v1alpha1.yaml'), { kubernetesVersion: '1.32' });
    assertFindings(findings, [
      { rule, file: 'fail-volume-attributes-class-v1alpha1.yaml', path: ['apiVersion'], message: 'use storage.k8s.io/v1 (served from Kubernetes 1.34)' },
    ]);
    assert.equal(findings[0].fix, undefined);
  });

  test('versions compare numerically', () => {
    assert.ok(compareKubernetesVersions('1.9', '1.16') < 0);
    assert.ok(compareKubernetesVersions('1.34', '1.34') === 0);
    assert.ok(compareKubernetesVersions('v1.34.1', '1.34') > 0);
    assert.ok(compareKubernetesVersions('nonsense', '1.34') === 0, 'an unreadable target is the default 1.34');
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
