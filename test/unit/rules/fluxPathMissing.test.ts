import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fluxPathMissing } from '../../../server/src/engine/validation/rules/fluxPathMissing';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'flux-path-missing';

describe('flux-path-missing', () => {
  test('is an error', () => assert.equal(fluxPathMissing.defaultSeverity, 'error'));

  test('a spec.path that is not a directory of the repository', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-path-not-in-repository')), [
      { rule, file: 'clusters/production/apps.yaml', path: ['spec', 'path'], message: 'path "./apps/production" does not exist in this repository (apps/production)' },
    ]);
  });

  test('the same path is checked when the GitRepository url is one of this repository\'s remotes', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-path-not-in-repository'), { remotes: ['git@github.com:example/fleet.git'] }), [
      { rule, file: 'clusters/production/apps.yaml', path: ['spec', 'path'], message: 'path "./apps/production" does not exist in this repository (apps/production)' },
    ]);
  });

  test('a GitRepository pointing at another repository is not this repository: no finding', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-path-not-in-repository'), { remotes: ['https://github.com/example/other-repo.git'] }), []);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes (./, bare and root paths; OCIRepository sources; substituted paths)`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
