import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fluxSourceMissing } from '../../../server/src/engine/validation/rules/fluxSourceMissing';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'flux-source-missing';

describe('flux-source-missing', () => {
  test('is an error, over the repository', () => {
    assert.equal(fluxSourceMissing.defaultSeverity, 'error');
    assert.equal(fluxSourceMissing.scope, 'repository');
  });

  test("a Kustomization's sourceRef names no GitRepository", () => {
    assertFindings(runRules(fixturePath(rule, 'fail-kustomization-source-missing')), [
      { rule, file: 'clusters/production/apps.yaml', path: ['spec', 'sourceRef', 'name'], message: 'GitRepository "platform" in namespace "flux-system" is not defined in this repository' },
    ]);
  });

  test("a HelmRelease's chart sourceRef names no HelmRepository (namespace defaults to the release's)", () => {
    assertFindings(runRules(fixturePath(rule, 'fail-helmrelease-repository-missing')), [
      { rule, file: 'redis.yaml', path: ['spec', 'chart', 'spec', 'sourceRef', 'name'], message: 'HelmRepository "bitnami" in namespace "shop" is not defined in this repository' },
    ]);
  });

  test("a HelmRelease's chartRef names an OCIRepository of another namespace", () => {
    assertFindings(runRules(fixturePath(rule, 'fail-helmrelease-chartref-missing')), [
      { rule, file: 'podinfo.yaml', path: ['spec', 'chartRef', 'name'], message: 'OCIRepository "podinfo" in namespace "flux-system" is not defined in this repository (one is defined in namespace "shop")' },
    ]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
