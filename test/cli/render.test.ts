import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as jsYaml from 'js-yaml';
import { runCliProcess } from '../support/runCliProcess';
import { copyFixtureRepo } from '../unit/environments/copyFixtureRepo';

test('render --env prints the YAML stream that kubectl kustomize prints, with source comments; exit 0', () => {
  const root = copyFixtureRepo('kustomize-overlays');
  const run = runCliProcess({ argv: ['render', '--env', 'production'], cwd: root, env: { PATH: '/usr/bin:/bin' } });
  assert.equal(run.status, 0, run.stderr);
  const expected = jsYaml.loadAll(execFileSync('kubectl', ['kustomize', path.join(root, 'overlays/production')], { encoding: 'utf8' }));
  assert.deepEqual(jsYaml.loadAll(run.stdout).filter(Boolean), expected);
  assert.match(run.stdout, /^---\n# Source: base\/service\.yaml:1\napiVersion: v1\nkind: ServiceAccount\n/);
});

test('render without kustomize and kubectl names both and exits 1', () => {
  const root = copyFixtureRepo('kustomize-overlays');
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-empty-path-'));
  const run = runCliProcess({ argv: ['render', '--env', 'staging', '--repo', root], cwd: os.tmpdir(), env: { PATH: empty } });
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /not rendered: overlays\/staging \(overlays\/staging\/kustomization\.yaml:1\): kustomize not found: neither `kustomize` nor `kubectl` \(for `kubectl kustomize`\) is on PATH/);
});

test('render of an unknown environment lists the known ones (exit 2); --env is required', () => {
  const root = copyFixtureRepo('kustomize-overlays');
  const unknown = runCliProcess({ argv: ['render', '--env', 'qa', '--repo', root], cwd: root });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no environment named "qa"; the environments are: dev, production, staging \[EnvironmentNotFound\]/);
  const missing = runCliProcess({ argv: ['render'], cwd: root });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--env NAME is required/);
});
