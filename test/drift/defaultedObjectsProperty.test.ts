import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compareObject } from '../../server/src/engine/drift/compareObject';
import { maskSecretValue } from '../../server/src/engine/drift/maskSecretValue';
import type { PlainMap } from '../../server/src/engine/manifests/plainData';
import { startKubeEmulator, type RunningKubeEmulator } from '../support/kubeEmulator/index';
import { randomDeclaredObject, resourceOf, seededRandom, shuffled, type Random } from './randomObjects';

/**
 * Property: for random objects as people declare them in Git, the object the API emulator stores
 * (defaults, canonical quantities, managedFields, server metadata) has no drift — also with its
 * merge-keyed lists reordered; and one real change made by another field manager is reported as
 * exactly that one field, with both values.
 */

let emulator: RunningKubeEmulator;
before(async () => {
  emulator = await startKubeEmulator();
});
after(async () => {
  await emulator?.stop();
});

function liveOf(object: PlainMap): PlainMap {
  const { group, resource } = resourceOf[String(object.kind)];
  const metadata = object.metadata as PlainMap;
  const live = emulator.getObject(group, resource, String(metadata.namespace), String(metadata.name));
  assert.ok(live, `${object.kind} ${metadata.name} stored`);
  return live;
}

function podSpecPath(object: PlainMap): { spec: any; prefix: string } | undefined {
  const spec = object.spec as any;
  if (object.kind === 'CronJob') return { spec: spec.jobTemplate.spec.template.spec, prefix: 'spec.jobTemplate.spec.template.spec' };
  if (spec?.template?.spec) return { spec: spec.template.spec, prefix: 'spec.template.spec' };
  return undefined;
}

interface Mutation {
  path: string;
  desired: unknown;
  live: unknown;
}

/** mutate changes one declared leaf of `object` in place and says how the drift must read. */
function mutate(random: Random, object: PlainMap): Mutation | undefined {
  const options: (() => Mutation | undefined)[] = [];
  const labels = (object.metadata as any).labels;
  if (labels?.['app.kubernetes.io/name']) {
    options.push(() => {
      const old = labels['app.kubernetes.io/name'];
      labels['app.kubernetes.io/name'] = `${old}-changed`;
      return { path: 'metadata.labels["app.kubernetes.io/name"]', desired: old, live: `${old}-changed` };
    });
  }
  const pod = podSpecPath(object);
  if (pod) {
    const target = pod.spec.containers[Math.floor(random() * pod.spec.containers.length)];
    options.push(() => {
      const old = target.image;
      target.image = 'example.com/hotfix:9.9.9';
      return { path: `${pod.prefix}.containers[name=${target.name}].image`, desired: old, live: 'example.com/hotfix:9.9.9' };
    });
    const env = (target.env ?? []).find((item: any) => typeof item.value === 'string' && item.value !== '');
    if (env) {
      options.push(() => {
        const old = env.value;
        env.value = `${old}-changed`;
        return { path: `${pod.prefix}.containers[name=${target.name}].env[name=${env.name}].value`, desired: old, live: `${old}-changed` };
      });
    }
    if (target.args?.length) {
      options.push(() => {
        const old = target.args[0];
        target.args[0] = '--changed';
        return { path: `${pod.prefix}.containers[name=${target.name}].args[0]`, desired: old, live: '--changed' };
      });
    }
    if (target.resources?.limits?.cpu !== undefined) {
      options.push(() => {
        const old = target.resources.limits.cpu;
        target.resources.limits.cpu = '3';
        return { path: `${pod.prefix}.containers[name=${target.name}].resources.limits.cpu`, desired: old, live: '3' };
      });
    }
  }
  const spec = object.spec as any;
  if (typeof spec?.replicas === 'number') {
    options.push(() => {
      const old = spec.replicas;
      spec.replicas = old + 1;
      return { path: 'spec.replicas', desired: old, live: old + 1 };
    });
  }
  if (object.kind === 'Service') {
    const port = spec.ports.find((item: any) => typeof item.targetPort === 'number');
    if (port) {
      options.push(() => {
        const old = port.targetPort;
        port.targetPort = old + 1;
        return { path: `spec.ports[port=${port.port},protocol=${port.protocol ?? 'TCP'}].targetPort`, desired: old, live: old + 1 };
      });
    }
  }
  if (object.kind === 'ConfigMap') {
    const key = Object.keys(object.data as PlainMap)[0];
    options.push(() => {
      const data = object.data as PlainMap;
      const old = data[key];
      data[key] = `${old}changed`;
      const path = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `data.${key}` : `data[${JSON.stringify(key)}]`;
      return { path, desired: old, live: `${old}changed` };
    });
  }
  if (object.kind === 'Secret' && (object.stringData as PlainMap | undefined)?.password) {
    options.push(() => {
      const stringData = object.stringData as PlainMap;
      const old = Buffer.from(String(stringData.password)).toString('base64');
      stringData.password = 'rotated';
      return { path: 'data.password', desired: maskSecretValue({ base64: old }), live: maskSecretValue({ base64: Buffer.from('rotated').toString('base64') }) };
    });
  }
  if (options.length === 0) return undefined;
  return options[Math.floor(random() * options.length)]();
}

/** reorderMergeKeyed shuffles the lists whose order the API server keeps but that apply matches by key. */
function reorderMergeKeyed(random: Random, live: PlainMap): void {
  const pod = podSpecPath(live);
  if (pod) {
    pod.spec.containers = shuffled(random, pod.spec.containers);
    if (pod.spec.volumes) pod.spec.volumes = shuffled(random, pod.spec.volumes);
    for (const container of pod.spec.containers) {
      if (container.env) container.env = shuffled(random, container.env);
      if (container.ports) container.ports = shuffled(random, container.ports);
      if (container.volumeMounts) container.volumeMounts = shuffled(random, container.volumeMounts);
    }
  }
  const spec = live.spec as any;
  if (live.kind === 'Service') spec.ports = shuffled(random, spec.ports);
  if (live.kind === 'HorizontalPodAutoscaler' && spec.metrics) spec.metrics = shuffled(random, spec.metrics);
}

test('random declared objects: the stored object has no drift, reordered or not; one changed field is exactly one drift', () => {
  const random = seededRandom(20250310);
  const rounds = 250;
  const kinds = new Map<string, number>();
  let mutated = 0;
  for (let round = 0; round < rounds; round++) {
    const name = `obj-${round}`;
    const desired = randomDeclaredObject(random, name);
    kinds.set(String(desired.kind), (kinds.get(String(desired.kind)) ?? 0) + 1);
    emulator.apply([structuredClone(desired)], 'kustomize-controller');
    const live = liveOf(desired);
    const context = `round ${round}: ${JSON.stringify(desired)}\nlive: ${JSON.stringify(live)}`;
    assert.deepEqual(compareObject({ desired, live }), [], context);
    reorderMergeKeyed(random, live);
    assert.deepEqual(compareObject({ desired, live }), [], `reordered ${context}`);

    const changed = structuredClone(desired);
    const mutation = mutate(random, changed);
    if (!mutation) continue;
    mutated++;
    emulator.apply([changed], 'hotfix');
    assert.deepEqual(compareObject({ desired, live: liveOf(desired) }), [mutation], `mutated ${context}`);
  }
  assert.equal(kinds.size, 10, `every kind was generated: ${[...kinds.keys()].join(', ')}`);
  assert.ok(mutated > rounds / 2, `most objects got a change (${mutated})`);
});
