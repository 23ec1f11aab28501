import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import * as jsYaml from 'js-yaml';
import { planAdoption } from '../../server/src/engine/adopt/planAdoption';
import type { PlainMap } from '../../server/src/engine/manifests/plainData';
import { writeFixtureRepo } from '../support/writeFixtureRepo';
import { applyAdoptionEdits, inspectWithLiveChanges, textOf } from './adopt/inspectWithLiveChanges';

// Adopting a live value of an object that comes from a kustomize base two environments share: the
// base stays as it is and the environment's own overlay gets the change — a strategic-merge patch
// it lists, or the overlay's own patch or transformer that already sets the field. The proof is
// `kubectl kustomize` (the real one): the overlay renders the live value, the other does not.

const base = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 1
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers:
        - name: cart
          image: ghcr.io/shop/cart:2.0.0
          args: [--port, "8080"]
          env:
            - name: MODE
              value: normal
            - name: DEBUG
              value: "false"
`;

const staging = `# Staging: the cart with staging's namespace.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop-staging
resources:
  - ../base/cart   # shared with production
  - settings.yaml
`;

const production = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop-prod
namePrefix: prod-
resources:
- ../base/cart
images:
- name: ghcr.io/shop/cart
  newTag: 2.0.1 # the release
patches:
- path: replicas.yaml # scale for production
`;

const files = {
  '.gitops-workbench.yaml': 'environments:\n  - name: staging\n    paths: [apps/staging]\n  - name: production\n    paths: [apps/production]\n',
  'apps/base/cart/kustomization.yaml': 'resources:\n- deployment.yaml\n',
  'apps/base/cart/deployment.yaml': base,
  'apps/staging/kustomization.yaml': staging,
  'apps/staging/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart-settings # staging only\ndata:\n  currency: EUR\n',
  'apps/production/kustomization.yaml': production,
  'apps/production/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  replicas: 4 # peak traffic\n',
};

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function fixture(): string {
  const root = writeFixtureRepo(files, { git: false });
  roots.push(root);
  return root;
}

function kustomize(root: string, overlay: string): PlainMap[] {
  return jsYaml.loadAll(execFileSync('kubectl', ['kustomize', path.join(root, overlay)], { encoding: 'utf8' }), undefined, { schema: jsYaml.CORE_SCHEMA }) as PlainMap[];
}

function renderedCart(root: string, overlay: string): PlainMap {
  const deployment = kustomize(root, overlay).find((object) => object.kind === 'Deployment')!;
  return (((deployment.spec as PlainMap).template as PlainMap).spec as PlainMap).containers as unknown as PlainMap;
}

function containerOf(live: PlainMap): PlainMap {
  return ((((live.spec as PlainMap).template as PlainMap).spec as PlainMap).containers as PlainMap[])[0];
}

async function adoptIn(root: string, environment: string, name: string, fieldPath: string, change: (live: PlainMap) => void) {
  const inspection = await inspectWithLiveChanges({ root, environment, change: (live) => change(live('Deployment', name)) });
  const object = inspection.drift.find((resource) => resource.kind === 'Deployment')!;
  assert.ok(object.fields.some((field) => field.path === fieldPath), `${fieldPath} should drift; drifting: ${JSON.stringify(object.fields)}`);
  const plan = planAdoption({ root, inspection, object, path: fieldPath });
  applyAdoptionEdits(root, plan.edits);
  const again = await inspectWithLiveChanges({ root, environment, change: (live) => change(live('Deployment', name)) });
  assert.deepEqual(again.drift.find((resource) => resource.kind === 'Deployment')?.fields.filter((field) => field.path === fieldPath), [], `${fieldPath} still drifts after adoption`);
  return plan;
}

test('a field of the shared base becomes a patch in the environment overlay: staging renders the live value, production the old one', async () => {
  const root = fixture();
  const productionBefore = kustomize(root, 'apps/production');
  const plan = await adoptIn(root, 'staging', 'cart', 'spec.replicas', (live) => void ((live.spec as PlainMap).replicas = 3));
  assert.equal(plan.strategy, 'drift-patch');
  assert.equal(plan.message, 'The field comes from the shared base apps/base/cart; wrote a patch in apps/staging (apps/staging/drift-patches/deployment-cart.yaml) so production is untouched.');
  assert.deepEqual(plan.files, ['apps/staging/drift-patches/deployment-cart.yaml', 'apps/staging/kustomization.yaml']);
  assert.equal(plan.edits[0].create, true);

  assert.equal(textOf(root, 'apps/base/cart/deployment.yaml'), base, 'the base is untouched');
  assert.equal(textOf(root, 'apps/staging/kustomization.yaml'), `${staging}patches:\n  - path: drift-patches/deployment-cart.yaml\n`, 'listed in the overlay, its comments and list style kept');
  assert.equal(
    textOf(root, 'apps/staging/drift-patches/deployment-cart.yaml'),
    '# Live values of Deployment shop-staging/cart adopted into Git for staging by GitOps Workbench.\n# apps/base/cart/deployment.yaml is shared with production: this patch changes staging only.\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  replicas: 3\n',
  );
  const stagingDeployment = kustomize(root, 'apps/staging').find((object) => object.kind === 'Deployment')!;
  assert.equal((stagingDeployment.spec as PlainMap).replicas, 3);
  assert.deepEqual(kustomize(root, 'apps/production'), productionBefore, 'production renders as before');
});

test('more fields of the same object extend the same patch: a container image by merge key, a removed env var, an atomic args list', async () => {
  const root = fixture();
  await adoptIn(root, 'staging', 'cart', 'spec.replicas', (live) => void ((live.spec as PlainMap).replicas = 3));
  const kustomization = textOf(root, 'apps/staging/kustomization.yaml');
  const plan = await adoptIn(root, 'staging', 'cart', 'spec.template.spec.containers[name=cart].image', (live) => {
    (live.spec as PlainMap).replicas = 3;
    containerOf(live).image = 'ghcr.io/shop/cart:2.0.0-hotfix1';
  });
  assert.deepEqual(plan.files, ['apps/staging/drift-patches/deployment-cart.yaml'], 'the overlay already lists the patch');
  assert.equal(textOf(root, 'apps/staging/kustomization.yaml'), kustomization);
  await adoptIn(root, 'staging', 'cart', 'spec.template.spec.containers[name=cart].env[name=DEBUG]', (live) => {
    (live.spec as PlainMap).replicas = 3;
    containerOf(live).image = 'ghcr.io/shop/cart:2.0.0-hotfix1';
    containerOf(live).env = [{ name: 'MODE', value: 'normal' }];
  });
  await adoptIn(root, 'staging', 'cart', 'spec.template.spec.containers[name=cart].args[1]', (live) => {
    (live.spec as PlainMap).replicas = 3;
    containerOf(live).image = 'ghcr.io/shop/cart:2.0.0-hotfix1';
    containerOf(live).env = [{ name: 'MODE', value: 'normal' }];
    containerOf(live).args = ['--port', '9090'];
  });
  const [container] = renderedCart(root, 'apps/staging') as unknown as PlainMap[];
  assert.deepEqual(container, { name: 'cart', image: 'ghcr.io/shop/cart:2.0.0-hotfix1', args: ['--port', '9090'], env: [{ name: 'MODE', value: 'normal' }] });
  const [productionContainer] = renderedCart(root, 'apps/production') as unknown as PlainMap[];
  assert.deepEqual(productionContainer, { name: 'cart', image: 'ghcr.io/shop/cart:2.0.1', args: ['--port', '8080'], env: [{ name: 'MODE', value: 'normal' }, { name: 'DEBUG', value: 'false' }] });
  assert.equal(textOf(root, 'apps/base/cart/deployment.yaml'), base);
});

test("a field the overlay's images transformer sets is adopted there (a patch would be overwritten by it)", async () => {
  const root = fixture();
  const plan = await adoptIn(root, 'production', 'prod-cart', 'spec.template.spec.containers[name=cart].image', (live) => void (containerOf(live).image = 'ghcr.io/shop/cart:2.0.2'));
  assert.equal(plan.strategy, 'overlay-transformer');
  assert.equal(textOf(root, 'apps/production/kustomization.yaml'), production.replace('newTag: 2.0.1 # the release', 'newTag: 2.0.2 # the release'));
  const [container] = renderedCart(root, 'apps/production') as unknown as PlainMap[];
  assert.equal(container.image, 'ghcr.io/shop/cart:2.0.2');
});

test("a field the overlay's own patch sets is adopted in that patch; a prefixed name still finds its patch", async () => {
  const root = fixture();
  let plan = await adoptIn(root, 'production', 'prod-cart', 'spec.replicas', (live) => void ((live.spec as PlainMap).replicas = 8));
  assert.equal(plan.strategy, 'overlay-patch');
  assert.equal(plan.message, "spec.replicas of Deployment shop-prod/prod-cart is set by production's patch apps/production/replicas.yaml; adopted the live value (8) there.");
  assert.equal(textOf(root, 'apps/production/replicas.yaml'), files['apps/production/replicas.yaml'].replace('replicas: 4', 'replicas: 8'));
  plan = await adoptIn(root, 'production', 'prod-cart', 'spec.template.spec.containers[name=cart].env[name=MODE].value', (live) => {
    (live.spec as PlainMap).replicas = 8;
    (containerOf(live).env as PlainMap[])[0].value = 'degraded';
  });
  assert.equal(plan.strategy, 'drift-patch');
  const [container] = renderedCart(root, 'apps/production') as unknown as PlainMap[];
  assert.deepEqual(container.env, [{ name: 'MODE', value: 'degraded' }, { name: 'DEBUG', value: 'false' }]);
  assert.equal((kustomize(root, 'apps/production').find((object) => object.kind === 'Deployment')!.spec as PlainMap).replicas, 8);
  const [stagingContainer] = renderedCart(root, 'apps/staging') as unknown as PlainMap[];
  assert.deepEqual(stagingContainer.env, [{ name: 'MODE', value: 'normal' }, { name: 'DEBUG', value: 'false' }]);
});

test("an object only the environment's overlay declares is edited in place", async () => {
  const root = fixture();
  const inspection = await inspectWithLiveChanges({ root, environment: 'staging', change: (live) => void ((live('ConfigMap', 'cart-settings').data as PlainMap).currency = 'CHF') });
  const object = inspection.drift.find((resource) => resource.kind === 'ConfigMap')!;
  const plan = planAdoption({ root, inspection, object, path: 'data.currency' });
  assert.equal(plan.strategy, 'in-place');
  applyAdoptionEdits(root, plan.edits);
  assert.equal(textOf(root, 'apps/staging/settings.yaml'), files['apps/staging/settings.yaml'].replace('EUR', 'CHF'));
});
