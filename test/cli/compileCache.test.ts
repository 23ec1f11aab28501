import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCliProcess } from '../support/runCliProcess';
import { copyFixtureRepo } from '../unit/environments/copyFixtureRepo';

/** cacheFiles lists the compile cache entries under a cache home. */
function cacheFiles(home: string): string[] {
  const directory = path.join(home, 'gitops-workbench', 'compile-cache');
  return fs.existsSync(directory) ? fs.readdirSync(directory).sort() : [];
}

test('each command keeps a compile cache in a private directory of the user cache; runs with it, without it, or with a damaged one print the same', () => {
  const root = copyFixtureRepo('config-file');
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cache-home-')));
  const env = { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '' };
  const run = () => runCliProcess({ argv: ['envs', '--repo', root, '--format', 'json'], cwd: os.tmpdir(), env });
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  const [entry] = cacheFiles(home);
  assert.match(entry, /^envs-[0-9a-f]{24}\.v8cache$/);
  const directory = path.join(home, 'gitops-workbench', 'compile-cache');
  if (process.platform !== 'win32') {
    assert.equal(fs.statSync(directory).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(directory, entry)).mode & 0o777, 0o600);
  }
  const second = run();
  assert.equal(second.stdout, first.stdout);
  assert.deepEqual(cacheFiles(home), [entry]);

  // A damaged entry is rejected by V8: the command runs as without it, and the entry is rewritten.
  fs.writeFileSync(path.join(directory, entry), Buffer.alloc(4096, 7));
  const damaged = run();
  assert.equal(damaged.status, 0, damaged.stderr);
  assert.equal(damaged.stdout, first.stdout);
  assert.notDeepEqual(fs.readFileSync(path.join(directory, entry)), Buffer.alloc(4096, 7));

  // Turned off: nothing is read or written.
  const off = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cache-off-')));
  const disabled = runCliProcess({ argv: ['envs', '--repo', root, '--format', 'json'], cwd: os.tmpdir(), env: { XDG_CACHE_HOME: off, NODE_DISABLE_COMPILE_CACHE: '1' } });
  assert.equal(disabled.stdout, first.stdout);
  assert.deepEqual(cacheFiles(off), []);
  for (const directory of [home, off, root]) fs.rmSync(directory, { recursive: true, force: true });
});

test('a cache directory others can write to is not used (its bytecode would run), and the command still works', { skip: process.platform === 'win32' }, () => {
  const root = copyFixtureRepo('config-file');
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cache-shared-')));
  const directory = path.join(home, 'gitops-workbench', 'compile-cache');
  fs.mkdirSync(directory, { recursive: true });
  fs.chmodSync(directory, 0o777);
  const run = runCliProcess({ argv: ['envs', '--repo', root, '--format', 'json'], cwd: os.tmpdir(), env: { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '' } });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(cacheFiles(home), []);
  for (const directory of [home, root]) fs.rmSync(directory, { recursive: true, force: true });
});
