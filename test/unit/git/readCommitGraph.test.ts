import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openRepository } from '../../../server/src/engine/git/openRepository';
import { readCommitGraph } from '../../../server/src/engine/git/readCommitGraph';
import { readHistory } from '../../../server/src/engine/git/readHistory';
import { buildEnvironmentHistoryRepo, fixtureInputs, git } from '../../support/buildFixtureRepo';

test('the commit-graph gives every commit\'s tree, parents (octopus included) and committer time as git log does', async () => {
  const { fixture } = buildEnvironmentHistoryRepo();
  assert.equal(readCommitGraph({ gitdir: `${fixture.dir}/.git` }), undefined, 'no graph yet');
  git(fixture.dir, ['commit-graph', 'write', '--reachable']);
  const graph = readCommitGraph({ gitdir: `${fixture.dir}/.git` });
  assert.ok(graph);
  const expected = git(fixture.dir, ['log', '--all', '--format=%H %T %ct %P']).split('\n');
  assert.equal(graph.size, expected.length);
  for (const line of expected) {
    const [oid, tree, time, ...parents] = line.split(' ');
    assert.deepEqual(graph.lookup(oid), { oid, tree, parents: parents.filter(Boolean), committerTime: Number(time) });
  }
  assert.ok(expected.some((line) => line.split(' ').length > 5), 'the fixture has an octopus merge');
  assert.equal(graph.lookup('0'.repeat(40)), undefined);

  // History reads the graph, and commits made after it from their objects.
  const repo = openRepository({ dir: fixture.dir });
  fixture.commit('staging: after the graph', { 'apps/staging/late.yaml': 'a: 1\n' });
  const shas = (await readHistory({ repo, paths: fixtureInputs.staging, limit: 1000 })).commits.map((commit) => commit.sha);
  assert.deepEqual(shas, git(fixture.dir, ['log', '--format=%H', '--', ...fixtureInputs.staging]).split('\n'));
});
