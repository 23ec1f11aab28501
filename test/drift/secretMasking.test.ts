import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { compareObject } from '../../server/src/engine/drift/compareObject';
import { computeDrift } from '../../server/src/engine/drift/computeDrift';
import { objectKey } from '../../server/src/engine/drift/objectKey';
import { resourceIdentity } from '../../server/src/engine/manifests/resourceIdentity';
import { at, pair } from './driftFixtures';

function hashOf(text: string): string {
  return `<masked sha256:${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex').slice(0, 8)}>`;
}

/** Every secret value of the scenario, and the new one, in plain text and in base64. */
const secretValues = ['shop-api', 's3cr3t-Passw0rd', 'token-value-1', 'ignored-by-stringData', 'n3w-Passw0rd!'];
function assertNoSecretIn(text: string): void {
  for (const value of secretValues) {
    assert.ok(!text.includes(value), `plain value ${value} leaked`);
    const base64 = Buffer.from(value).toString('base64');
    assert.ok(!text.includes(base64), `base64 of ${value} leaked`);
    assert.ok(!text.includes(base64.replace(/=+$/, '')), `unpadded base64 of ${value} leaked`);
  }
}

test('a changed Secret key is shown with a short hash of each side, never the values', () => {
  const { desired, live } = pair('secret-stringdata-folded');
  at(live, 'data').password = Buffer.from('n3w-Passw0rd!').toString('base64');
  const drift = compareObject({ desired, live });
  assert.deepEqual(drift, [{ path: 'data.password', desired: hashOf('s3cr3t-Passw0rd'), live: hashOf('n3w-Passw0rd!') }]);
  assertNoSecretIn(JSON.stringify(drift));
});

test('stringData wins over data for the same key, and base64 compares by decoded bytes', () => {
  const { desired, live } = pair('secret-stringdata-folded');
  // Git writes the token with a line break inside its base64: the API server decodes it the same.
  at(desired, 'data').token = 'dG9rZW4t\ndmFsdWUtMQ==';
  assert.deepEqual(compareObject({ desired, live }), []);
});

test('a Secret whose data is gone live is masked key by key; a removed key is masked too', () => {
  const { desired, live } = pair('secret-stringdata-folded');
  delete at(live, 'data').username;
  const removedKey = compareObject({ desired, live });
  assert.deepEqual(removedKey, [{ path: 'data.username', desired: hashOf('shop-api') }]);
  delete live.data;
  const noData = compareObject({ desired, live });
  assert.deepEqual(noData, [
    { path: 'data', desired: { token: hashOf('token-value-1'), password: hashOf('s3cr3t-Passw0rd'), username: hashOf('shop-api') } },
  ]);
  assertNoSecretIn(JSON.stringify([removedKey, noData]));
});

test('no Secret value reaches computeDrift output, whatever is ignored or changed', () => {
  const { desired, live } = pair('secret-stringdata-folded');
  at(live, 'data').password = Buffer.from('n3w-Passw0rd!').toString('base64');
  at(live, 'data').username = 'not base64 at all: n3w-Passw0rd!';
  const identity = resourceIdentity(desired)!;
  const result = computeDrift({
    desired: [{ object: desired, identity, producedBy: 'test' }],
    live: {
      objects: new Map([[objectKey(identity), live]]),
      unknown: new Map(),
      candidates: [live],
      markers: { fluxKustomizations: [], fluxInventory: [], argoApplications: [] },
    },
    ignoreDifferences: [{ kind: 'Secret', jsonPointers: ['/data/token'], jqPathExpressions: ['.data.password', '.data | keys'] }],
  });
  assert.equal(result.length, 1);
  assert.equal(result[0].status, 'modified');
  assert.deepEqual(result[0].fields.map((field) => field.path), ['data.username']);
  assertNoSecretIn(JSON.stringify(result));
});
