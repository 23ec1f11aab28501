import type { ManifestDocument } from '../../../manifests/ManifestDocument';
import { asMap, valueAt, type PlainMap } from '../../../manifests/plainData';
import type { YamlPath } from '../../Finding';
import { rememberedPerValue } from './rememberedPerValue';

/** PodTemplate is one pod spec inside a workload document, with its path and labels. */
export interface PodTemplate {
  /** Path of the pod spec (the map holding containers, volumes…). */
  specPath: YamlPath;
  spec: PlainMap;
  /** The pod's labels (metadata.labels of the Pod or of the template); {} when none. */
  labels: PlainMap;
}

const templatePaths: Readonly<Record<string, { groups: readonly string[]; path: YamlPath }>> = {
  Pod: { groups: [''], path: [] },
  PodTemplate: { groups: [''], path: ['template'] },
  ReplicationController: { groups: [''], path: ['spec', 'template'] },
  Deployment: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  StatefulSet: { groups: ['apps'], path: ['spec', 'template'] },
  DaemonSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  ReplicaSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  Job: { groups: ['batch'], path: ['spec', 'template'] },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template'] },
  Rollout: { groups: ['argoproj.io'], path: ['spec', 'template'] },
};

const noTemplates: readonly PodTemplate[] = [];

// Several rules ask for the templates of every document of an environment on every edit; a
// document's value is the parse of one text, so it keys the answer (with the kind it was read as).
const templatesByValue = new WeakMap<object, { kind: string; group: string; templates: readonly PodTemplate[] }>();

/**
 * podTemplates finds the pod spec of a workload (Pod, Deployment, …, CronJob, Argo Rollout). With
 * `remember` (see rememberedPerValue) the list is shared between calls: do not change it.
 */
export function podTemplates(document: ManifestDocument, remember = false): readonly PodTemplate[] {
  const identity = document.identity;
  if (!identity) return noTemplates;
  const known = Object.prototype.hasOwnProperty.call(templatePaths, identity.kind) ? templatePaths[identity.kind] : undefined;
  if (!known || !known.groups.includes(identity.group)) return noTemplates;
  const read = (): { kind: string; group: string; templates: readonly PodTemplate[] } => {
    const template = asMap(valueAt(document.value, known.path));
    const spec = asMap(template?.spec);
    return { kind: identity.kind, group: identity.group, templates: !template || !spec ? noTemplates : [{ specPath: [...known.path, 'spec'], spec, labels: asMap(asMap(template.metadata)?.labels) ?? {} }] };
  };
  let found = rememberedPerValue(templatesByValue, document.value, remember, read);
  if (found.kind !== identity.kind || found.group !== identity.group) found = read();
  return found.templates;
}

/** ContainerAt is one container of a pod spec and its path. */
export interface ContainerAt {
  path: YamlPath;
  container: PlainMap;
  field: 'containers' | 'initContainers' | 'ephemeralContainers';
}

const containersByTemplate = { withEphemeral: new WeakMap<PodTemplate, readonly ContainerAt[]>(), withoutEphemeral: new WeakMap<PodTemplate, readonly ContainerAt[]>() };

/**
 * containersOf lists the containers, init containers and (optionally) ephemeral containers of a pod
 * spec. With `remember`, once per template (see podTemplates): do not change the list.
 */
export function containersOf(template: PodTemplate, options: { ephemeral: boolean; remember?: boolean }): readonly ContainerAt[] {
  const cache = options.ephemeral ? containersByTemplate.withEphemeral : containersByTemplate.withoutEphemeral;
  return rememberedPerValue(cache, template, options.remember ?? false, () => listContainers(template, options));
}

function listContainers(template: PodTemplate, options: { ephemeral: boolean }): ContainerAt[] {
  const fields = options.ephemeral ? (['containers', 'initContainers', 'ephemeralContainers'] as const) : (['containers', 'initContainers'] as const);
  const result: ContainerAt[] = [];
  for (const field of fields) {
    const list = template.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      const container = asMap(item);
      if (container) result.push({ path: [...template.specPath, field, index], container, field });
    });
  }
  return result;
}

/** containerLabel names a container in messages: `container "app"` or `init container "setup"`. */
export function containerLabel(at: ContainerAt): string {
  const name = typeof at.container.name === 'string' ? at.container.name : `#${String(at.path[at.path.length - 1])}`;
  const word = at.field === 'initContainers' ? 'init container' : at.field === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${word} "${name}"`;
}
