import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, test } from 'node:test';
import { AdoptionRefusedError } from '../../server/src/engine/adopt/errors/AdoptionRefusedError';
import { planAdoption } from '../../server/src/engine/adopt/planAdoption';
import type { PlainMap } from '../../server/src/engine/manifests/plainData';
import { copyFixtureRepo } from './environments/copyFixtureRepo';
import { applyAdoptionEdits, inspectWithLiveChanges, textOf } from './adopt/inspectWithLiveChanges';

// A declaration that is a Flux postBuild variable (`replicas: ${replicas:=1}` in a base both
// clusters share) is adopted where the environment sets the variable: its Flux Kustomization's
// postBuild.substitute — never by overwriting the variable in the base.

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function scaleAndLog(live: (kind: string, name: string) => PlainMap): void {
  (live('Deployment', 'frontend').spec as PlainMap).replicas = 7;
  (live('ConfigMap', 'frontend-settings').data as PlainMap).LOG_LEVEL = 'debug';
}

test('a variable the Kustomization substitutes is set there; a defaulted one is added to its substitute map', async () => {
  const root = copyFixtureRepo('flux-monorepo');
  roots.push(root);
  const baseBefore = textOf(root, 'apps/base/deployment.yaml');
  const appsBefore = textOf(root, 'clusters/staging/apps.yaml');
  const inspection = await inspectWithLiveChanges({ root, environment: 'staging', change: scaleAndLog });
  const frontend = inspection.drift.find((resource) => resource.kind === 'Deployment' && resource.name === 'frontend')!;
  assert.deepEqual(frontend.fields, [{ path: 'spec.replicas', desired: 2, live: 7 }]);
  const plan = planAdoption({ root, inspection, object: frontend, path: 'spec.replicas' });
  assert.equal(plan.strategy, 'flux-variable');
  assert.equal(plan.message, 'spec.replicas of Deployment shop-staging/frontend is ${replicas:=1} in apps/base/deployment.yaml; set the Flux variable replicas to the live value (7) in postBuild.substitute of Kustomization flux-system/apps (clusters/staging/apps.yaml).');
  applyAdoptionEdits(root, plan.edits);
  assert.equal(textOf(root, 'clusters/staging/apps.yaml'), appsBefore.replace('replicas: "2"', 'replicas: "7"'));
  assert.equal(textOf(root, 'apps/base/deployment.yaml'), baseBefore);

  const settings = inspection.drift.find((resource) => resource.kind === 'ConfigMap' && resource.name === 'frontend-settings')!;
  applyAdoptionEdits(root, planAdoption({ root, inspection, object: settings, path: 'data.LOG_LEVEL' }).edits);
  assert.equal(textOf(root, 'clusters/staging/apps.yaml'), appsBefore.replace('      replicas: "2"\n', '      replicas: "7"\n      log_level: debug\n'));
  const again = await inspectWithLiveChanges({ root, environment: 'staging', change: scaleAndLog });
  assert.deepEqual(again.drift.filter((resource) => resource.status === 'modified').map((resource) => resource.name), []);
});

test('a variable inside a longer text cannot be mapped back and is refused', async () => {
  const root = copyFixtureRepo('flux-monorepo');
  roots.push(root);
  const inspection = await inspectWithLiveChanges({
    root,
    environment: 'staging',
    change: (live) => {
      const spec = ((live('Deployment', 'frontend').spec as PlainMap).template as PlainMap).spec as PlainMap;
      (spec.containers as PlainMap[])[0].args = ['--cluster=hotfix', '--domain=staging.example.com'];
    },
  });
  const frontend = inspection.drift.find((resource) => resource.kind === 'Deployment' && resource.name === 'frontend')!;
  assert.throws(() => planAdoption({ root, inspection, object: frontend, path: frontend.fields[0].path }), (error: unknown) => error instanceof AdoptionRefusedError && /Git writes the value as "--cluster=\$\{cluster_name\}": it is made by Flux postBuild substitution/.test(error.message));
});
