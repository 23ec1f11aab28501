import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiRemoved } from '../../../server/src/engine/validation/rules/apiRemoved';
import { assertFindings, fixtureNames, fixturePath, runRules, schemaStub } from './ruleHarness';

const rule = 'api-removed';

describe('api-removed', () => {
  test('is an error', () => assert.equal(apiRemoved.defaultSeverity, 'error'));

  test('apps/v1beta2 Deployment is removed, with a quick fix to apps/v1', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-apps-v1beta2-deployment.yaml')), [
      {
        rule,
        file: 'fail-apps-v1beta2-deployment.yaml',
        path: ['apiVersion'],
        message: 'apps/v1beta2 Deployment was removed in Kubernetes 1.16; use apps/v1',
        fix: { title: 'Change apiVersion to apps/v1', path: ['apiVersion'], newValue: 'apps/v1' },
      },
    ]);
  });

  test('no quick fix when the replacement has no schema for the kind', () => {
    const findings = runRules(fixturePath(rule, 'fail-apps-v1beta2-deployment.yaml'), { schemas: schemaStub([]) });
    assertFindings(findings, [{ rule, file: 'fail-apps-v1beta2-deployment.yaml', path: ['apiVersion'], message: 'use apps/v1' }]);
    assert.equal(findings[0].fix, undefined);
  });

  test('an API without replacement says so, without a fix', () => {
    const findings = runRules(fixturePath(rule, 'fail-pod-security-policy-without-replacement.yaml'));
    assertFindings(findings, [
      { rule, file: 'fail-pod-security-policy-without-replacement.yaml', path: ['apiVersion'], message: 'policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25; it has no replacement API' },
    ]);
    assert.equal(findings[0].fix, undefined);
  });

  test('flowcontrol v1beta3 FlowSchema names v1 but offers no fix without its schema', () => {
    const findings = runRules(fixturePath(rule, 'fail-flowschema-v1beta3-without-schema.yaml'));
    assertFindings(findings, [
      { rule, file: 'fail-flowschema-v1beta3-without-schema.yaml', path: ['apiVersion'], message: 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1' },
    ]);
    assert.equal(findings[0].fix, undefined);
  });

  test('a replacement that is itself removed is followed to one the target serves', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-flowschema-v1beta1-replaced-twice.yaml'), { schemas: schemaStub(['flowcontrol.apiserver.k8s.io/v1 FlowSchema']) }), [
      {
        rule,
        file: 'fail-flowschema-v1beta1-replaced-twice.yaml',
        path: ['apiVersion'],
        message: 'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema was removed in Kubernetes 1.29; use flowcontrol.apiserver.k8s.io/v1',
        fix: { title: 'Change apiVersion to flowcontrol.apiserver.k8s.io/v1', path: ['apiVersion'], newValue: 'flowcontrol.apiserver.k8s.io/v1' },
      },
    ]);
  });

  test('before the removal version nothing is removed', () => {
    const findings = runRules(fixturePath(rule, 'fail-apps-v1beta2-deployment.yaml'), { kubernetesVersion: '1.15', rules: [apiRemoved] });
    assertFindings(findings, []);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
