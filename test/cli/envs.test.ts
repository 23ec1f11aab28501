import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCliProcess } from '../support/runCliProcess';
import { copyFixtureRepo } from '../unit/environments/copyFixtureRepo';

test('envs --format json lists the environments with the documented fields; --repo defaults to the enclosing work tree', () => {
  const root = copyFixtureRepo('kustomize-overlays');
  const run = runCliProcess({ argv: ['envs', '--format', 'json'], cwd: path.join(root, 'overlays', 'staging') });
  assert.equal(run.status, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { environments: Array<Record<string, unknown>> };
  assert.deepEqual(output.environments.map(({ name, source, paths, reconciler }) => ({ name, source, paths, reconciler })), [
    { name: 'dev', source: 'kustomize', paths: ['envs/dev'], reconciler: 'push' },
    { name: 'production', source: 'kustomize', paths: ['overlays/production'], reconciler: 'push' },
    { name: 'staging', source: 'kustomize', paths: ['overlays/staging'], reconciler: 'push' },
  ]);
});

test('envs with --repo and a config file: namespace, context, reconciler; text output is a table', () => {
  const root = copyFixtureRepo('config-file');
  const json = runCliProcess({ argv: ['envs', '--repo', root, '--format', 'json'], cwd: os.tmpdir() });
  assert.equal(json.status, 0, json.stderr);
  const [staging] = (JSON.parse(json.stdout) as { environments: Array<Record<string, unknown>> }).environments;
  assert.deepEqual(staging, { name: 'staging', source: 'config', paths: ['deploy/staging'], namespace: 'shop', context: 'kind-staging', reconciler: 'push', inputs: ['deploy/staging'] });
  const text = runCliProcess({ argv: ['envs', '--repo', root], cwd: os.tmpdir() });
  assert.equal(text.status, 0, text.stderr);
  assert.deepEqual(text.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s{2,}/)), [
    ['NAME', 'SOURCE', 'RECONCILER', 'NAMESPACE', 'PATHS'],
    ['staging', 'config', 'push', 'shop', 'deploy/staging'],
    ['production', 'config', 'push', 'shop', 'deploy/production, deploy/shared/crds.yaml'],
  ]);
});

test('envs outside a git work tree without --repo is a usage error (exit 2)', () => {
  const directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-no-git-')));
  const run = runCliProcess({ argv: ['envs'], cwd: directory });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /not inside a git work tree; pass --repo DIR/);
});
