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

/** TemplatePlace is where a workload kind keeps its pod template. */
interface TemplatePlace {
  groups: readonly string[];
  path: YamlPath;
  /** `path` then 'spec', shared by every template of the kind (paths are never changed). */
  specPath: YamlPath;
}

function place(groups: readonly string[], path: YamlPath): TemplatePlace {
  return { groups, path, specPath: [...path, 'spec'] };
}

// A Map, not a record: kinds come from documents, so `constructor` or `__proto__` must find nothing.
const templatePlaces: ReadonlyMap<string, TemplatePlace> = new Map([
  ['Pod', place([''], [])],
  ['PodTemplate', place([''], ['template'])],
  ['ReplicationController', place([''], ['spec', 'template'])],
  ['Deployment', place(['apps', 'extensions'], ['spec', 'template'])],
  ['StatefulSet', place(['apps'], ['spec', 'template'])],
  ['DaemonSet', place(['apps', 'extensions'], ['spec', 'template'])],
  ['ReplicaSet', place(['apps', 'extensions'], ['spec', 'template'])],
  ['Job', place(['batch'], ['spec', 'template'])],
  ['CronJob', place(['batch'], ['spec', 'jobTemplate', 'spec', 'template'])],
  ['Rollout', place(['argoproj.io'], ['spec', 'template'])],
]);

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
  const known = templatePlaces.get(identity.kind);
  if (!known || !known.groups.includes(identity.group)) return noTemplates;
  // Without remembering, the answer needs no record of the kind it was read as.
  if (!remember) return readTemplates(document.value, known);
  let found = rememberedPerValue(templatesByValue, document.value, true, () => ({ kind: identity.kind, group: identity.group, templates: readTemplates(document.value, known) }));
  if (found.kind !== identity.kind || found.group !== identity.group) found = { kind: identity.kind, group: identity.group, templates: readTemplates(document.value, known) };
  return found.templates;
}

function readTemplates(value: unknown, known: TemplatePlace): readonly PodTemplate[] {
  const template = asMap(valueAt(value, known.path));
  const spec = asMap(template?.spec);
  return !template || !spec ? noTemplates : [{ specPath: known.specPath, spec, labels: asMap(asMap(template.metadata)?.labels) ?? {} }];
}

/** ContainerAt is one container of a pod spec and its path. */
export interface ContainerAt {
  path: YamlPath;
  container: PlainMap;
  field: 'containers' | 'initContainers' | 'ephemeralContainers';
}

const containersByTemplate = new WeakMap<PodTemplate, readonly ContainerAt[]>();

/**
 * containersOf lists the containers, init containers and ephemeral containers of a pod spec (each
 * says its field: rules that skip some look at it). With `remember`, once per template (see
 * podTemplates): do not change the list.
 */
export function containersOf(template: PodTemplate, remember = false): readonly ContainerAt[] {
  return rememberedPerValue(containersByTemplate, template, remember, () => listContainers(template));
}

const containerFields = ['containers', 'initContainers', 'ephemeralContainers'] as const;

function listContainers(template: PodTemplate): ContainerAt[] {
  const result: ContainerAt[] = [];
  containerFields.forEach((field) => {
    const list = template.spec[field];
    if (!Array.isArray(list)) return;
    for (let index = 0; index < list.length; index++) {
      const container = asMap(list[index]);
      if (container) result.push({ path: [...template.specPath, field, index], container, field });
    }
  });
  return result;
}

/**
 * podContainers lists, for each pod template of a document (podTemplates), its containers, init
 * containers and ephemeral containers (containersOf). With `remember`, once per value: do not
 * change the lists.
 */
export function podContainers(document: ManifestDocument, remember = false): ReadonlyArray<readonly ContainerAt[]> {
  return podTemplates(document, remember).map((template) => containersOf(template, remember));
}

/** containerLabel names a container in messages: `container "app"` or `init container "setup"`. */
export function containerLabel(at: ContainerAt): string {
  const name = typeof at.container.name === 'string' ? at.container.name : `#${String(at.path[at.path.length - 1])}`;
  const word = at.field === 'initContainers' ? 'init container' : at.field === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${word} "${name}"`;
}
