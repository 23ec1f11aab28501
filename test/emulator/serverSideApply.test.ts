import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { kubectl, request } from '../support/kubeEmulator/testClient';

async function withEmulator(run: (emulator: RunningKubeEmulator) => Promise<void>): Promise<void> {
  const emulator = await startKubeEmulator();
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

function deployment(options: { image?: string; replicas?: number; labels?: Record<string, string>; cpu?: string | number } = {}): string {
  const labels = { app: 'web', ...(options.labels ?? {}) };
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: options.image ?? 'nginx:1.25', ports: [{ containerPort: 80 }], ...(options.cpu !== undefined ? { resources: { limits: { cpu: options.cpu } } } : {}) }] },
      },
    },
  });
}

async function getJson(emulator: RunningKubeEmulator, ...args: string[]): Promise<any> {
  const result = await kubectl(emulator, ['get', ...args, '-o', 'json', '--show-managed-fields']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('apply --server-side creates, records exactly the applied fields, and a same apply is a no-op', () =>
  withEmulator(async (emulator) => {
    const created = await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: deployment() });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'deployment.apps/web serverside-applied\n');
    const live = await getJson(emulator, 'deployment', 'web');
    assert.equal(live.metadata.generation, 1);
    assert.match(live.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(live.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(live.metadata.managedFields.length, 1);
    const [entry] = live.metadata.managedFields;
    assert.equal(entry.manager, 'kubectl');
    assert.equal(entry.operation, 'Apply');
    assert.equal(entry.apiVersion, 'apps/v1');
    assert.equal(entry.fieldsType, 'FieldsV1');
    assert.deepEqual(entry.fieldsV1, {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
        },
      },
    });
    const again = await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: deployment() });
    assert.equal(again.code, 0);
    const after = await getJson(emulator, 'deployment', 'web');
    assert.equal(after.metadata.resourceVersion, live.metadata.resourceVersion);

    // A label the applier stops sending is removed; generation does not move for metadata.
    await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: deployment({ labels: { tier: 'front' } }) });
    assert.deepEqual((await getJson(emulator, 'deployment', 'web')).metadata.labels, { app: 'web', tier: 'front' });
    await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: deployment() });
    const pruned = await getJson(emulator, 'deployment', 'web');
    assert.deepEqual(pruned.metadata.labels, { app: 'web' });
    assert.equal(pruned.metadata.generation, 1);
    // A spec change bumps generation.
    await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: deployment({ image: 'nginx:1.26' }) });
    assert.equal((await getJson(emulator, 'deployment', 'web')).metadata.generation, 2);
  }));

test('apply --server-side conflicts with another manager (kubectl prints its help), --force-conflicts takes over', () =>
  withEmulator(async (emulator) => {
    assert.equal((await kubectl(emulator, ['apply', '--server-side', '--field-manager=alice', '-f', '-'], { input: deployment({ replicas: 2 }) })).code, 0);
    const clash = await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: deployment({ replicas: 3 }) });
    assert.equal(clash.code, 1);
    assert.ok(clash.stderr.startsWith('error: Apply failed with 1 conflict: conflict with "alice": .spec.replicas\nPlease review the fields above--they currently have other managers. Here\nare the ways you can resolve this warning:\n'), clash.stderr);
    assert.match(clash.stderr, /re-run the apply\n {2}command with the `--force-conflicts` flag/);
    // Same value: no conflict, shared ownership.
    assert.equal((await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: deployment({ replicas: 2 }) })).code, 0);

    const raw = await request(emulator, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web?fieldManager=bob', { body: deployment({ image: 'nginx:1.99', replicas: 5 }), contentType: 'application/apply-patch+yaml' });
    assert.equal(raw.status, 409);
    assert.equal(raw.json.reason, 'Conflict');
    assert.equal(raw.json.message, 'Apply failed with 4 conflicts: conflicts with "alice":\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image\nconflicts with "kubectl":\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image');
    assert.deepEqual(raw.json.details.causes, [
      { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' },
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.replicas' },
      { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.template.spec.containers[name="app"].image' },
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.template.spec.containers[name="app"].image' },
    ]);
    const noManager = await request(emulator, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { body: deployment(), contentType: 'application/apply-patch+yaml' });
    assert.equal(noManager.status, 400);

    const forced = await kubectl(emulator, ['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: deployment({ replicas: 3 }) });
    assert.equal(forced.code, 0, forced.stderr);
    const live = await getJson(emulator, 'deployment', 'web');
    assert.equal(live.spec.replicas, 3);
    const alice = live.metadata.managedFields.find((entry: { manager: string }) => entry.manager === 'alice');
    assert.equal(alice.fieldsV1['f:spec']['f:replicas'], undefined);
    assert.deepEqual(alice.fieldsV1['f:spec']['f:selector'], {});
  }));

test('diff --server-side: exit 0 when only defaults differ, exit 1 with the changed lines otherwise', () =>
  withEmulator(async (emulator) => {
    assert.equal((await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: deployment({ cpu: 0.5 }) })).code, 0);
    const same = await kubectl(emulator, ['diff', '--server-side', '-f', '-'], { input: deployment({ cpu: 0.5 }) });
    assert.equal(same.code, 0, same.stderr);
    assert.equal(same.stdout, '');
    const changed = await kubectl(emulator, ['diff', '--server-side', '-f', '-'], { input: deployment({ image: 'nginx:1.26', cpu: '500m' }) });
    assert.equal(changed.code, 1, changed.stderr);
    const lines = changed.stdout.split('\n').filter((line) => /^[-+] /.test(line));
    assert.deepEqual(lines, ['-  generation: 1', '+  generation: 2', '-      - image: nginx:1.25', '+      - image: nginx:1.26']);
    assert.equal((await getJson(emulator, 'deployment', 'web')).spec.template.spec.containers[0].image, 'nginx:1.25');
  }));

test('defaulting: Deployment, Service, StatefulSet, DaemonSet, Job, Secret as the API server writes them; quantities canonical', () =>
  withEmulator(async (emulator) => {
    const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: nginx:1.25
        ports: [{containerPort: 8080}]
        resources: {limits: {cpu: 0.5, memory: 0.25Gi}, requests: {cpu: 1000m, memory: 1048576Ki}}
        readinessProbe: {httpGet: {path: /, port: 8080}}
      - {name: latest, image: busybox}
      volumes: [{name: config, configMap: {name: web}}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "postgres:16"}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: "agent:1"}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec: {restartPolicy: Never, containers: [{name: once, image: "busybox:1.36"}]}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: hunter2}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web}
data: {a: b}
`;
    const applied = await kubectl(emulator, ['apply', '--server-side', '-f', '-'], { input: manifests });
    assert.equal(applied.code, 0, applied.stderr);
    const web = await getJson(emulator, 'deployment', 'web');
    assert.equal(web.spec.replicas, 1);
    assert.equal(web.spec.revisionHistoryLimit, 10);
    assert.equal(web.spec.progressDeadlineSeconds, 600);
    assert.deepEqual(web.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.deepEqual(web.spec.template.metadata, { creationTimestamp: null, labels: { app: 'web' } });
    const pod = web.spec.template.spec;
    assert.deepEqual({ ...pod, containers: undefined, volumes: undefined }, { containers: undefined, volumes: undefined, dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 });
    assert.deepEqual(pod.containers[0], {
      name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 8080, protocol: 'TCP' }],
      resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '1', memory: '1Gi' } },
      readinessProbe: { httpGet: { path: '/', port: 8080, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    });
    assert.equal(pod.containers[1].imagePullPolicy, 'Always');
    assert.deepEqual(pod.volumes, [{ name: 'config', configMap: { name: 'web', defaultMode: 420 } }]);

    const service = await getJson(emulator, 'service', 'web');
    assert.match(service.spec.clusterIP, /^10\.96\.\d+\.\d+$/);
    assert.deepEqual(service.spec, {
      selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], type: 'ClusterIP', sessionAffinity: 'None', clusterIP: service.spec.clusterIP, clusterIPs: [service.spec.clusterIP],
      ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster',
    });
    assert.deepEqual(service.status, { loadBalancer: {} });

    const db = await getJson(emulator, 'statefulset', 'db');
    assert.deepEqual([db.spec.replicas, db.spec.podManagementPolicy, db.spec.revisionHistoryLimit, db.spec.updateStrategy, db.spec.persistentVolumeClaimRetentionPolicy],
      [1, 'OrderedReady', 10, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, { whenDeleted: 'Retain', whenScaled: 'Retain' }]);
    const agent = await getJson(emulator, 'daemonset', 'agent');
    assert.deepEqual([agent.spec.revisionHistoryLimit, agent.spec.updateStrategy], [10, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }]);
    const job = await getJson(emulator, 'job', 'once');
    assert.deepEqual([job.spec.backoffLimit, job.spec.completions, job.spec.parallelism, job.spec.completionMode, job.spec.suspend], [6, 1, 1, 'NonIndexed', false]);
    assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata.uid } });
    assert.equal(job.spec.template.metadata.labels['job-name'], 'once');
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    const secret = await getJson(emulator, 'secret', 'creds');
    assert.deepEqual([secret.type, secret.data, secret.stringData], ['Opaque', { password: Buffer.from('hunter2').toString('base64') }, undefined]);
    const configMap = await getJson(emulator, 'configmap', 'web');
    assert.deepEqual(configMap.data, { a: 'b' });
    assert.equal(configMap.metadata.generation, undefined);

    // Re-applying the same (non-canonical) manifests is not drift, and changes nothing.
    const diff = await kubectl(emulator, ['diff', '--server-side', '-f', '-'], { input: manifests });
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
  }));
