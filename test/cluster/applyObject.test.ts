import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyObject } from '../../server/src/engine/cluster/applyObject';
import { createKubeClient } from '../../server/src/engine/cluster/createKubeClient';
import { deleteObject } from '../../server/src/engine/cluster/deleteObject';
import { KubeApiError } from '../../server/src/engine/cluster/errors/KubeApiError';
import { getObject } from '../../server/src/engine/cluster/getObject';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import { kinds, withAdminClient, withEmulator } from './clusterTestKit';

const deployment = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, managedFields: [{ manager: 'stale', operation: 'Apply' }] },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
});

test('server-side apply: dryRun stores nothing, apply creates in the context namespace, a conflict is a 409 with its causes, force takes the field', () =>
  withEmulator({}, (emulator) =>
    withAdminClient(emulator, async (client) => {
      const preview = await applyObject({ client, resource: kinds.deployments, object: deployment(2), fieldManager: 'gitops-workbench', dryRun: true });
      assert.equal((preview.spec as { replicas: number }).replicas, 2);
      assert.equal((preview.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit, 10, 'defaulted by the server');
      assert.equal(emulator.getObject('apps', 'deployments', 'default', 'web'), undefined);

      const applied = await applyObject({ client, resource: kinds.deployments, object: deployment(2), fieldManager: 'gitops-workbench', fieldValidation: 'Strict' });
      const metadata = applied.metadata as { namespace: string; managedFields: { manager: string; operation: string }[] };
      assert.equal(metadata.namespace, 'default');
      assert.deepEqual(metadata.managedFields.map((entry) => [entry.manager, entry.operation]), [['gitops-workbench', 'Apply']]);
      assert.deepEqual(emulator.requests, [
        'PATCH /apis/apps/v1/namespaces/default/deployments/web?fieldManager=gitops-workbench&dryRun=All 201',
        'PATCH /apis/apps/v1/namespaces/default/deployments/web?fieldManager=gitops-workbench&fieldValidation=Strict 201',
      ]);

      const conflict = await applyObject({ client, resource: kinds.deployments, object: deployment(5), fieldManager: 'hotfix' }).then(() => undefined, (error: unknown) => error);
      assert.ok(conflict instanceof KubeApiError);
      assert.equal(conflict.status, 409);
      assert.equal(conflict.reason, 'Conflict');
      assert.deepEqual((conflict.details?.causes as { reason: string; field: string; message: string }[]).map((cause) => [cause.reason, cause.field, cause.message]), [
        ['FieldManagerConflict', '.spec.replicas', 'conflict with "gitops-workbench"'],
      ]);

      const forced = await applyObject({ client, resource: kinds.deployments, object: deployment(5), fieldManager: 'hotfix', force: true });
      assert.equal((forced.spec as { replicas: number }).replicas, 5);
      assert.ok(emulator.requests.at(-1)!.startsWith('PATCH /apis/apps/v1/namespaces/default/deployments/web?fieldManager=hotfix&force=true 200'));
      assert.equal((emulator.getObject('apps', 'deployments', 'default', 'web')?.spec as { replicas: number }).replicas, 5);
    })));

test('an object whose kind does not match the resource is refused before anything is sent', () =>
  withEmulator({}, (emulator) =>
    withAdminClient(emulator, async (client) => {
      await assert.rejects(applyObject({ client, resource: kinds.configMaps, object: deployment(1), fieldManager: 'm' }), /the object is apps\/v1 Deployment but the resource is v1 ConfigMap/);
      assert.deepEqual(emulator.requests, []);
    })));

test('delete: dryRun keeps the object, a stale uid precondition is a 409, delete removes it, deleting it again is found: false', () =>
  withEmulator({ seed: ['yaml:apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old, namespace: shop}\ndata: {a: "1"}\n'] }, (emulator) =>
    withAdminClient(emulator, async (client) => {
      const live = await getObject({ client, resource: kinds.configMaps, namespace: 'shop', name: 'old' });
      const uid = (live?.metadata as { uid: string }).uid;

      assert.deepEqual(await deleteObject({ client, resource: kinds.configMaps, namespace: 'shop', name: 'old', dryRun: true }), { found: true });
      assert.ok(emulator.getObject('', 'configmaps', 'shop', 'old'));

      await assert.rejects(deleteObject({ client, resource: kinds.configMaps, namespace: 'shop', name: 'old', preconditions: { uid: 'another-uid' } }), { name: 'KubeApiError', status: 409 });
      assert.ok(emulator.getObject('', 'configmaps', 'shop', 'old'));

      assert.deepEqual(await deleteObject({ client, resource: kinds.configMaps, namespace: 'shop', name: 'old', preconditions: { uid } }), { found: true });
      assert.equal(emulator.getObject('', 'configmaps', 'shop', 'old'), undefined);
      assert.deepEqual(await deleteObject({ client, resource: kinds.configMaps, namespace: 'shop', name: 'old' }), { found: false });
    })));

test('an object held by a finalizer is pending after delete, with its deletionTimestamp', () =>
  withEmulator({ seed: ['yaml:apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, namespace: default, finalizers: [example.com/keep]}\n'] }, (emulator) =>
    withAdminClient(emulator, async (client) => {
      const result = await deleteObject({ client, resource: kinds.configMaps, name: 'held' });
      assert.equal(result.found, true);
      assert.match(String((result.pending?.metadata as { deletionTimestamp?: string }).deletionTimestamp), /^\d{4}-\d\d-\d\dT/);
      assert.ok(emulator.getObject('', 'configmaps', 'default', 'held'));
    })));

test('a read-only user gets a 403 KubeApiError from apply', () =>
  withEmulator({}, async (emulator) => {
    const readOnly = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [emulator.kubeconfigPath], context: 'kube-emulator-reader', env: {} }) });
    try {
      await assert.rejects(applyObject({ client: readOnly, resource: kinds.deployments, object: deployment(1), fieldManager: 'm' }), (error: unknown) => {
        assert.ok(error instanceof KubeApiError);
        assert.equal(error.status, 403);
        assert.match(error.message, /User "reader" cannot patch resource "deployments" in API group "apps" in the namespace "default"/);
        return true;
      });
    } finally {
      readOnly.close();
    }
  }));
