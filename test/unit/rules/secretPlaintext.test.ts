import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secretPlaintext } from '../../../server/src/engine/validation/rules/secretPlaintext';
import { assertFindings, fixtureNames, fixturePath, runRules } from './ruleHarness';

const rule = 'secret-plaintext';

describe('secret-plaintext', () => {
  test('is an error', () => assert.equal(secretPlaintext.defaultSeverity, 'error'));

  test('a Secret with data fails at the data key and suggests SOPS or Sealed Secrets', () => {
    const findings = runRules(fixturePath(rule, 'fail-secret-with-data.yaml'));
    assertFindings(findings, [
      { rule, file: 'fail-secret-with-data.yaml', path: ['data'], message: 'Secret "db-credentials" has unencrypted data (base64 is an encoding, not encryption) for "username", "password"' },
    ]);
    assert.equal(findings[0].target, 'key');
    assert.match(findings[0].message, /SOPS/);
    assert.match(findings[0].message, /SealedSecret/);
  });

  test('a Secret with stringData fails at the stringData key', () => {
    assertFindings(runRules(fixturePath(rule, 'fail-secret-with-string-data.yaml')), [
      { rule, file: 'fail-secret-with-string-data.yaml', path: ['stringData'], message: 'Secret "api-token" has unencrypted stringData for "token"' },
    ]);
  });

  for (const name of fixtureNames(rule, 'pass-')) {
    test(`${name} passes`, () => assertFindings(runRules(fixturePath(rule, name)), []));
  }
});
