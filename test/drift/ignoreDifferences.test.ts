import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareObject } from '../../server/src/engine/drift/compareObject';
import { ignoreDifferenceProblems } from '../../server/src/engine/drift/ignore/ignoreDifferenceProblems';
import { matchesIgnoreDifference } from '../../server/src/engine/drift/ignore/matchesIgnoreDifference';
import { parseJqPath } from '../../server/src/engine/drift/ignore/parseJqPath';
import { removeJqPath } from '../../server/src/engine/drift/ignore/removeJqPath';
import { removeJsonPointer } from '../../server/src/engine/drift/ignore/removeJsonPointer';
import { at, container, pair } from './driftFixtures';

test('group and kind filters are globs, name and namespace must be equal, missing filters match all', () => {
  const object = { group: 'apps', kind: 'Deployment', name: 'api', namespace: 'shop' };
  assert.equal(matchesIgnoreDifference({ rule: {}, object }), true);
  assert.equal(matchesIgnoreDifference({ rule: { group: 'apps', kind: 'Deployment' }, object }), true);
  assert.equal(matchesIgnoreDifference({ rule: { group: '*', kind: 'Deploy*' }, object }), true);
  assert.equal(matchesIgnoreDifference({ rule: { group: '', kind: 'Deployment' }, object }), false);
  assert.equal(matchesIgnoreDifference({ rule: { kind: 'StatefulSet' }, object }), false);
  assert.equal(matchesIgnoreDifference({ rule: { name: 'api', namespace: 'shop' }, object }), true);
  assert.equal(matchesIgnoreDifference({ rule: { name: 'api', namespace: 'other' }, object }), false);
  assert.equal(matchesIgnoreDifference({ rule: { group: 'apps.example.com' }, object: { ...object, group: 'appsXexampleXcom' } }), false);
});

test('jsonPointers remove the field on both sides; a rule for another kind does not', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  at(live, 'spec').replicas = 7;
  assert.deepEqual(compareObject({ desired, live, ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] }), []);
  assert.deepEqual(compareObject({ desired, live, ignoreDifferences: [{ group: 'apps', kind: 'StatefulSet', jsonPointers: ['/spec/replicas'] }] }), [
    { path: 'spec.replicas', desired: 3, live: 7 },
  ]);
});

test('RFC 6901 escapes and array indexes', () => {
  const object = { metadata: { annotations: { 'example.com/a~b': 'x', keep: 'y' } }, list: [1, 2, 3] };
  assert.equal(removeJsonPointer({ object, pointer: '/metadata/annotations/example.com~1a~0b' }), true);
  assert.equal(removeJsonPointer({ object, pointer: '/list/1' }), true);
  assert.equal(removeJsonPointer({ object, pointer: '/list/9' }), false);
  assert.equal(removeJsonPointer({ object, pointer: '/missing/field' }), false);
  assert.equal(removeJsonPointer({ object, pointer: '' }), false);
  assert.deepEqual(object, { metadata: { annotations: { keep: 'y' } }, list: [1, 3] });
});

test('jqPathExpressions: select a container by name, an annotation by key', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  container(live, 'api').image = 'api:hotfix';
  container(live, 'proxy').image = 'envoy:hotfix';
  at(live, 'metadata').annotations['example.com/owner'] = 'someone-else';
  const drift = compareObject({
    desired,
    live,
    ignoreDifferences: [
      {
        kind: 'Deployment',
        jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "api") | .image', '.metadata.annotations["example.com/owner"]'],
      },
    ],
  });
  assert.deepEqual(drift, [{ path: 'spec.template.spec.containers[name=proxy].image', desired: 'envoyproxy/envoy:v1.30.1', live: 'envoy:hotfix' }]);
});

test('the jq subset: paths, iteration, indexes, select with and/or, quoted keys', () => {
  const document = () => ({
    a: { b: 1, 'x.y': 2 },
    items: [
      { name: 'one', kind: 'a', value: 1 },
      { name: 'two', kind: 'b', value: 2 },
      { name: 'three', kind: 'a', value: 3 },
    ],
  });
  const run = (expression: string) => {
    const parsed = parseJqPath(expression);
    assert.ok(parsed.value, `${expression}: ${parsed.problem}`);
    const object = document();
    removeJqPath({ object, path: parsed.value });
    return object;
  };
  assert.deepEqual(run('.a.b'), { a: { 'x.y': 2 }, items: document().items });
  assert.deepEqual(run('."a"["x.y"]').a, { b: 1 });
  assert.deepEqual(run('.items[].value').items, [{ name: 'one', kind: 'a' }, { name: 'two', kind: 'b' }, { name: 'three', kind: 'a' }]);
  assert.deepEqual(run('.items[] | select(.kind == "a")').items, [{ name: 'two', kind: 'b', value: 2 }]);
  assert.deepEqual(run('.items[] | select(.kind == "a" and .value != 1) | .name').items[2], { kind: 'a', value: 3 });
  assert.deepEqual(run('.items[] | select(.name == "one" or (.value == 2))').items, [{ name: 'three', kind: 'a', value: 3 }]);
  assert.deepEqual(run('.items[-1]').items.length, 2);
  assert.deepEqual(run('.missing.field[]?'), document());
});

test('unsupported jq expressions are problems, not crashes, and are skipped', () => {
  for (const expression of ['.spec | keys', '.a[] | select(.name | test("x"))', 'del(.a)', '.a[1:2]', '.', '.a ==']) {
    const parsed = parseJqPath(expression);
    assert.equal(parsed.value, undefined, expression);
    assert.match(parsed.problem ?? '', /.+/, expression);
  }
  const problems = ignoreDifferenceProblems({
    ignoreDifferences: [
      { kind: 'Deployment', jsonPointers: ['spec/replicas', '/ok', ''], jqPathExpressions: ['.ok', '.spec | keys'], managedFieldsManagers: ['', 'hpa'] },
    ],
  });
  assert.deepEqual(problems.map((problem) => `${problem.index} ${problem.field}`), [
    '0 jsonPointers[0]',
    '0 jsonPointers[2]',
    '0 jqPathExpressions[1]',
    '0 managedFieldsManagers[0]',
  ]);
  const { desired, live } = pair('deployment-defaulted-by-server');
  at(live, 'spec').replicas = 2;
  assert.deepEqual(compareObject({ desired, live, ignoreDifferences: [{ jqPathExpressions: ['.spec | keys'], jsonPointers: ['spec/replicas'] }] }), [
    { path: 'spec.replicas', desired: 3, live: 2 },
  ]);
});

test('managedFieldsManagers: fields owned by the named managers are ignored, others are not', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  // The HPA scaled the Deployment through /scale: kube-controller-manager now owns spec.replicas.
  at(live, 'spec').replicas = 6;
  at(live, 'metadata').managedFields.push({
    apiVersion: 'apps/v1',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    manager: 'kube-controller-manager',
    operation: 'Update',
    subresource: 'scale',
    time: '2025-03-10T16:06:00Z',
  });
  container(live, 'api').image = 'api:hotfix';
  assert.deepEqual(compareObject({ desired, live }).map((field) => field.path), ['spec.replicas', 'spec.template.spec.containers[name=api].image']);
  assert.deepEqual(compareObject({ desired, live, ignoreDifferences: [{ managedFieldsManagers: ['kube-controller-manager'] }] }).map((field) => field.path), [
    'spec.template.spec.containers[name=api].image',
  ]);
});

test('managedFieldsManagers resolves list items by merge key (k:{...}) in the FieldsV1 trie', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  container(live, 'api').env.find((env: any) => env.name === 'LOG_LEVEL').value = 'debug';
  container(live, 'api').ports.find((port: any) => port.containerPort === 9090).name = 'prom';
  at(live, 'metadata').managedFields.push({
    apiVersion: 'apps/v1',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"api"}': {
                'f:env': { 'k:{"name":"LOG_LEVEL"}': { '.': {}, 'f:value': {} } },
              },
            },
          },
        },
      },
    },
    manager: 'debug-operator',
    operation: 'Apply',
    time: '2025-03-10T16:06:00Z',
  });
  assert.deepEqual(compareObject({ desired, live, ignoreDifferences: [{ managedFieldsManagers: ['debug-operator'] }] }), [
    { path: 'spec.template.spec.containers[name=api].ports[containerPort=9090,protocol=TCP].name', desired: 'metrics', live: 'prom' },
  ]);
});
