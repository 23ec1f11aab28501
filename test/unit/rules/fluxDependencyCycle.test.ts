import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fluxDependencyCycle } from '../../../server/src/engine/validation/rules/fluxDependencyCycle';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'flux-dependency-cycle';

describe('flux-dependency-cycle', () => {
  test('is an error, over the repository', () => {
    assert.equal(fluxDependencyCycle.defaultSeverity, 'error');
    assert.equal(fluxDependencyCycle.scope, 'repository');
  });

  test('two Kustomizations waiting for each other: both are reported at the dependsOn entry in the cycle', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-apps-and-infrastructure-depend-on-each-other')), [
      { rule, file: 'clusters/production/apps.yaml', path: ['spec', 'dependsOn', 0], message: 'dependsOn forms a cycle: apps → infrastructure → apps' },
      { rule, file: 'clusters/production/infrastructure.yaml', path: ['spec', 'dependsOn', 1], message: 'dependsOn forms a cycle: infrastructure → apps → infrastructure' },
    ]);
  });

  test('a Kustomization that depends on itself', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-kustomization-depends-on-itself')), [
      { rule, file: 'flux.yaml', path: ['spec', 'dependsOn', 0], message: 'dependsOn forms a cycle: apps → apps' },
    ]);
  });

  test('three HelmReleases in a ring', () => {
    const findings = runRules(fixturePath(rule, 'fail-helmreleases-in-a-ring'));
    assert.equal(findings.length, 3, JSON.stringify(findings, null, 2));
    const messages = findings.map((finding) => finding.message).sort();
    assert.deepEqual(messages, [
      'dependsOn forms a cycle: backend → database → frontend → backend; none of these can become ready',
      'dependsOn forms a cycle: database → frontend → backend → database; none of these can become ready',
      'dependsOn forms a cycle: frontend → backend → database → frontend; none of these can become ready',
    ]);
    for (const finding of findings) assert.deepEqual([finding.rule, finding.file, finding.path], [rule, 'releases.yaml', ['spec', 'dependsOn', 0]]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
