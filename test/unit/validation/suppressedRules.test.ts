import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suppressedRules } from '../../../server/src/engine/validation/suppressedRules';

/** shown turns the result into something deepEqual shows well. */
function shown(line: string | undefined): string[] | 'all' | undefined {
  const result = suppressedRules(line);
  return result === 'all' || result === undefined ? result : [...result];
}

describe('suppressedRules', () => {
  test('no directive, no suppression', () => {
    assert.equal(shown(undefined), undefined);
    assert.equal(shown(''), undefined);
    assert.equal(shown('  image: nginx # a comment'), undefined);
    assert.equal(shown('gitops-workbench-disable-next-line image-latest'), undefined, 'not a comment');
  });

  test('without ids: every rule', () => {
    assert.equal(shown('# gitops-workbench-disable-next-line'), 'all');
    assert.equal(shown('    #gitops-workbench-disable-next-line   \r'), 'all');
    assert.equal(shown('# gitops-workbench-disable-next-line -- legacy object, removed in Q3'), 'all');
  });

  test('ids separated by blanks or commas, up to `--`', () => {
    assert.deepEqual(shown('# gitops-workbench-disable-next-line image-latest'), ['image-latest']);
    assert.deepEqual(shown('# gitops-workbench-disable-next-line image-latest ref-missing'), ['image-latest', 'ref-missing']);
    assert.deepEqual(shown('# gitops-workbench-disable-next-line image-latest,ref-missing , schema'), ['image-latest', 'ref-missing', 'schema']);
    assert.deepEqual(shown('# gitops-workbench-disable-next-line schema -- the CRD lives in another repo'), ['schema']);
    assert.deepEqual(shown('# gitops-workbench-disable-next-line schema\r'), ['schema']);
  });

  test('after content on the line', () => {
    assert.deepEqual(shown('  image: nginx:latest  # gitops-workbench-disable-next-line image-latest'), ['image-latest']);
  });

  test('a second `#` ends the ids', () => {
    assert.deepEqual(shown('# gitops-workbench-disable-next-line schema # see #12 image-latest'), ['schema']);
  });

  test('only the exact directive name', () => {
    assert.equal(shown('# gitops-workbench-disable-next-lines schema'), undefined);
    assert.equal(shown('# gitops-workbench-disable-next-line-schema'), undefined);
    assert.equal(shown('# gitops-workbench-disable-next-line_x'), undefined);
    assert.equal(shown('# gitops-workbench-disable-line schema'), undefined);
  });
});
