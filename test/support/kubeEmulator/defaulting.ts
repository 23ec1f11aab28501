import { invalid, type StatusCause } from './errors';
import { canonicalQuantity } from './quantities';
import type { KubeObject } from './store';

/**
 * The defaults the real API server writes for the built-in kinds (apps, batch, core pod templates,
 * Service, Secret, Namespace, PVC…) and quantity canonicalisation. Defaulting is idempotent and runs
 * after every write, as the API server's decode → default → admit path does.
 */

export interface Allocator {
  clusterIP(): string;
  nodePort(): number;
}

type Json = Record<string, any>;

function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function setDefault(object: Json, key: string, value: unknown): void {
  if (object[key] === undefined || object[key] === null) object[key] = value;
}

function defaultProbe(probe: unknown): void {
  if (!isPlainObject(probe)) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  if (isPlainObject(probe.httpGet)) setDefault(probe.httpGet, 'scheme', 'HTTP');
}

function imageTag(image: string): string | undefined {
  if (image.includes('@')) return 'digest';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : image.slice(colon + 1);
}

function defaultContainer(container: unknown): void {
  if (!isPlainObject(container)) return;
  if (typeof container.image === 'string' && container.imagePullPolicy === undefined) {
    const tag = imageTag(container.image);
    container.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  setDefault(container, 'resources', {});
  for (const port of Array.isArray(container.ports) ? container.ports : []) if (isPlainObject(port)) setDefault(port, 'protocol', 'TCP');
  for (const env of Array.isArray(container.env) ? container.env : []) {
    if (isPlainObject(env) && isPlainObject(env.valueFrom) && isPlainObject(env.valueFrom.fieldRef)) setDefault(env.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
}

function defaultVolume(volume: unknown): void {
  if (!isPlainObject(volume)) return;
  for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) if (isPlainObject(volume[source])) setDefault(volume[source], 'defaultMode', 420);
  if (isPlainObject(volume.downwardAPI)) {
    for (const item of Array.isArray(volume.downwardAPI.items) ? volume.downwardAPI.items : []) if (isPlainObject(item?.fieldRef)) setDefault(item.fieldRef, 'apiVersion', 'v1');
  }
  if (isPlainObject(volume.hostPath)) setDefault(volume.hostPath, 'type', '');
}

export function defaultPodSpec(spec: unknown, options: { restartPolicy?: boolean } = {}): void {
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  if (options.restartPolicy !== false) setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  if (spec.serviceAccountName !== undefined && spec.serviceAccount === undefined) spec.serviceAccount = spec.serviceAccountName;
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) for (const container of Array.isArray(spec[list]) ? spec[list] : []) defaultContainer(container);
  for (const volume of Array.isArray(spec.volumes) ? spec.volumes : []) defaultVolume(volume);
}

function defaultTemplate(template: unknown, options: { restartPolicy?: boolean } = {}): void {
  if (!isPlainObject(template)) return;
  if (!isPlainObject(template.metadata)) template.metadata = {};
  if (!('creationTimestamp' in template.metadata)) template.metadata.creationTimestamp = null;
  defaultPodSpec(template.spec, options);
}

function defaultStrategy(strategy: Json, rolling: Json): void {
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    if (!isPlainObject(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    for (const [key, value] of Object.entries(rolling)) setDefault(strategy.rollingUpdate, key, value);
  }
}

function ensure(object: Json, key: string): Json {
  if (!isPlainObject(object[key])) object[key] = {};
  return object[key];
}

const defaulters: Record<string, (object: Json, allocator: Allocator) => void> = {
  'apps/Deployment': (object) => {
    const spec = ensure(object, 'spec');
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'revisionHistoryLimit', 10);
    setDefault(spec, 'progressDeadlineSeconds', 600);
    defaultStrategy(ensure(spec, 'strategy'), { maxUnavailable: '25%', maxSurge: '25%' });
    defaultTemplate(spec.template);
  },
  'apps/StatefulSet': (object) => {
    const spec = ensure(object, 'spec');
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'podManagementPolicy', 'OrderedReady');
    setDefault(spec, 'revisionHistoryLimit', 10);
    const strategy = ensure(spec, 'updateStrategy');
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') setDefault(ensure(strategy, 'rollingUpdate'), 'partition', 0);
    const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
    setDefault(retention, 'whenDeleted', 'Retain');
    setDefault(retention, 'whenScaled', 'Retain');
    for (const claim of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
      if (!isPlainObject(claim)) continue;
      setDefault(claim, 'apiVersion', 'v1');
      setDefault(claim, 'kind', 'PersistentVolumeClaim');
      setDefault(ensure(claim, 'spec'), 'volumeMode', 'Filesystem');
      setDefault(ensure(claim, 'status'), 'phase', 'Pending');
    }
    defaultTemplate(spec.template);
  },
  'apps/DaemonSet': (object) => {
    const spec = ensure(object, 'spec');
    setDefault(spec, 'revisionHistoryLimit', 10);
    defaultStrategy(ensure(spec, 'updateStrategy'), { maxUnavailable: 1, maxSurge: 0 });
    defaultTemplate(spec.template);
  },
  'apps/ReplicaSet': (object) => {
    const spec = ensure(object, 'spec');
    setDefault(spec, 'replicas', 1);
    defaultTemplate(spec.template);
  },
  'batch/Job': (object) => {
    const spec = ensure(object, 'spec');
    defaultJobSpec(spec, object);
  },
  'batch/CronJob': (object) => {
    const spec = ensure(object, 'spec');
    setDefault(spec, 'concurrencyPolicy', 'Allow');
    setDefault(spec, 'suspend', false);
    setDefault(spec, 'successfulJobsHistoryLimit', 3);
    setDefault(spec, 'failedJobsHistoryLimit', 1);
    const jobTemplate = ensure(spec, 'jobTemplate');
    if (!isPlainObject(jobTemplate.metadata)) jobTemplate.metadata = {};
    if (!('creationTimestamp' in jobTemplate.metadata)) jobTemplate.metadata.creationTimestamp = null;
    const jobSpec = ensure(jobTemplate, 'spec');
    setDefault(jobSpec, 'backoffLimit', 6);
    setDefault(jobSpec, 'completionMode', 'NonIndexed');
    setDefault(jobSpec, 'suspend', false);
    setDefault(jobSpec, 'podReplacementPolicy', 'TerminatingOrFailed');
    setDefault(jobSpec, 'manualSelector', undefined);
    delete jobSpec.manualSelector;
    defaultTemplate(jobSpec.template, { restartPolicy: false });
  },
  '/Pod': (object) => {
    const spec = ensure(object, 'spec');
    defaultPodSpec(spec);
    setDefault(spec, 'enableServiceLinks', true);
    setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
    setDefault(spec, 'priority', 0);
    setDefault(spec, 'serviceAccountName', 'default');
    setDefault(spec, 'serviceAccount', spec.serviceAccountName);
    for (const container of Array.isArray(spec.containers) ? spec.containers : []) {
      const resources = isPlainObject(container?.resources) ? container.resources : undefined;
      if (resources && isPlainObject(resources.limits)) {
        const requests = ensure(resources, 'requests');
        for (const [name, value] of Object.entries(resources.limits)) setDefault(requests, name, value);
      }
    }
    const status = ensure(object, 'status');
    setDefault(status, 'phase', 'Pending');
    setDefault(status, 'qosClass', 'BestEffort');
  },
  '/Service': (object, allocator) => {
    const spec = ensure(object, 'spec');
    setDefault(spec, 'type', 'ClusterIP');
    setDefault(spec, 'sessionAffinity', 'None');
    if (spec.type !== 'ExternalName') {
      if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] ? spec.clusterIPs[0] : allocator.clusterIP();
      setDefault(spec, 'clusterIPs', [spec.clusterIP]);
      setDefault(spec, 'ipFamilies', ['IPv4']);
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
      setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    }
    const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    if (external) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
    if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
      if (!isPlainObject(port)) continue;
      setDefault(port, 'protocol', 'TCP');
      if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') setDefault(port, 'targetPort', port.port);
      else if (spec.clusterIP === 'None') setDefault(port, 'targetPort', port.port);
      if (external && port.nodePort === undefined) port.nodePort = allocator.nodePort();
    }
    setDefault(ensure(object, 'status'), 'loadBalancer', {});
  },
  '/Secret': (object) => {
    setDefault(object, 'type', 'Opaque');
    if (isPlainObject(object.stringData)) {
      const data = ensure(object, 'data');
      for (const [key, value] of Object.entries(object.stringData)) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
    delete object.stringData;
  },
  '/Namespace': (object) => {
    const metadata = ensure(object, 'metadata');
    ensure(metadata, 'labels')['kubernetes.io/metadata.name'] = metadata.name;
    setDefault(ensure(object, 'spec'), 'finalizers', ['kubernetes']);
    setDefault(ensure(object, 'status'), 'phase', 'Active');
  },
  '/PersistentVolumeClaim': (object) => {
    setDefault(ensure(object, 'spec'), 'volumeMode', 'Filesystem');
    setDefault(ensure(object, 'status'), 'phase', 'Pending');
  },
  '/ReplicationController': (object) => {
    const spec = ensure(object, 'spec');
    setDefault(spec, 'replicas', 1);
    defaultTemplate(spec.template);
  },
  '/PodTemplate': (object) => defaultTemplate(object.template),
  'networking.k8s.io/Ingress': (object) => {
    for (const rule of Array.isArray(object.spec?.rules) ? object.spec.rules : []) {
      for (const path of Array.isArray(rule?.http?.paths) ? rule.http.paths : []) if (isPlainObject(path)) setDefault(path, 'pathType', 'ImplementationSpecific');
    }
    setDefault(ensure(object, 'status'), 'loadBalancer', {});
  },
};

function defaultJobSpec(spec: Json, object: Json): void {
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completions', 1);
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  defaultTemplate(spec.template, { restartPolicy: false });
  const uid = object.metadata?.uid;
  const name = object.metadata?.name;
  if (uid && !spec.manualSelector) {
    const generated = { 'batch.kubernetes.io/controller-uid': uid };
    setDefault(spec, 'selector', { matchLabels: generated });
    if (isPlainObject(spec.template)) {
      const labels = ensure(ensure(spec.template, 'metadata'), 'labels');
      setDefault(labels, 'batch.kubernetes.io/controller-uid', uid);
      setDefault(labels, 'batch.kubernetes.io/job-name', name);
      setDefault(labels, 'controller-uid', uid);
      setDefault(labels, 'job-name', name);
    }
  }
}

const quantityMapKeys = new Set(['limits', 'requests', 'hard', 'capacity', 'allocatable', 'overhead', 'max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio', 'used']);

/** canonicaliseQuantities rewrites resource quantities in place; returns causes for values that are not quantities. */
export function canonicaliseQuantities(value: unknown, path = ''): StatusCause[] {
  const causes: StatusCause[] = [];
  const walk = (node: unknown, at: string, parentKey: string | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${at}[${index}]`, undefined));
      return;
    }
    if (!isPlainObject(node)) return;
    for (const [key, child] of Object.entries(node)) {
      const childPath = at ? `${at}.${key}` : key;
      if (quantityMapKeys.has(key) && isPlainObject(child) && (parentKey === 'resources' || parentKey === 'spec' || parentKey === 'status' || parentKey === undefined)) {
        for (const [name, quantity] of Object.entries(child)) {
          if (isPlainObject(quantity) || Array.isArray(quantity)) continue;
          const canonical = canonicalQuantity(quantity);
          if (canonical === undefined) causes.push({ field: `${childPath}[${name}]`, message: `Invalid value: ${JSON.stringify(quantity)}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` });
          else child[name] = canonical;
        }
      } else if (key === 'sizeLimit' && (typeof child === 'string' || typeof child === 'number')) {
        const canonical = canonicalQuantity(child);
        if (canonical !== undefined) node[key] = canonical;
      } else walk(child, childPath, key);
    }
  };
  walk(value, path, undefined);
  return causes;
}

/** applyDefaults defaults a built-in object in place (custom resources are left alone). */
export function applyDefaults(object: KubeObject, group: string, allocator: Allocator, custom: boolean): void {
  if (custom) return;
  const causes = canonicaliseQuantities(object);
  if (causes.length > 0) throw invalid(group, String(object.kind), String(object.metadata?.name ?? ''), causes);
  defaulters[`${group}/${object.kind}`]?.(object, allocator);
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** validate checks what the emulator validates: names, and the few fields tests rely on (422 Invalid). */
export function validate(object: KubeObject, group: string, custom: boolean): void {
  const name = String(object.metadata?.name ?? '');
  const kind = String(object.kind);
  const causes: StatusCause[] = [];
  if (!name) causes.push({ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' });
  else if (name.length > 253 || !dns1123Subdomain.test(name)) {
    causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')` });
  }
  if (!custom) {
    const spec = object.spec;
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(kind) && group === 'apps') {
      if (!isPlainObject(spec?.selector)) causes.push({ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' });
      else {
        const labels = spec?.template?.metadata?.labels ?? {};
        const wanted = spec.selector.matchLabels ?? {};
        if (Object.entries(wanted).some(([key, value]) => labels[key] !== value)) {
          causes.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`` });
        }
      }
    }
    const podSpec = kind === 'Pod' ? spec : kind === 'CronJob' ? spec?.jobTemplate?.spec?.template?.spec : spec?.template?.spec;
    const prefix = kind === 'Pod' ? 'spec' : kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
    if (isPlainObject(podSpec)) {
      const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
      if (containers.length === 0) causes.push({ reason: 'FieldValueRequired', field: `${prefix}.containers`, message: 'Required value' });
      containers.forEach((container: Json, index: number) => {
        if (!container?.name) causes.push({ reason: 'FieldValueRequired', field: `${prefix}.containers[${index}].name`, message: 'Required value' });
        if (!container?.image) causes.push({ reason: 'FieldValueRequired', field: `${prefix}.containers[${index}].image`, message: 'Required value' });
      });
    }
    if (kind === 'Service' && group === '' && spec?.type !== 'ExternalName' && (!Array.isArray(spec?.ports) || spec.ports.length === 0) && spec?.clusterIP !== 'None') {
      causes.push({ reason: 'FieldValueRequired', field: 'spec.ports', message: 'Required value' });
    }
  }
  if (causes.length > 0) throw invalid(group, kind, name, causes);
}
