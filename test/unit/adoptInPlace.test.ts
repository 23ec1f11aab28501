import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, test } from 'node:test';
import { planAdoption } from '../../server/src/engine/adopt/planAdoption';
import type { PlainMap } from '../../server/src/engine/manifests/plainData';
import { writeFixtureRepo } from '../support/writeFixtureRepo';
import { applyAdoptionEdits, inspectWithLiveChanges, textOf } from './adopt/inspectWithLiveChanges';

// Adopting a live value into a declaration only one environment uses: the file is edited in place,
// and only the value's bytes change — comments, quoting, flow maps, indentation and order stay.

const app = `# Web front end of the shop.
# Owned by the storefront team.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # keep in sync with the Service
  labels: {app: web, tier: "front"}
  annotations:
    team: storefront
    ticket: SHOP-42 # remove after the launch
spec:
  replicas: 2 # two is enough for staging
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web, tier: "front"}
    spec:
      nodeSelector:
        disk: ssd   # fast disks only
      containers:
        # The application itself.
        - name: api
          image: "registry.example.com/shop/api:1.4.0" # pinned by release
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info # quiet
            - name: CACHE
              value: 'on'
        - name: proxy
          image: envoyproxy/envoy:v1.30.1
          args: [--config, /etc/envoy.yaml]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-settings}
data:
  # Feature flags.
  checkout: "enabled"
  greeting: |
    Hello,
    world
`;

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function fixture(): string {
  const root = writeFixtureRepo({
    '.gitops-workbench.yaml': 'environments:\n  - name: staging\n    paths: [deploy/staging]\n    namespace: shop\n  - name: production\n    paths: [deploy/production]\n    namespace: shop\n',
    'deploy/staging/app.yaml': app,
    'deploy/production/app.yaml': app.replace('replicas: 2 # two is enough for staging', 'replicas: 6'),
  }, { git: false });
  roots.push(root);
  return root;
}

function container(live: PlainMap, name: string): PlainMap {
  const spec = (live.spec as PlainMap).template as PlainMap;
  return ((spec.spec as PlainMap).containers as PlainMap[]).find((item) => item.name === name)!;
}

const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

/** adopt plans one field's adoption from a fresh inspection, applies it, and returns the file's new text. */
async function adopt(root: string, path: string, change: (live: (kind: string, name: string) => PlainMap) => void, object = web): Promise<{ text: string; message: string; strategy: string }> {
  const inspection = await inspectWithLiveChanges({ root, environment: 'staging', change });
  const fields = inspection.drift.find((resource) => resource.name === object.name)?.fields.map((field) => field.path);
  assert.ok(fields?.includes(path), `${path} should drift; drifting: ${JSON.stringify(fields)}`);
  const plan = planAdoption({ root, inspection, object, path });
  assert.deepEqual(plan.files, ['deploy/staging/app.yaml']);
  applyAdoptionEdits(root, plan.edits);
  const again = await inspectWithLiveChanges({ root, environment: 'staging', change });
  assert.ok(!again.drift.find((resource) => resource.name === object.name)?.fields.some((field) => field.path === path), `${path} still drifts after adoption`);
  return { text: textOf(root, 'deploy/staging/app.yaml'), message: plan.message, strategy: plan.strategy };
}

test('a scalar: only the value changes, its comment stays; the other environment is untouched', async () => {
  const root = fixture();
  const result = await adopt(root, 'spec.replicas', (live) => void ((live('Deployment', 'web').spec as PlainMap).replicas = 3));
  assert.equal(result.strategy, 'in-place');
  assert.equal(result.text, app.replace('replicas: 2 # two', 'replicas: 3 # two'));
  assert.match(result.message, /Adopted the live value \(3\) of spec\.replicas into deploy\/staging\/app\.yaml\./);
  assert.equal(textOf(root, 'deploy/production/app.yaml'), app.replace('replicas: 2 # two is enough for staging', 'replicas: 6'));
});

test('a list item by merge key: the container named api, double quotes kept', async () => {
  const root = fixture();
  const result = await adopt(root, 'spec.template.spec.containers[name=api].image', (live) => void (container(live('Deployment', 'web'), 'api').image = 'registry.example.com/shop/api:1.4.1'));
  assert.equal(result.text, app.replace('"registry.example.com/shop/api:1.4.0"', '"registry.example.com/shop/api:1.4.1"'));
});

test('nested merge keys: an env var of a container, single quotes kept; a string that reads as a boolean is quoted', async () => {
  const root = fixture();
  let result = await adopt(root, 'spec.template.spec.containers[name=api].env[name=CACHE].value', (live) => {
    ((container(live('Deployment', 'web'), 'api').env as PlainMap[])[1]).value = 'off';
  });
  assert.equal(result.text, app.replace("value: 'on'", "value: 'off'"));
  result = await adopt(root, 'spec.template.spec.containers[name=api].env[name=LOG_LEVEL].value', (live) => {
    ((container(live('Deployment', 'web'), 'api').env as PlainMap[])[0]).value = 'yes';
  });
  assert.equal(result.text, app.replace("value: 'on'", "value: 'off'").replace('value: info # quiet', 'value: "yes" # quiet'));
});

test('a value in a flow map, an atomic list item appended in flow style, a block scalar', async () => {
  const root = fixture();
  let result = await adopt(root, 'metadata.labels.tier', (live) => void (((live('Deployment', 'web').metadata as PlainMap).labels as PlainMap).tier = 'edge'));
  let expected = app.replace('labels: {app: web, tier: "front"}\n  annotations', 'labels: {app: web, tier: "edge"}\n  annotations');
  assert.equal(result.text, expected);
  result = await adopt(root, 'spec.template.spec.containers[name=proxy].args[2]', (live) => void (container(live('Deployment', 'web'), 'proxy').args as string[]).push('--log-level=debug'));
  expected = expected.replace('args: [--config, /etc/envoy.yaml]', 'args: [--config, /etc/envoy.yaml, --log-level=debug]');
  assert.equal(result.text, expected);
  result = await adopt(root, 'data.greeting', (live) => void ((live('ConfigMap', 'web-settings').data as PlainMap).greeting = 'Hello,\nshop\n'), { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'web-settings' });
  expected = expected.replace('    Hello,\n    world\n', '    Hello,\n    shop\n');
  assert.equal(result.text, expected);
});

test('a field Git does not declare is inserted in its map, indented like its siblings; a field gone live is removed with its line', async () => {
  const root = fixture();
  let result = await adopt(root, 'spec.template.spec.nodeSelector.zone', (live) => {
    (((live('Deployment', 'web').spec as PlainMap).template as PlainMap).spec as PlainMap).nodeSelector = { disk: 'ssd', zone: 'eu-west-1a' };
  });
  let expected = app.replace('        disk: ssd   # fast disks only\n', '        disk: ssd   # fast disks only\n        zone: eu-west-1a\n');
  assert.equal(result.text, expected);
  result = await adopt(root, 'metadata.annotations.ticket', (live) => void delete ((live('Deployment', 'web').metadata as PlainMap).annotations as PlainMap).ticket);
  expected = expected.replace('    ticket: SHOP-42 # remove after the launch\n', '');
  assert.equal(result.text, expected);
});

test('a file with CRLF line breaks keeps them, in changed and inserted lines alike', async () => {
  const root = fixture();
  const crlf = app.replace(/\n/g, '\r\n');
  fs.writeFileSync(`${root}/deploy/staging/app.yaml`, crlf);
  let result = await adopt(root, 'spec.replicas', (live) => void ((live('Deployment', 'web').spec as PlainMap).replicas = 4));
  assert.equal(result.text, crlf.replace('replicas: 2 #', 'replicas: 4 #'));
  result = await adopt(root, 'spec.template.spec.nodeSelector.zone', (live) => {
    (live('Deployment', 'web').spec as PlainMap).replicas = 4;
    (((live('Deployment', 'web').spec as PlainMap).template as PlainMap).spec as PlainMap).nodeSelector = { disk: 'ssd', zone: 'b' };
  });
  assert.equal(result.text, crlf.replace('replicas: 2 #', 'replicas: 4 #').replace('fast disks only\r\n', 'fast disks only\r\n        zone: b\r\n'));
});
