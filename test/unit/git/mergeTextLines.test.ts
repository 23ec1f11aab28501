import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { mergeTextLines } from '../../../server/src/engine/git/mergeTextLines';
import { tempDir } from '../../support/buildFixtureRepo';

/** gitMergeFile is the known truth: git merge-file's result and whether it conflicted. */
function gitMergeFile(dir: string, base: string, ours: string, theirs: string): { clean: boolean; text: string } {
  fs.writeFileSync(path.join(dir, 'base'), base);
  fs.writeFileSync(path.join(dir, 'ours'), ours);
  fs.writeFileSync(path.join(dir, 'theirs'), theirs);
  const result = spawnSync('git', ['merge-file', '-p', path.join(dir, 'ours'), path.join(dir, 'base'), path.join(dir, 'theirs')], { encoding: 'utf8' });
  return { clean: result.status === 0, text: result.stdout };
}

test('random edits merge exactly as git merge-file merges them (clean or conflicting, same text)', () => {
  const dir = tempDir('gw-merge-');
  let seed = 20240611;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  let conflicts = 0;
  const rounds = 160;
  for (let round = 0; round < rounds; round++) {
    let counter = 0;
    const base = Array.from({ length: 3 + Math.floor(random() * 12) }, () => `line ${counter++}\n`);
    const mutate = (lines: string[]) => {
      const out = lines.slice();
      for (let edit = 0, edits = 1 + Math.floor(random() * 3); edit < edits; edit++) {
        const kind = random();
        const at = Math.floor(random() * (out.length + 1));
        // Some edits are the same on both sides ("same"), which git resolves without conflict.
        if (kind < 0.4 && at < out.length) out[at] = `changed ${random() < 0.3 ? 'same' : counter++} ${at}\n`;
        else if (kind < 0.7) out.splice(at, 0, `added ${random() < 0.3 ? 'same' : counter++}\n`);
        else if (at < out.length) out.splice(at, 1);
      }
      return out.join('');
    };
    const ours = mutate(base);
    const theirs = mutate(base);
    const expected = gitMergeFile(dir, base.join(''), ours, theirs);
    const actual = mergeTextLines({ base: base.join(''), ours, theirs });
    const context = JSON.stringify({ base: base.join(''), ours, theirs });
    assert.equal(actual.clean, expected.clean, context);
    if (actual.clean) assert.equal(actual.text, expected.text, context);
    else conflicts++;
  }
  assert.ok(conflicts > rounds / 5 && conflicts < rounds * 0.9, `a useful mix of clean merges and conflicts (${conflicts} conflicts)`);
});

test('edits on adjacent lines conflict, as in git; one line apart they merge', () => {
  const base = 'a: 1\nb: 1\nc: 1\nd: 1\n';
  assert.equal(mergeTextLines({ base, ours: 'a: 2\nb: 1\nc: 1\nd: 1\n', theirs: 'a: 1\nb: 2\nc: 1\nd: 1\n' }).clean, false);
  assert.deepEqual(mergeTextLines({ base, ours: 'a: 2\nb: 1\nc: 1\nd: 1\n', theirs: 'a: 1\nb: 1\nc: 2\nd: 1\n' }), { clean: true, text: 'a: 2\nb: 1\nc: 2\nd: 1\n' });
});

test('line endings and a missing final newline survive a merge', () => {
  const base = 'a: 1\r\nb: 1\r\nc: 1\r\nd: 1';
  const merged = mergeTextLines({ base, ours: 'a: 2\r\nb: 1\r\nc: 1\r\nd: 1', theirs: 'a: 1\r\nb: 1\r\nc: 1\r\nd: 2' });
  assert.deepEqual(merged, { clean: true, text: 'a: 2\r\nb: 1\r\nc: 1\r\nd: 2' });
  const dir = tempDir('gw-merge-');
  assert.equal(gitMergeFile(dir, base, 'a: 2\r\nb: 1\r\nc: 1\r\nd: 1', 'a: 1\r\nb: 1\r\nc: 1\r\nd: 2').text, 'a: 2\r\nb: 1\r\nc: 1\r\nd: 2');
});
