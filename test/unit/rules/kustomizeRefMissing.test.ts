import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kustomizeRefMissing } from '../../../server/src/engine/validation/rules/kustomizeRefMissing';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'kustomize-ref-missing';

describe('kustomize-ref-missing', () => {
  test('is an error', () => assert.equal(kustomizeRefMissing.defaultSeverity, 'error'));

  test('a resources file that does not exist, at its entry', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-resource-file-missing')), [
      { rule, file: 'kustomization.yaml', path: ['resources', 1], message: 'resources entry "service.yaml" does not exist (no file or directory service.yaml)' },
    ]);
  });

  test('a patches path that does not exist', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-patch-file-missing')), [
      { rule, file: 'kustomization.yaml', path: ['patches', 0, 'path'], message: 'patches path entry "patches/mode.yaml" does not exist' },
    ]);
  });

  test('a generator file after key= that does not exist', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-generator-file-missing')), [
      { rule, file: 'kustomization.yaml', path: ['configMapGenerator', 0, 'files', 1], message: 'configMapGenerator files entry "config/app.properties" does not exist' },
    ]);
  });

  test('a resources directory without a kustomization', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-base-directory-without-kustomization')), [
      { rule, file: 'overlays/staging/kustomization.yaml', path: ['resources', 0], message: 'resources entry "../../base" is a directory without a kustomization.yaml (base)' },
    ]);
  });

  test('a component that does not exist', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-component-missing')), [
      { rule, file: 'kustomization.yaml', path: ['components', 1], message: 'components entry "components/tracing" does not exist' },
    ]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes (remote entries, inline patches and every local kind of entry)`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
