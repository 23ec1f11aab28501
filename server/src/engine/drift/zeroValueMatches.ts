import type { PlainMap } from '../manifests/plainData';

/** Built-in fields whose values are maps (string keys): their entries keep zero values ("" labels…). */
const mapFields = new Set([
  'labels', 'annotations', 'data', 'binaryData', 'stringData', 'nodeSelector', 'matchLabels', 'selector',
  'requests', 'limits', 'hard', 'capacity', 'allocatable', 'overhead', 'podFixed', 'parameters',
  'volumeAttributes', 'attributes', 'max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio',
]);

/**
 * Pointer-typed scalar fields of built-in kinds: the API server keeps their zero values (`replicas: 0`,
 * `automountServiceAccountToken: false`, `storageClassName: ""`), so a declared zero must be there live.
 */
const pointerFields = new Set([
  'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'automountServiceAccountToken', 'shareProcessNamespace',
  'priority', 'enableServiceLinks', 'preemptionPolicy', 'setHostnameAsFQDN', 'hostUsers', 'runtimeClassName',
  'runAsUser', 'runAsGroup', 'runAsNonRoot', 'fsGroup', 'fsGroupChangePolicy', 'supplementalGroupsPolicy',
  'seLinuxChangePolicy', 'privileged', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'procMount',
  'recursiveReadOnly', 'mountPropagation', 'defaultMode', 'mode', 'optional', 'sizeLimit', 'replicas',
  'revisionHistoryLimit', 'progressDeadlineSeconds', 'maxUnavailable', 'maxSurge', 'partition', 'parallelism',
  'completions', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'manualSelector',
  'ttlSecondsAfterFinished', 'completionMode', 'suspend', 'podReplacementPolicy', 'managedBy',
  'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'timeZone',
  'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'ipFamilyPolicy',
  'trafficDistribution', 'appProtocol', 'minReplicas', 'averageUtilization', 'stabilizationWindowSeconds',
  'selectPolicy', 'targetCPUUtilizationPercentage', 'minAvailable', 'unhealthyPodEvictionPolicy',
  'storageClassName', 'volumeMode', 'volumeAttributesClassName', 'ingressClassName', 'pathType', 'immutable',
  'endPort', 'failurePolicy', 'sideEffects', 'matchPolicy', 'reinvocationPolicy', 'allowVolumeExpansion',
  'reclaimPolicy', 'volumeBindingMode',
]);

const probes = new Set(['livenessProbe', 'readinessProbe', 'startupProbe']);
const probeDefaults: Record<string, number> = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
const containerLists = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function isPointerField(kind: string, schemaPath: readonly string[]): boolean {
  const last = schemaPath[schemaPath.length - 1];
  const parent = schemaPath[schemaPath.length - 2];
  if (last === 'timeoutSeconds') return !probes.has(parent ?? ''); // webhooks, sessionAffinityConfig
  if (last === 'readOnly' || last === 'fsType') return parent === 'csi';
  if (last === 'type') return parent === 'hostPath';
  if (last === 'port' || last === 'protocol') return kind === 'NetworkPolicy';
  return pointerFields.has(last);
}

function imageTag(image: string): string | undefined {
  if (image.includes('@')) return 'digest';
  const colon = image.indexOf(':', image.lastIndexOf('/') + 1);
  return colon < 0 ? undefined : image.slice(colon + 1);
}

/** defaultFor is what the API server writes for a built-in field left at its zero value, when it writes something. */
function defaultFor(kind: string, schemaPath: readonly string[], desiredParent: PlainMap): unknown {
  const n = schemaPath.length;
  const last = schemaPath[n - 1];
  const parent = schemaPath[n - 2] ?? '';
  const joined = schemaPath.join('.');
  switch (last) {
    case 'type':
      if (kind === 'Service' && joined === 'spec.type') return 'ClusterIP';
      if (kind === 'Secret' && joined === 'type') return 'Opaque';
      if (parent === 'strategy' || parent === 'updateStrategy') return 'RollingUpdate';
      return undefined;
    case 'sessionAffinity':
      return 'None';
    case 'protocol':
      return 'TCP';
    case 'dnsPolicy':
      return 'ClusterFirst';
    case 'restartPolicy':
      return containerLists.has(parent) ? undefined : 'Always';
    case 'schedulerName':
      return 'default-scheduler';
    case 'terminationMessagePath':
      return '/dev/termination-log';
    case 'terminationMessagePolicy':
      return 'File';
    case 'imagePullPolicy': {
      if (typeof desiredParent.image !== 'string') return undefined;
      const tag = imageTag(desiredParent.image);
      return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
    }
    case 'scheme':
      return parent === 'httpGet' ? 'HTTP' : undefined;
    case 'apiVersion':
      return parent === 'fieldRef' ? 'v1' : undefined;
    case 'podManagementPolicy':
      return 'OrderedReady';
    case 'concurrencyPolicy':
      return 'Allow';
    case 'externalTrafficPolicy':
      return 'Cluster';
    case 'targetPort':
      return kind === 'Service' ? desiredParent.port : undefined;
    default:
      return probes.has(parent) ? probeDefaults[last] : undefined;
  }
}

/** Fields the API server allocates when left at zero: any live value is what a zero declares. */
const allocatedFields = new Set(['clusterIP', 'nodePort', 'healthCheckNodePort']);

/** isZeroScalar tells whether a scalar is Go's zero value for its type. */
export function isZeroScalar(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

/**
 * zeroValueMatches decides a declared zero (`""`, `0`, `false`) of a built-in kind the way the API
 * server treats it: a non-pointer field at its zero value is the same as not set — Go's `omitempty`
 * drops it from what the server returns, and defaulting then writes the field's default (`type: ""` on
 * a Service comes back `ClusterIP`; `clusterIP: ""` keeps the allocated address). So the live value
 * matches when it is absent, the default, or (allocated fields) anything. Returns undefined when the
 * rule does not apply (pointer fields and map entries keep zeros: compare strictly).
 */
export function zeroValueMatches(args: { kind: string; schemaPath: readonly string[]; desiredParent: PlainMap; live: unknown }): boolean | undefined {
  const { kind, schemaPath, desiredParent, live } = args;
  const parent = schemaPath[schemaPath.length - 2];
  if (parent !== undefined && mapFields.has(parent)) return undefined;
  if (schemaPath.length === 1 && !(kind === 'Secret' && schemaPath[0] === 'type')) return undefined;
  if (isPointerField(kind, schemaPath)) return undefined;
  if (live === undefined || live === null) return true;
  const last = schemaPath[schemaPath.length - 1];
  if (allocatedFields.has(last)) return true;
  const fallback = defaultFor(kind, schemaPath, desiredParent);
  return fallback !== undefined && fallback === live;
}
