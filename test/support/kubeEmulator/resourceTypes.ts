/** The resource types the emulator serves: the built-in table plus the kinds created by CRDs. */

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  status: boolean;
  scale?: ScaleSubresource;
  /** generation is set and bumped on spec changes. */
  generation: boolean;
  /** For custom resources: the CRD version's printer columns and OpenAPI schema. */
  custom?: { printerColumns: PrinterColumn[]; schema?: unknown };
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const deploymentScale: ScaleSubresource = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };

interface Row {
  gv: string;
  resource: string;
  kind: string;
  cluster?: boolean;
  short?: string[];
  all?: boolean;
  status?: boolean;
  scale?: boolean;
  generation?: boolean;
  verbs?: string[];
}

const rows: Row[] = [
  { gv: 'v1', resource: 'pods', kind: 'Pod', short: ['po'], all: true, status: true },
  { gv: 'v1', resource: 'services', kind: 'Service', short: ['svc'], all: true, status: true },
  { gv: 'v1', resource: 'configmaps', kind: 'ConfigMap', short: ['cm'] },
  { gv: 'v1', resource: 'secrets', kind: 'Secret' },
  { gv: 'v1', resource: 'namespaces', kind: 'Namespace', cluster: true, short: ['ns'], status: true, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { gv: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', short: ['sa'] },
  { gv: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', short: ['pvc'], status: true },
  { gv: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', cluster: true, short: ['pv'], status: true },
  { gv: 'v1', resource: 'events', kind: 'Event', short: ['ev'] },
  { gv: 'v1', resource: 'endpoints', kind: 'Endpoints', short: ['ep'] },
  { gv: 'v1', resource: 'nodes', kind: 'Node', cluster: true, short: ['no'], status: true },
  { gv: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController', short: ['rc'], all: true, status: true, scale: true, generation: true },
  { gv: 'v1', resource: 'limitranges', kind: 'LimitRange', short: ['limits'] },
  { gv: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota', short: ['quota'], status: true },
  { gv: 'v1', resource: 'podtemplates', kind: 'PodTemplate' },
  { gv: 'apps/v1', resource: 'deployments', kind: 'Deployment', short: ['deploy'], all: true, status: true, scale: true, generation: true },
  { gv: 'apps/v1', resource: 'statefulsets', kind: 'StatefulSet', short: ['sts'], all: true, status: true, scale: true, generation: true },
  { gv: 'apps/v1', resource: 'daemonsets', kind: 'DaemonSet', short: ['ds'], all: true, status: true, generation: true },
  { gv: 'apps/v1', resource: 'replicasets', kind: 'ReplicaSet', short: ['rs'], all: true, status: true, scale: true, generation: true },
  { gv: 'apps/v1', resource: 'controllerrevisions', kind: 'ControllerRevision' },
  { gv: 'batch/v1', resource: 'jobs', kind: 'Job', all: true, status: true, generation: true },
  { gv: 'batch/v1', resource: 'cronjobs', kind: 'CronJob', short: ['cj'], all: true, status: true, generation: true },
  { gv: 'autoscaling/v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', short: ['hpa'], all: true, status: true },
  { gv: 'autoscaling/v1', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', short: ['hpa'], all: true, status: true },
  { gv: 'networking.k8s.io/v1', resource: 'ingresses', kind: 'Ingress', short: ['ing'], status: true, generation: true },
  { gv: 'networking.k8s.io/v1', resource: 'networkpolicies', kind: 'NetworkPolicy', short: ['netpol'], generation: true },
  { gv: 'networking.k8s.io/v1', resource: 'ingressclasses', kind: 'IngressClass', cluster: true },
  { gv: 'policy/v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', short: ['pdb'], status: true, generation: true },
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'roles', kind: 'Role' },
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'rolebindings', kind: 'RoleBinding' },
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'clusterroles', kind: 'ClusterRole', cluster: true },
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', cluster: true },
  { gv: 'apiextensions.k8s.io/v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', cluster: true, short: ['crd', 'crds'], status: true, generation: true },
  { gv: 'coordination.k8s.io/v1', resource: 'leases', kind: 'Lease' },
  { gv: 'storage.k8s.io/v1', resource: 'storageclasses', kind: 'StorageClass', cluster: true, short: ['sc'] },
  { gv: 'discovery.k8s.io/v1', resource: 'endpointslices', kind: 'EndpointSlice' },
  { gv: 'events.k8s.io/v1', resource: 'events', kind: 'Event', short: ['ev'] },
  { gv: 'scheduling.k8s.io/v1', resource: 'priorityclasses', kind: 'PriorityClass', cluster: true, short: ['pc'] },
  { gv: 'admissionregistration.k8s.io/v1', resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', cluster: true },
  { gv: 'admissionregistration.k8s.io/v1', resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', cluster: true },
];

export function splitGroupVersion(gv: string): { group: string; version: string } {
  const slash = gv.indexOf('/');
  return slash < 0 ? { group: '', version: gv } : { group: gv.slice(0, slash), version: gv.slice(slash + 1) };
}

export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function builtInResourceTypes(): ResourceType[] {
  return rows.map((row) => {
    const { group, version } = splitGroupVersion(row.gv);
    return {
      group,
      version,
      resource: row.resource,
      singular: row.kind.toLowerCase(),
      kind: row.kind,
      namespaced: !row.cluster,
      shortNames: row.short ?? [],
      categories: row.all ? ['all'] : [],
      verbs: row.verbs ?? allVerbs,
      status: row.status ?? false,
      scale: row.scale ? deploymentScale : undefined,
      generation: row.generation ?? false,
    };
  });
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!match) return [0, 0, 0, v] as const;
    const stage = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
    return [1, stage, Number(match[1]), Number(match[3] ?? 0)] as const;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa[0] !== pb[0]) return pb[0] - pa[0];
  if (pa[0] === 0) return a < b ? -1 : a > b ? 1 : 0;
  if (pa[1] !== pb[1]) return (pb[1] as number) - (pa[1] as number);
  if (pa[2] !== pb[2]) return (pb[2] as number) - (pa[2] as number);
  return (pb[3] as number) - (pa[3] as number);
}

/** ResourceRegistry looks resource types up by path segment, kind or short name. */
export class ResourceRegistry {
  private builtIn = builtInResourceTypes();
  private custom = new Map<string, ResourceType[]>(); // by CRD name

  all(): ResourceType[] {
    return [...this.builtIn, ...[...this.custom.values()].flat()];
  }

  setCustom(crdName: string, types: ResourceType[]): void {
    if (types.length === 0) this.custom.delete(crdName);
    else this.custom.set(crdName, types);
  }

  removeCustom(crdName: string): void {
    this.custom.delete(crdName);
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.all().find((type) => type.group === group && type.version === version && type.resource === resource);
  }

  byKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.all().find((type) => type.group === group && type.version === version && type.kind === kind);
  }

  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const type of this.all()) {
      const versions = groups.get(type.group) ?? [];
      if (!versions.includes(type.version)) versions.push(type.version);
      groups.set(type.group, versions);
    }
    for (const versions of groups.values()) versions.sort(compareKubeVersions);
    return groups;
  }
}
