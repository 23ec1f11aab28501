import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { isInside } from '../../../server/src/engine/manifests/isInside';

/** byRelative is the answer path.relative gives (a first segment `..` leads out), which isInside must always give. */
function byRelative(directory: string, candidate: string): boolean {
  const first = path.relative(directory, candidate).split(path.sep)[0];
  return first !== '..' && !path.isAbsolute(path.relative(directory, candidate));
}

test('isInside answers as path.relative does, for normal and unusual paths alike', () => {
  const paths = [
    '/', '/repo', '/repo/', '/repo/apps', '/repo/apps/', '/repo/apps/web.yaml', '/repo/apps-old/web.yaml', '/repo/app',
    '/repo/./apps/web.yaml', '/repo/apps/../other/x.yaml', '/repo//apps/web.yaml', '/repo/.github/workflows/ci.yaml',
    '/repo/apps/..', '/repo/apps/.', '/repo/.hidden/../apps', '/repo/..x/a.yaml', '/home/.config/repo', '/home/.config/repo/apps/x.yaml',
    '/repository/apps', '/other', 'repo/apps', 'repo', '.', '', 'apps/web.yaml', '../repo/apps',
  ];
  let inside = 0;
  for (const directory of paths) {
    for (const candidate of paths) {
      const expected = byRelative(directory, candidate);
      assert.equal(isInside(directory, candidate), expected, `${JSON.stringify(candidate)} in ${JSON.stringify(directory)}`);
      if (expected) inside++;
    }
  }
  // Both answers occur often enough for the comparison to mean something.
  assert.ok(inside > 50 && inside < paths.length * paths.length - 50, `${inside} inside`);
  assert.equal(isInside('/repo/apps', '/repo/apps-old/web.yaml'), false);
  assert.equal(isInside('/repo/apps', '/repo/apps/web.yaml'), true);
  assert.equal(isInside('/home/.config/repo', '/home/.config/repo/apps/x.yaml'), true);
  // A directory named `..x` is inside (the three copies this replaced said it was not).
  assert.equal(isInside('/repo', '/repo/..x/a.yaml'), true);
  assert.equal(isInside('repo', 'repo/..x/a.yaml'), true);
});
