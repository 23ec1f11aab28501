import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { createObjectReader, type ObjectReaderOptions } from '../../../server/src/engine/git/createObjectReader';
import { buildEnvironmentHistoryRepo, git, gitEnv } from '../../support/buildFixtureRepo';

/** catFile reads every object with `git cat-file --batch`: the known truth for type and bytes. */
function catFile(dir: string, oids: string[]): Map<string, { type: string; content: Buffer }> {
  const out = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], { input: `${oids.join('\n')}\n`, env: gitEnv(), maxBuffer: 256 * 1024 * 1024 });
  const objects = new Map<string, { type: string; content: Buffer }>();
  let offset = 0;
  while (offset < out.length) {
    const end = out.indexOf(0x0a, offset);
    const [oid, type, size] = out.toString('latin1', offset, end).split(' ');
    const content = out.subarray(end + 1, end + 1 + Number(size));
    objects.set(oid, { type, content });
    offset = end + 1 + Number(size) + 1;
  }
  return objects;
}

test('every object of a repository reads exactly as git cat-file gives it: loose, packed, and deltified in a pack', () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  // Objects larger than a pack window and than what is inflated in JavaScript, in two versions (a delta).
  const large = Array.from({ length: 3000 }, (_, line) => `line ${line}: ${((line * 2654435761) >>> 0).toString(36)}`).join('\n');
  fixture.commit('large file', { 'docs/large.txt': large });
  fixture.commit('large file changed', { 'docs/large.txt': large.replace('line 1500:', 'line 1500 changed:') });
  const listAll = () => git(fixture.dir, ['cat-file', '--batch-all-objects', '--batch-check=%(objectname)']).split('\n');
  const check = (label: string) => {
    const oids = listAll();
    const expected = catFile(fixture.dir, oids);
    // Default pack windows; small ones that objects straddle and that evict each other, with no
    // delta base kept (every chain is read to its end); windows so small that every read is direct.
    for (const options of [{}, { windowBytes: 509, windowCacheBytes: 4 * 509, deltaBaseCacheBytes: 0 }, { windowBytes: 1 }]) checkWith(label, oids, expected, options);
    return oids.length;
  };
  const checkWith = (label: string, oids: string[], expected: Map<string, { type: string; content: Buffer }>, options: Partial<ObjectReaderOptions>) => {
    const reader = createObjectReader({ gitdir: `${fixture.dir}/.git`, options });
    label = `${label} ${JSON.stringify(options)}`;
    try {
      for (const oid of oids) {
        const object = reader.read(oid);
        assert.ok(object, `${label}: ${oid} found`);
        assert.equal(object.type, expected.get(oid)!.type, `${label}: ${oid} type`);
        assert.ok(object.content.equals(expected.get(oid)!.content), `${label}: ${oid} content`);
      }
      assert.equal(reader.read('0'.repeat(40)), undefined);
      // Abbreviated ids expand as git rev-parse expands them.
      for (const oid of oids.slice(0, 40)) assert.deepEqual(reader.expand(oid.slice(0, 7)), [git(fixture.dir, ['rev-parse', oid.slice(0, 7)])]);
      assert.deepEqual(reader.expand('ffff0000'), oids.filter((oid) => oid.startsWith('ffff0000')));
    } finally {
      reader.close();
    }
  };
  const loose = check('loose');
  // An aggressive repack makes long delta chains (ofs-deltas) that must resolve through the cache.
  git(fixture.dir, ['repack', '-a', '-d', '-f', '--depth=50', '--window=50', '-q']);
  assert.equal(check('packed'), loose);
  const packDir = `${fixture.dir}/.git/objects/pack`;
  const idx = fs.readdirSync(packDir).find((name) => name.endsWith('.idx'))!;
  const verify = git(fixture.dir, ['verify-pack', '-v', `${packDir}/${idx}`]);
  assert.match(verify, /chain length = [2-9]/, 'the pack has delta chains');
});
