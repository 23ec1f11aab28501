import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { argoPathMissing } from '../../../server/src/engine/validation/rules/argoPathMissing';
import { normaliseGitUrl } from '../../../server/src/engine/validation/rules/support/normaliseGitUrl';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'argo-path-missing';
const remotes = ['git@github.com:example/gitops.git'];

describe('argo-path-missing', () => {
  test('is an error', () => assert.equal(argoPathMissing.defaultSeverity, 'error'));

  test("a source path missing from this repository", () => {
    assertFindings(runRules(fixturePath(rule, 'fail-source-path-missing'), { remotes }), [
      { rule, file: 'apps/argocd/guestbook.yaml', path: ['spec', 'source', 'path'], message: 'path "apps/guestbook" does not exist in this repository (apps/guestbook)' },
    ]);
  });

  test('the same Application passes when the repository has no matching remote', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-source-path-missing'), { remotes: ['https://github.com/someone/else.git'] }), []);
  });

  test('one of several sources, matched through another spelling of the remote', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-multi-source-path-missing'), { remotes: ['https://github.com/example/gitops'] }), [
      { rule, file: 'apps/argocd/podinfo.yaml', path: ['spec', 'sources', 2, 'path'], message: 'path "overlays/podinfo" does not exist in this repository' },
    ]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name), { remotes }), []));
  }

  test('git URLs normalise to host/owner/repo', () => {
    const same = [
      'https://github.com/example/gitops.git',
      'https://GitHub.com/example/gitops/',
      'http://user:token@github.com/example/gitops',
      'git@github.com:example/gitops.git',
      'ssh://git@github.com:22/example/gitops.git',
      'github.com/example/gitops',
    ];
    for (const url of same) assert.equal(normaliseGitUrl(url), 'github.com/example/gitops', url);
    assert.notEqual(normaliseGitUrl('https://github.com/example/gitops-other'), 'github.com/example/gitops');
  });
});
