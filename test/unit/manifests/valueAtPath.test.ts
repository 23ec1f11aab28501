import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourceIdentity } from '../../../server/src/engine/manifests/resourceIdentity';
import { valueAtPath } from '../../../server/src/engine/manifests/valueAtPath';

describe('valueAtPath', () => {
  const value = { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: null }] }], '0': 'zero-key', empty: {} } };

  test('walks map keys and sequence indexes', () => {
    assert.equal(valueAtPath(value, ['spec', 'containers', 0, 'name']), 'app');
    assert.equal(valueAtPath(value, ['spec', 'containers', 0, 'env', 0, 'value']), null);
    assert.deepEqual(valueAtPath(value, ['spec', 'empty']), {});
    assert.equal(valueAtPath(value, []), value);
  });

  test('undefined for paths that do not exist', () => {
    assert.equal(valueAtPath(value, ['spec', 'missing']), undefined);
    assert.equal(valueAtPath(value, ['spec', 'containers', 3]), undefined);
    assert.equal(valueAtPath(value, ['spec', 'containers', 0, 'name', 'deeper']), undefined);
    assert.equal(valueAtPath(null, ['a']), undefined);
    assert.equal(valueAtPath('text', ['length']), undefined);
  });

  test('never reads what the data does not hold: a list\'s length, a map\'s prototype', () => {
    assert.equal(valueAtPath(value, ['spec', 'containers', 'length']), undefined);
    assert.equal(valueAtPath(value, ['spec', 'constructor']), undefined);
    assert.equal(valueAtPath(value, ['spec', 'toString']), undefined);
    assert.equal(valueAtPath(value, ['__proto__']), undefined);
    assert.equal(valueAtPath({ list: ['a'] }, ['list', '0']), undefined, 'a list is indexed by numbers');
  });

  test('a map key that looks like a number is still a key', () => {
    assert.equal(valueAtPath(value, ['spec', '0']), 'zero-key');
    assert.equal(valueAtPath({ constructor: 'own' }, ['constructor']), 'own');
  });
});

describe('resourceIdentity', () => {
  test('core and named groups, name and namespace', () => {
    assert.deepEqual(resourceIdentity({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' } }), { apiVersion: 'v1', group: '', kind: 'Service', name: 'web', namespace: 'shop' });
    assert.deepEqual(resourceIdentity({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps' } }), { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', name: 'apps', namespace: undefined });
  });

  test('missing or odd metadata: empty name, no namespace', () => {
    assert.deepEqual(resourceIdentity({ apiVersion: 'v1', kind: 'ConfigMap' }), { apiVersion: 'v1', group: '', kind: 'ConfigMap', name: '', namespace: undefined });
    assert.deepEqual(resourceIdentity({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 5, namespace: '' } }), { apiVersion: 'v1', group: '', kind: 'ConfigMap', name: '', namespace: undefined });
    assert.deepEqual(resourceIdentity({ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x' }), { apiVersion: 'v1', group: '', kind: 'ConfigMap', name: '', namespace: undefined });
  });

  test('no identity without string apiVersion and kind, or for non-maps', () => {
    assert.equal(resourceIdentity({ apiVersion: 1, kind: 'X' }), undefined);
    assert.equal(resourceIdentity({ apiVersion: 'v1' }), undefined);
    assert.equal(resourceIdentity([{ apiVersion: 'v1', kind: 'X' }]), undefined);
    assert.equal(resourceIdentity('v1'), undefined);
    assert.equal(resourceIdentity(null), undefined);
  });
});
