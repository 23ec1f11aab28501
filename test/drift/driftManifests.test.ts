import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { compareObject } from '../../server/src/engine/drift/compareObject';
import { driftManifests } from '../../server/src/engine/drift/driftManifests';
import { at, container, pair } from './driftFixtures';

const scenarios = ['deployment-defaulted-by-server', 'service-defaulted-by-server', 'secret-stringdata-folded', 'configmap-applied', 'hpa-metrics-reordered-by-server', 'statefulset-claim-templates-defaulted'];

/** changedLines lists the lines that differ between two YAML texts, in order (a line-set diff is enough here). */
function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
  const left = a.split('\n');
  const right = b.split('\n');
  return { removed: left.filter((line) => !right.includes(line)), added: right.filter((line) => !left.includes(line)) };
}

for (const scenario of scenarios) {
  test(`${scenario}: untouched, the desired and live documents are identical and keep apiVersion, kind, name`, () => {
    const { desired, live } = pair(scenario);
    const documents = driftManifests({ desired, live });
    assert.deepEqual(documents.live, documents.desired);
    assert.equal(documents.desired?.apiVersion, desired.apiVersion);
    assert.equal(documents.desired?.kind, desired.kind);
    assert.equal(at(documents.desired, 'metadata', 'name'), at(desired, 'metadata', 'name'));
    const text = stringify(documents.live);
    for (const noise of ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'status:']) assert.ok(!text.includes(noise), `${scenario}: ${noise} left in the live document`);
  });
}

test('the diff documents differ in exactly the drifted fields, and compare again to the same drift', () => {
  const { desired, live } = pair('deployment-defaulted-by-server');
  container(live, 'api').image = 'registry.example.com/shop/api:9.9.9';
  container(live, 'api').env.find((env: any) => env.name === 'LOG_LEVEL').value = 'debug';
  const api = container(live, 'api');
  api.ports = api.ports.filter((port: any) => port.containerPort !== 9090);
  live.spec = { ...at(live, 'spec'), replicas: 7 };
  const documents = driftManifests({ desired, live });
  const lines = changedLines(stringify(documents.desired), stringify(documents.live));
  assert.deepEqual(lines.added.map((line) => line.trim()).sort(), ['image: registry.example.com/shop/api:9.9.9', 'replicas: 7', 'value: debug'].sort());
  assert.ok(lines.removed.some((line) => line.includes('containerPort: 9090')), 'the removed port is gone from the live document');
  assert.deepEqual(
    compareObject({ desired: documents.desired!, live: documents.live! }).map((field) => field.path),
    compareObject({ desired, live }).map((field) => field.path),
  );
});

test('Secret documents carry masked values only, and a changed key shows as two different hashes', () => {
  const { desired, live } = pair('secret-stringdata-folded');
  const data = at(live, 'data');
  const key = Object.keys(data)[0];
  data[key] = Buffer.from('a new password value').toString('base64');
  const documents = driftManifests({ desired, live });
  const desiredText = JSON.stringify(documents.desired);
  const liveText = JSON.stringify(documents.live);
  for (const value of [...Object.values(at(desired, 'stringData') ?? {}), ...Object.values(at(desired, 'data') ?? {}), ...Object.values(data)] as string[]) {
    assert.ok(!desiredText.includes(value) && !liveText.includes(value), 'a Secret value leaked into a diff document');
    assert.ok(!liveText.includes(Buffer.from(value, 'base64').toString('utf8')) || Buffer.from(value, 'base64').toString('utf8').length < 4);
  }
  assert.match(String(at(documents.live, 'data', key)), /^<masked sha256:[0-9a-f]{8}>$/);
  assert.notEqual(at(documents.live, 'data', key), at(documents.desired, 'data', key));
  assert.equal(documents.desired?.stringData, undefined);
});

test('a missing object has only a desired document and an extra one only a live document, both without server noise', () => {
  const { desired, live } = pair('configmap-applied');
  assert.deepEqual(Object.keys(driftManifests({ desired })), ['desired']);
  const extra = driftManifests({ live });
  assert.deepEqual(Object.keys(extra), ['live']);
  assert.ok(!JSON.stringify(extra.live).includes('managedFields'));
  assert.equal(at(extra.live, 'metadata', 'name'), at(live, 'metadata', 'name'));
});
