import type { PlainMap } from '../../server/src/engine/manifests/plainData';

/** Random, valid declared objects (what people write in Git) for property tests; seeded, so reproducible. */

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function chance(random: Random, probability = 0.5): boolean {
  return random() < probability;
}

function count(random: Random, max: number): number {
  return Math.floor(random() * (max + 1));
}

const images = ['nginx', 'nginx:latest', 'nginx:1.25.3', 'registry.example.com/shop/api:2.0.1', 'ghcr.io/org/tool@sha256:' + 'ab'.repeat(32), 'localhost:5000/app'];
const cpuQuantities: unknown[] = [0.5, 1, 2, 0.25, '250m', '0.5', '1.5', '1500m', '100m', '2', 0.1, '0.001'];
const memoryQuantities: unknown[] = ['128Mi', '0.5Gi', '1Gi', '1024Mi', '1G', '1e9', 134217728, '0.25Gi', '512M', '1.5Gi'];
const storageQuantities: unknown[] = ['1Gi', '10Gi', '0.5Ti', '500Mi', '1e10', '100G'];

function resources(random: Random): PlainMap | undefined {
  if (!chance(random, 0.7)) return undefined;
  const result: PlainMap = {};
  for (const side of ['requests', 'limits']) {
    if (!chance(random, 0.7)) continue;
    const values: PlainMap = {};
    if (chance(random, 0.8)) values.cpu = pick(random, cpuQuantities);
    if (chance(random, 0.8)) values.memory = pick(random, memoryQuantities);
    if (chance(random, 0.2)) values['ephemeral-storage'] = pick(random, storageQuantities);
    result[side] = values;
  }
  return result;
}

function probe(random: Random, portNames: string[]): PlainMap {
  const port = portNames.length > 0 && chance(random) ? pick(random, portNames) : 8000 + count(random, 99);
  const result: PlainMap = chance(random) ? { httpGet: { path: '/healthz', port } } : { tcpSocket: { port } };
  if (chance(random)) result.initialDelaySeconds = count(random, 30);
  if (chance(random, 0.3)) result.periodSeconds = 5 + count(random, 20);
  if (chance(random, 0.3)) result.failureThreshold = 1 + count(random, 5);
  return result;
}

function container(random: Random, name: string, volumes: string[]): PlainMap {
  const result: PlainMap = { name, image: pick(random, images) };
  if (chance(random, 0.3)) result.imagePullPolicy = pick(random, ['Always', 'IfNotPresent', 'Never']);
  if (chance(random, 0.4)) result.args = Array.from({ length: 1 + count(random, 3) }, (_, i) => `--flag-${i}=${count(random, 9)}`);
  if (chance(random, 0.2)) result.command = ['/bin/app'];
  const portNames: string[] = [];
  if (chance(random, 0.7)) {
    const used = new Set<number>();
    result.ports = Array.from({ length: 1 + count(random, 2) }, (_, i) => {
      let containerPort = 8000 + count(random, 999);
      while (used.has(containerPort)) containerPort++;
      used.add(containerPort);
      const port: PlainMap = { containerPort };
      if (chance(random)) {
        port.name = `p${i}-${name}`.slice(0, 15);
        portNames.push(String(port.name));
      }
      if (chance(random, 0.3)) port.protocol = pick(random, ['TCP', 'UDP']);
      return port;
    });
  }
  if (chance(random, 0.6)) {
    result.env = Array.from({ length: 1 + count(random, 3) }, (_, i) =>
      chance(random, 0.8) ? { name: `VAR_${i}`, value: pick(random, ['x', 'info', '', '8080', 'true']) } : { name: `VAR_${i}`, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    );
  }
  const limits = resources(random);
  if (limits) result.resources = limits;
  if (chance(random, 0.4)) result.readinessProbe = probe(random, portNames);
  if (chance(random, 0.3)) result.livenessProbe = probe(random, portNames);
  if (volumes.length > 0 && chance(random, 0.7)) {
    result.volumeMounts = volumes.filter(() => chance(random, 0.7)).map((volume) => ({ name: volume, mountPath: `/mnt/${volume}`, ...(chance(random, 0.3) ? { readOnly: chance(random) } : {}) }));
  }
  if (chance(random, 0.2)) result.securityContext = { runAsNonRoot: true, allowPrivilegeEscalation: false };
  return result;
}

function podSpec(random: Random, options: { restartPolicy?: string } = {}): PlainMap {
  const volumes: PlainMap[] = [];
  const volumeCount = count(random, 3);
  for (let i = 0; i < volumeCount; i++) {
    const source = pick(random, [
      { configMap: { name: `cm-${i}` } },
      { secret: { secretName: `s-${i}`, ...(chance(random, 0.3) ? { defaultMode: 256 } : {}) } },
      { emptyDir: chance(random) ? { sizeLimit: pick(random, ['0.5Gi', '1Gi', '100Mi', '1e9']) } : {} },
    ]);
    volumes.push({ name: `vol-${i}`, ...source });
  }
  const names = volumes.map((volume) => String(volume.name));
  const spec: PlainMap = { containers: Array.from({ length: 1 + count(random, 2) }, (_, i) => container(random, `c${i}`, names)) };
  if (chance(random, 0.2)) spec.initContainers = [container(random, 'init', names)];
  if (volumes.length > 0) spec.volumes = volumes;
  if (options.restartPolicy) spec.restartPolicy = options.restartPolicy;
  if (chance(random, 0.2)) spec.serviceAccountName = 'runner';
  if (chance(random, 0.2)) spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
  if (chance(random, 0.2)) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }];
  if (chance(random, 0.15)) spec.terminationGracePeriodSeconds = count(random, 60);
  return spec;
}

function template(random: Random, app: string, options: { restartPolicy?: string } = {}): PlainMap {
  const labels: PlainMap = { app };
  if (chance(random)) labels.tier = pick(random, ['web', 'backend']);
  return { metadata: { labels, ...(chance(random, 0.3) ? { annotations: { 'example.com/checksum': String(count(random, 1e6)) } } : {}) }, spec: podSpec(random, options) };
}

function metadata(name: string, random: Random): PlainMap {
  const result: PlainMap = { name, namespace: 'props' };
  if (chance(random, 0.6)) result.labels = { 'app.kubernetes.io/name': name, ...(chance(random) ? { 'app.kubernetes.io/version': `v${count(random, 9)}` } : {}) };
  if (chance(random, 0.3)) result.annotations = { 'example.com/note': pick(random, ['a', 'b c', '']) };
  return result;
}

const generators: ((random: Random, name: string) => PlainMap)[] = [
  (random, name) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(name, random),
    spec: {
      ...(chance(random, 0.7) ? { replicas: count(random, 5) } : {}),
      selector: { matchLabels: { app: name } },
      template: template(random, name),
      ...(chance(random, 0.3) ? { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: pick(random, [1, '50%', 0]), maxUnavailable: pick(random, [1, '25%']) } } } : {}),
    },
  }),
  (random, name) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata(name, random),
    spec: {
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: template(random, name),
      volumeClaimTemplates: chance(random, 0.6) ? [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: pick(random, storageQuantities) } } } }] : [],
    },
  }),
  (random, name) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: metadata(name, random), spec: { selector: { matchLabels: { app: name } }, template: template(random, name) } }),
  (random, name) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: metadata(name, random), spec: { ...(chance(random) ? { backoffLimit: count(random, 4) } : {}), template: template(random, name, { restartPolicy: pick(random, ['Never', 'OnFailure']) }) } }),
  (random, name) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(name, random),
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: template(random, name, { restartPolicy: 'OnFailure' }) } } },
  }),
  (random, name) => {
    const type = pick(random, [undefined, 'ClusterIP', 'NodePort', 'LoadBalancer']);
    const used = new Set<string>();
    const ports = Array.from({ length: 1 + count(random, 2) }, (_, i) => {
      let port = pick(random, [80, 443, 8080, 9090, 53]);
      const protocol = chance(random, 0.2) ? 'UDP' : undefined;
      while (used.has(`${port}/${protocol ?? 'TCP'}`)) port++;
      used.add(`${port}/${protocol ?? 'TCP'}`);
      return { name: `port-${i}`, port, ...(protocol ? { protocol } : {}), ...(chance(random) ? { targetPort: pick(random, [8080, 'http', port]) } : {}) };
    });
    return { apiVersion: 'v1', kind: 'Service', metadata: metadata(name, random), spec: { ...(type ? { type } : {}), selector: { app: name }, ports } };
  },
  (random, name) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(name, random),
    data: Object.fromEntries(Array.from({ length: 1 + count(random, 4) }, (_, i) => [pick(random, [`KEY_${i}`, `file-${i}.yaml`]), pick(random, ['value', '', 'a: 1\nb: 2\n', '8080'])])),
  }),
  (random, name) => {
    const result: PlainMap = { apiVersion: 'v1', kind: 'Secret', metadata: metadata(name, random) };
    if (chance(random, 0.7)) result.stringData = { username: 'user-' + count(random, 99), password: 'pw-' + count(random, 1e6) };
    if (chance(random, 0.6)) result.data = { token: Buffer.from('token-' + count(random, 1e6)).toString('base64') };
    if (!result.stringData && !result.data) result.data = { key: Buffer.from('k').toString('base64') };
    if (chance(random, 0.3)) result.type = 'Opaque';
    return result;
  },
  (random, name) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metadata(name, random),
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: pick(random, storageQuantities) } }, ...(chance(random, 0.3) ? { storageClassName: pick(random, ['standard', '']) } : {}) },
  }),
  (random, name) => {
    const metrics: PlainMap[] = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 + count(random, 40) } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: pick(random, memoryQuantities) } } },
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: pick(random, [1000, '1k', '500m']) } } },
    ].filter(() => chance(random, 0.7));
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: metadata(name, random),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, maxReplicas: 10, ...(chance(random) ? { minReplicas: 2 } : {}), ...(metrics.length > 0 ? { metrics } : {}) },
    };
  },
];

/** randomDeclaredObject makes one valid object of a random built-in kind. */
export function randomDeclaredObject(random: Random, name: string): PlainMap {
  return pick(random, generators)(random, name);
}

/** pluralOf is the resource name of the kinds randomDeclaredObject makes. */
export const resourceOf: Record<string, { group: string; resource: string }> = {
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
  Service: { group: '', resource: 'services' },
  ConfigMap: { group: '', resource: 'configmaps' },
  Secret: { group: '', resource: 'secrets' },
  PersistentVolumeClaim: { group: '', resource: 'persistentvolumeclaims' },
  HorizontalPodAutoscaler: { group: 'autoscaling', resource: 'horizontalpodautoscalers' },
};

/** shuffled returns a copy with the items in random order. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
