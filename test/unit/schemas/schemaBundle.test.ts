import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import { locateSchemaBundle } from '../../../server/src/engine/schemas/locateSchemaBundle';
import type { SchemaBundleIndex } from '../../../server/src/engine/schemas/SchemaBundle';
import { documentsFromText, repoRoot } from './schemaFixtures';

const bundleDir = path.join(repoRoot, 'server', 'schemas', 'bundle');
const sharedData = path.resolve(repoRoot, '..', 'shared', 'data');

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

test('the bundle is at most 3 MiB', () => {
  const total = listFiles(bundleDir).reduce((sum, file) => sum + fs.statSync(path.join(bundleDir, file)).size, 0);
  assert.ok(total <= 3 * 1024 * 1024, `${total} bytes`);
});

test('the tsc output finds the repository bundle', () => {
  assert.equal(locateSchemaBundle(), bundleDir);
});

test('generating the bundle again yields byte-identical files', { skip: !fs.existsSync(sharedData) && `no reference data at ${sharedData}` }, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-schemas-'));
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'generateSchemas.mjs'), '--out', out], { stdio: 'pipe' });
    const generated = listFiles(path.join(out, 'bundle'));
    assert.deepEqual(generated, listFiles(bundleDir));
    for (const file of generated) {
      assert.ok(fs.readFileSync(path.join(out, 'bundle', file)).equals(fs.readFileSync(path.join(bundleDir, file))), `${file} differs`);
    }
    const notices = path.join(repoRoot, 'server', 'schemas', 'THIRD_PARTY_NOTICES');
    assert.ok(fs.readFileSync(path.join(out, 'THIRD_PARTY_NOTICES')).equals(fs.readFileSync(notices)), 'THIRD_PARTY_NOTICES differs');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('THIRD_PARTY_NOTICES names every source with its commit and licence text', () => {
  const notices = fs.readFileSync(path.join(repoRoot, 'server', 'schemas', 'THIRD_PARTY_NOTICES'), 'utf8');
  for (const expected of [
    'github.com/ricoberger/kubernetes-json-schema, commit 36d89d6e89b528e5153c0d3527577d4870da3b95',
    'github.com/argoproj/argo-cd, commit 37ee0097cf851bc2dd7665fc081bbce61a7e836e',
    'Flux v2.6.4',
    'kustomize/v5.8.1',
    'MIT License',
    'Copyright (c) 2025 Rico Berger',
    'Apache License',
    'Copyright 2017-2018 The Argo Authors',
  ]) {
    assert.ok(notices.includes(expected), expected);
  }
});

test('every bundled kind compiles and accepts a minimal object', () => {
  const schemas = createSchemaRegistry();
  const index = JSON.parse(fs.readFileSync(path.join(bundleDir, 'index.json'), 'utf8')) as SchemaBundleIndex;
  const keys = Object.keys(index.kinds);
  assert.ok(keys.length > 150, `${keys.length} kinds`);
  for (const key of keys) {
    const slash = key.lastIndexOf('/');
    const [document] = documentsFromText(JSON.stringify({ apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) }), '/repo/minimal.yaml');
    const findings = schemas.validate(document);
    assert.ok(findings.every((finding) => finding.message.startsWith('missing required field')), `${key}: ${JSON.stringify(findings)}`);
  }
});
