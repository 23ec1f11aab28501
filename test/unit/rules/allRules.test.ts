import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { gitopsRules } from '../../../server/src/engine/validation/rules/allRules';
import { projectRoot } from './ruleHarness';

const decided: Record<string, string> = {
  'image-latest': 'warning',
  'resources-missing': 'warning',
  'secret-plaintext': 'error',
  'api-deprecated': 'warning',
  'api-removed': 'error',
  'duplicate-resource': 'error',
  'ref-missing': 'warning',
  'kustomize-ref-missing': 'error',
  'flux-path-missing': 'error',
  'flux-source-missing': 'error',
  'flux-dependency-cycle': 'error',
  'argo-path-missing': 'error',
};

describe('gitopsRules', () => {
  test('every GitOps rule, once, with its decided default severity', () => {
    assert.deepEqual(Object.fromEntries(gitopsRules.map((rule) => [rule.id, rule.defaultSeverity])), decided);
    assert.equal(gitopsRules.length, Object.keys(decided).length);
  });

  test('one module per rule, named after the id, with fixtures and a test', () => {
    for (const rule of gitopsRules) {
      const camel = rule.id.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
      assert.ok(fs.existsSync(path.join(projectRoot, 'server/src/engine/validation/rules', `${camel}.ts`)), camel);
      assert.ok(fs.existsSync(path.join(projectRoot, 'test/unit/rules', `${camel}.test.ts`)), `${camel}.test.ts`);
      const fixtures = fs.readdirSync(path.join(projectRoot, 'test/fixtures/rules', rule.id));
      assert.ok(fixtures.some((name) => name.startsWith('fail-')) && fixtures.some((name) => name.startsWith('pass-')), rule.id);
      assert.ok(rule.description.length > 10);
    }
  });

  test('docs/rules.md has a section per rule', () => {
    const docs = fs.readFileSync(path.join(projectRoot, 'docs/rules.md'), 'utf8');
    for (const id of ['yaml-syntax', 'schema', ...Object.keys(decided)]) assert.ok(docs.includes(`## \`${id}\``), id);
  });

  const source = path.resolve(projectRoot, '../shared/data/deprecated-apis/versions.yaml');
  test('the deprecated-API table is generated from the pinned data', { skip: !fs.existsSync(source) && 'pluto data not present' }, () => {
    execFileSync(process.execPath, [path.join(projectRoot, 'scripts/generateDeprecatedApis.mjs'), source, '--check'], { stdio: 'pipe' });
  });
});
