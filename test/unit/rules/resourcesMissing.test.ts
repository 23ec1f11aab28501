import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourcesMissing } from '../../../server/src/engine/validation/rules/resourcesMissing';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'resources-missing';

describe('resources-missing', () => {
  test('is a warning', () => assert.equal(resourcesMissing.defaultSeverity, 'warning'));

  test('a container without resources lists all four, at the container', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-container-without-resources.yaml')), [
      {
        rule,
        file: 'fail-container-without-resources.yaml',
        path: ['spec', 'template', 'spec', 'containers', 0],
        message: 'container "web" does not set resources requests.cpu, requests.memory, limits.cpu, limits.memory',
      },
    ]);
  });

  test('a missing memory limit is named, at the resources key', () => {
    const findings = runRules(fixturePath(rule, 'fail-memory-limit-missing.yaml'));
    assertFindings(findings, [
      { rule, file: 'fail-memory-limit-missing.yaml', path: ['spec', 'template', 'spec', 'containers', 0, 'resources'], message: 'container "postgres" does not set resources limits.memory' },
    ]);
    assert.equal(findings[0].target, 'key');
  });

  test('init containers are checked', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-init-container-without-requests.yaml')), [
      {
        rule,
        file: 'fail-init-container-without-requests.yaml',
        path: ['spec', 'template', 'spec', 'initContainers', 0, 'resources'],
        message: 'init container "wait" does not set resources requests.cpu, requests.memory',
      },
    ]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
