import type { PrinterColumn, ResourceType } from './resourceTypes';
import { labelSelectorToString } from './selectors';
import type { KubeObject } from './store';

/** meta.k8s.io/v1 Table rendering, with the columns the real API server prints for the common kinds. */

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean | null;

function column(name: string, type = 'string', priority = 0, format = ''): Column {
  return { name, type, format: name === 'Name' ? 'name' : format, description: name === 'Name' ? 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names' : name, priority };
}

/** humanDuration is apimachinery's duration.HumanDuration. */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function age(object: KubeObject): string {
  const created = Date.parse(object.metadata?.creationTimestamp ?? '');
  return Number.isNaN(created) ? '<unknown>' : humanDuration(Date.now() - created);
}

function containers(object: KubeObject): KubeObject[] {
  const spec = object.kind === 'CronJob' ? object.spec?.jobTemplate?.spec?.template?.spec : object.spec?.template?.spec;
  return Array.isArray(spec?.containers) ? spec.containers : [];
}

function count(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function servicePorts(object: KubeObject): string {
  const ports: KubeObject[] = Array.isArray(object.spec?.ports) ? object.spec.ports : [];
  if (ports.length === 0) return '<none>';
  return ports.map((port) => `${port.port}${port.nodePort ? `:${port.nodePort}` : ''}/${port.protocol ?? 'TCP'}`).join(',');
}

interface Printer {
  columns: Column[];
  cells(object: KubeObject): Cell[];
}

const printers: Record<string, Printer> = {
  'apps/Deployment': {
    columns: [column('Name'), column('Ready'), column('Up-to-date', 'integer'), column('Available', 'integer'), column('Age'), column('Containers', 'string', 1), column('Images', 'string', 1), column('Selector', 'string', 1)],
    cells: (o) => [o.metadata.name, `${count(o.status?.readyReplicas)}/${count(o.spec?.replicas)}`, count(o.status?.updatedReplicas), count(o.status?.availableReplicas), age(o),
      containers(o).map((c) => c.name).join(','), containers(o).map((c) => c.image).join(','), labelSelectorToString(o.spec?.selector) || '<none>'],
  },
  'apps/StatefulSet': {
    columns: [column('Name'), column('Ready'), column('Age'), column('Containers', 'string', 1), column('Images', 'string', 1)],
    cells: (o) => [o.metadata.name, `${count(o.status?.readyReplicas)}/${count(o.spec?.replicas)}`, age(o), containers(o).map((c) => c.name).join(','), containers(o).map((c) => c.image).join(',')],
  },
  'apps/DaemonSet': {
    columns: [column('Name'), column('Desired', 'integer'), column('Current', 'integer'), column('Ready', 'integer'), column('Up-to-date', 'integer'), column('Available', 'integer'), column('Node Selector'), column('Age')],
    cells: (o) => [o.metadata.name, count(o.status?.desiredNumberScheduled), count(o.status?.currentNumberScheduled), count(o.status?.numberReady), count(o.status?.updatedNumberScheduled), count(o.status?.numberAvailable),
      Object.entries(o.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>', age(o)],
  },
  'apps/ReplicaSet': {
    columns: [column('Name'), column('Desired', 'integer'), column('Current', 'integer'), column('Ready', 'integer'), column('Age')],
    cells: (o) => [o.metadata.name, count(o.spec?.replicas), count(o.status?.replicas), count(o.status?.readyReplicas), age(o)],
  },
  '/Pod': {
    columns: [column('Name'), column('Ready'), column('Status'), column('Restarts'), column('Age'), column('IP', 'string', 1), column('Node', 'string', 1)],
    cells: (o) => {
      const specContainers: KubeObject[] = Array.isArray(o.spec?.containers) ? o.spec.containers : [];
      const statuses: KubeObject[] = Array.isArray(o.status?.containerStatuses) ? o.status.containerStatuses : [];
      return [o.metadata.name, `${statuses.filter((s) => s.ready).length}/${specContainers.length}`, o.status?.phase ?? 'Pending', String(statuses.reduce((sum, s) => sum + count(s.restartCount), 0)), age(o), o.status?.podIP ?? '<none>', o.spec?.nodeName ?? '<none>'];
    },
  },
  '/Service': {
    columns: [column('Name'), column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), column('Age'), column('Selector', 'string', 1)],
    cells: (o) => {
      const ingress: KubeObject[] = o.status?.loadBalancer?.ingress ?? [];
      const external = o.spec?.type === 'ExternalName' ? o.spec.externalName : ingress.length > 0 ? ingress.map((i) => i.ip ?? i.hostname).join(',') : (o.spec?.externalIPs ?? []).join(',') || (o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>');
      return [o.metadata.name, o.spec?.type ?? 'ClusterIP', o.spec?.clusterIP ?? '<none>', external, servicePorts(o), age(o), Object.entries(o.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'];
    },
  },
  '/ConfigMap': {
    columns: [column('Name'), column('Data', 'integer'), column('Age')],
    cells: (o) => [o.metadata.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o)],
  },
  '/Secret': {
    columns: [column('Name'), column('Type'), column('Data', 'integer'), column('Age')],
    cells: (o) => [o.metadata.name, o.type ?? 'Opaque', Object.keys(o.data ?? {}).length, age(o)],
  },
  '/Namespace': {
    columns: [column('Name'), column('Status'), column('Age')],
    cells: (o) => [o.metadata.name, o.status?.phase ?? 'Active', age(o)],
  },
  '/ServiceAccount': {
    columns: [column('Name'), column('Secrets', 'integer'), column('Age')],
    cells: (o) => [o.metadata.name, (o.secrets ?? []).length, age(o)],
  },
  '/PersistentVolumeClaim': {
    columns: [column('Name'), column('Status'), column('Volume'), column('Capacity'), column('Access Modes'), column('StorageClass'), column('VolumeAttributesClass'), column('Age')],
    cells: (o) => [o.metadata.name, o.status?.phase ?? 'Pending', o.spec?.volumeName ?? '', o.status?.capacity?.storage ?? '', (o.status?.accessModes ?? []).join(','), o.spec?.storageClassName ?? '<unset>', o.spec?.volumeAttributesClassName ?? '<unset>', age(o)],
  },
  'batch/Job': {
    columns: [column('Name'), column('Status'), column('Completions'), column('Duration'), column('Age')],
    cells: (o) => [o.metadata.name, o.spec?.suspend ? 'Suspended' : 'Running', `${count(o.status?.succeeded)}/${o.spec?.completions ?? 1}`, '', age(o)],
  },
  'batch/CronJob': {
    columns: [column('Name'), column('Schedule'), column('Timezone'), column('Suspend', 'boolean'), column('Active', 'integer'), column('Last Schedule'), column('Age')],
    cells: (o) => [o.metadata.name, o.spec?.schedule ?? '', o.spec?.timeZone ?? '<none>', Boolean(o.spec?.suspend), (o.status?.active ?? []).length, o.status?.lastScheduleTime ? humanDuration(Date.now() - Date.parse(o.status.lastScheduleTime)) : '<none>', age(o)],
  },
  'networking.k8s.io/Ingress': {
    columns: [column('Name'), column('Class'), column('Hosts'), column('Address'), column('Ports'), column('Age')],
    cells: (o) => [o.metadata.name, o.spec?.ingressClassName ?? '<none>', (o.spec?.rules ?? []).map((r: KubeObject) => r.host ?? '*').join(',') || '*', ((o.status?.loadBalancer?.ingress ?? []) as KubeObject[]).map((i) => i.ip ?? i.hostname).join(','), (o.spec?.tls ?? []).length > 0 ? '80, 443' : '80', age(o)],
  },
  'apiextensions.k8s.io/CustomResourceDefinition': {
    columns: [column('Name'), column('Created At', 'date')],
    cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
  },
};

const defaultPrinter: Printer = { columns: [column('Name'), column('Age')], cells: (o) => [o.metadata.name, age(o)] };

/** evaluateJsonPath evaluates the small JSONPath subset CRD printer columns use: `.a.b`, `[0]`, `[?(@.type=="Ready")]`. */
export function evaluateJsonPath(object: unknown, expression: string): unknown[] {
  let current: unknown[] = [object];
  const tokens = expression.replace(/^\{|\}$/g, '').match(/\.[^.[\]]+|\[\?\(@\.[^)]+\)\]|\[\d+\]|\[\*\]/g) ?? [];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const value of current) {
      if (token.startsWith('.')) {
        const key = token.slice(1);
        if (value && typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>)[key] !== undefined) next.push((value as Record<string, unknown>)[key]);
        else if (Array.isArray(value)) for (const item of value) if (item && typeof item === 'object' && (item as any)[key] !== undefined) next.push((item as any)[key]);
      } else if (token === '[*]') {
        if (Array.isArray(value)) next.push(...value);
      } else if (token.startsWith('[?(')) {
        const filter = /^\[\?\(@\.([A-Za-z0-9_.]+)\s*==\s*["']([^"']*)["']\)\]$/.exec(token);
        if (filter && Array.isArray(value)) for (const item of value) if (evaluateJsonPath(item, `.${filter[1]}`)[0] === filter[2]) next.push(item);
      } else if (Array.isArray(value)) {
        const item = value[Number(token.slice(1, -1))];
        if (item !== undefined) next.push(item);
      }
    }
    current = next;
  }
  return current;
}

function customPrinter(columns: PrinterColumn[]): Printer {
  if (columns.length === 0) return defaultPrinter;
  return {
    columns: [column('Name'), ...columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }))],
    cells: (o) => [o.metadata.name, ...columns.map((c): Cell => {
      const values = evaluateJsonPath(o, c.jsonPath);
      if (values.length === 0) return null;
      const value = values[0];
      if (c.type === 'date' && typeof value === 'string') return humanDuration(Date.now() - Date.parse(value));
      if (value !== null && typeof value === 'object') return JSON.stringify(value);
      return value as Cell;
    })],
  };
}

function printerFor(type: ResourceType): Printer {
  if (type.custom) return customPrinter(type.custom.printerColumns);
  return printers[`${type.group}/${type.kind}`] ?? defaultPrinter;
}

function partialObjectMetadata(object: KubeObject): unknown {
  const metadata = { ...object.metadata };
  delete metadata.managedFields;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

/** toTable renders objects as a Table; watch events omit the column definitions, as the API server does. */
export function toTable(type: ResourceType, objects: KubeObject[], listMeta: Record<string, unknown>, options: { withColumns: boolean; includeObject: string }): unknown {
  const printer = printerFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: options.withColumns ? printer.columns : null,
    rows: objects.map((object) => ({
      cells: printer.cells(object),
      object: options.includeObject === 'None' ? null : options.includeObject === 'Object' ? object : partialObjectMetadata(object),
    })),
  };
}

/** wantsTable reads an Accept header: `application/json;as=Table;v=v1;g=meta.k8s.io`. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part) && /v=v1(beta1)?\b/.test(part));
}
