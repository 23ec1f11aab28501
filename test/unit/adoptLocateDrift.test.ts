import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, test } from 'node:test';
import { locateDriftInFile, type DriftedFieldLocation } from '../../server/src/engine/adopt/locateDriftInFile';
import { parseFieldPath } from '../../server/src/engine/adopt/parseFieldPath';
import type { FieldPath } from '../../server/src/engine/drift/FieldPath';
import { formatFieldPath } from '../../server/src/engine/drift/formatFieldPath';
import type { PlainMap } from '../../server/src/engine/manifests/plainData';
import { writeFixtureRepo } from '../support/writeFixtureRepo';
import { inspectWithLiveChanges, offsetOf } from './adopt/inspectWithLiveChanges';

// Where drift shows in the editor: each drifted field's range is exactly its value in the text (or,
// when the file does not declare it, its nearest declared parent key), and each object gets its
// status on the line its document starts, once per inspected environment.

const app = `# Web front end.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    ticket: SHOP-42
spec:
  replicas: 2 # by hand
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {disk: ssd}
      containers:
        - name: api
          image: "nginx:1.27.0"
          env:
            - {name: MODE, value: 'normal'}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: greeting}
data:
  text: |
    Hello,
    world
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports: [{port: 80, targetPort: 8080}]
`;

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function slice(text: string, field: DriftedFieldLocation): string {
  return text.slice(offsetOf(text, field.range.start), offsetOf(text, field.range.end));
}

function changeLive(live: (kind: string, name: string) => PlainMap): void {
  const deployment = live('Deployment', 'web');
  (deployment.spec as PlainMap).replicas = 3;
  delete ((deployment.metadata as PlainMap).annotations as PlainMap).ticket;
  const pod = ((deployment.spec as PlainMap).template as PlainMap).spec as PlainMap;
  pod.nodeSelector = { disk: 'ssd', zone: 'a' };
  const container = (pod.containers as PlainMap[])[0];
  container.image = 'nginx:1.27.1';
  (container.env as PlainMap[])[0].value = 'degraded';
  (live('ConfigMap', 'greeting').data as PlainMap).text = 'Hello\n';
}

test('fileDrift ranges point exactly at the drifted values; absent fields at their nearest declared parent key; a status per object', async () => {
  const root = writeFixtureRepo({ '.gitops-workbench.yaml': 'environments:\n  - name: staging\n    paths: [deploy]\n    namespace: shop\n', 'deploy/app.yaml': app }, { git: false });
  roots.push(root);
  const inspection = await inspectWithLiveChanges({ root, environment: 'staging', change: changeLive });
  const drift = locateDriftInFile({ file: 'deploy/app.yaml', text: app, inspections: [inspection] });
  assert.deepEqual(
    drift.fields.map((field) => [field.path, slice(app, field), field.declared, field.desired, field.live, field.environment, field.object.kind]),
    [
      ['data.text', '|\n    Hello,\n    world', true, 'Hello,\nworld\n', 'Hello\n', 'staging', 'ConfigMap'],
      ['metadata.annotations.ticket', 'SHOP-42', true, 'SHOP-42', undefined, 'staging', 'Deployment'],
      ['spec.replicas', '2', true, 2, 3, 'staging', 'Deployment'],
      ['spec.template.spec.nodeSelector.zone', 'nodeSelector', false, undefined, 'a', 'staging', 'Deployment'],
      ['spec.template.spec.containers[name=api].image', '"nginx:1.27.0"', true, 'nginx:1.27.0', 'nginx:1.27.1', 'staging', 'Deployment'],
      ['spec.template.spec.containers[name=api].env[name=MODE].value', "'normal'", true, 'normal', 'degraded', 'staging', 'Deployment'],
    ],
  );
  assert.deepEqual(
    drift.objects.map((object) => [object.line, object.object.kind, object.status, object.summary, object.environment]),
    [
      [20, 'ConfigMap', 'modified', 'live: modified (1 field)', 'staging'],
      [1, 'Deployment', 'modified', 'live: modified (5 fields)', 'staging'],
      [28, 'Service', 'in-sync', 'live: in sync', 'staging'],
    ],
  );

  // Unsaved text with lines added above: documents are found by identity, ranges follow the text.
  const edited = `# a new comment\n# and another\n${app}`;
  const moved = locateDriftInFile({ file: 'deploy/app.yaml', text: edited, inspections: [inspection] });
  assert.deepEqual(moved.fields.map((field) => slice(edited, field)), drift.fields.map((field) => slice(app, field)));
  assert.deepEqual(moved.objects.map((object) => object.line), [22, 3, 30]);
  assert.deepEqual(locateDriftInFile({ file: 'deploy/other.yaml', text: app, inspections: [inspection] }), { fields: [], objects: [] });
});

test('a shared base shows the drift of every environment that renders it; a Secret value is marked not adoptable', async () => {
  const root = writeFixtureRepo({
    'base/kustomization.yaml': 'resources: [app.yaml, secret.yaml]\n',
    'base/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {MODE: normal}\n',
    'base/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: {password: c2VjcmV0}\n',
    'overlays/staging/kustomization.yaml': 'resources: [../../base]\nnamespace: staging\n',
    'overlays/production/kustomization.yaml': 'resources: [../../base]\nnamespace: production\n',
  }, { git: false });
  roots.push(root);
  const staging = await inspectWithLiveChanges({ root, environment: 'staging', change: (live) => void ((live('ConfigMap', 'settings').data as PlainMap).MODE = 'debug') });
  const production = await inspectWithLiveChanges({ root, environment: 'production', change: (live) => void ((live('Secret', 'db').data as PlainMap).password = 'b3RoZXI=') });
  const text = fs.readFileSync(`${root}/base/app.yaml`, 'utf8');
  const drift = locateDriftInFile({ file: 'base/app.yaml', text, inspections: [staging, production] });
  assert.deepEqual(drift.fields.map((field) => [field.environment, field.object.namespace, field.path, slice(text, field)]), [['staging', 'staging', 'data.MODE', 'normal']]);
  assert.deepEqual(drift.objects.map((object) => [object.environment, object.summary]), [['staging', 'live: modified (1 field)'], ['production', 'live: in sync']]);
  const secretText = fs.readFileSync(`${root}/base/secret.yaml`, 'utf8');
  const secret = locateDriftInFile({ file: 'base/secret.yaml', text: secretText, inspections: [staging, production] });
  assert.equal(secret.fields.length, 1);
  assert.equal(slice(secretText, secret.fields[0]), 'c2VjcmV0');
  assert.match(String(secret.fields[0].live), /^<masked sha256:[0-9a-f]{8}>$/);
  assert.match(secret.fields[0].notAdoptable ?? '', /is a Secret value: it is masked/);
});

test('parseFieldPath reads back every path formatFieldPath writes', () => {
  const paths: FieldPath[] = [
    [{ field: 'spec' }, { field: 'template' }, { field: 'spec' }, { field: 'containers' }, { key: { name: 'api' } }, { field: 'image' }],
    [{ field: 'spec' }, { field: 'ports' }, { key: { port: 80, protocol: 'TCP' } }, { field: 'targetPort' }],
    [{ field: 'metadata' }, { field: 'labels' }, { field: 'app.kubernetes.io/name' }],
    [{ field: 'spec' }, { field: 'args' }, { index: 3 }],
    [{ field: 'metadata' }, { field: 'finalizers' }, { value: 'example.com/cleanup' }],
    [{ field: 'spec' }, { field: 'metrics' }, { key: { type: 'Resource', 'resource.name': 'cpu' } }, { field: 'target' }],
    [{ field: 'data' }, { key: { name: 'a,b]c', port: '80' } }, { field: 'x' }],
    [{ field: 'spec' }, { field: 'items' }, { value: 'true' }, { field: 'weird key "quoted"' }],
  ];
  for (const path of paths) assert.deepEqual(parseFieldPath(formatFieldPath(path)), path, formatFieldPath(path));
  assert.throws(() => parseFieldPath('spec..[x'), { code: 'InvalidFieldPath' });
});
