import { invalid, type StatusCause } from './errors';
import type { PrinterColumn, ResourceType, ScaleSubresource } from './resourceTypes';
import type { KubeObject } from './store';

/** CustomResourceDefinition handling: validation, defaulting, status, and the resource types a CRD serves. */

export function validateCrd(crd: KubeObject): void {
  const spec = crd.spec ?? {};
  const causes: StatusCause[] = [];
  const plural = spec.names?.plural;
  if (!spec.group) causes.push({ reason: 'FieldValueRequired', field: 'spec.group', message: 'Required value' });
  if (!plural) causes.push({ reason: 'FieldValueRequired', field: 'spec.names.plural', message: 'Required value' });
  if (!spec.names?.kind) causes.push({ reason: 'FieldValueRequired', field: 'spec.names.kind', message: 'Required value' });
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') causes.push({ reason: 'FieldValueNotSupported', field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"` });
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) causes.push({ reason: 'FieldValueRequired', field: 'spec.versions', message: 'Required value: must have exactly one version marked as storage version' });
  else if (spec.versions.filter((version: KubeObject) => version.storage).length !== 1) causes.push({ field: 'spec.versions', message: 'Invalid value: must have exactly one version marked as storage version' });
  if (plural && spec.group && crd.metadata?.name !== `${plural}.${spec.group}`) causes.push({ field: 'metadata.name', message: `Invalid value: "${crd.metadata?.name}": must be spec.names.plural+"."+spec.group` });
  if (causes.length > 0) throw invalid('apiextensions.k8s.io', 'CustomResourceDefinition', String(crd.metadata?.name ?? ''), causes);
}

export function defaultCrd(crd: KubeObject): void {
  const spec = crd.spec;
  spec.names.singular ??= String(spec.names.kind).toLowerCase();
  spec.names.listKind ??= `${spec.names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  const storage = spec.versions.find((version: KubeObject) => version.storage)?.name;
  const previous: string[] = crd.status?.storedVersions ?? [];
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string, reason: string, message: string) => ({ type, status: 'True', lastTransitionTime: now, reason, message });
  const existing: KubeObject[] = Array.isArray(crd.status?.conditions) ? crd.status.conditions : [];
  const keep = (type: string, fresh: KubeObject) => existing.find((c) => c.type === type && c.status === 'True') ?? fresh;
  crd.status = {
    conditions: [keep('NamesAccepted', condition('NamesAccepted', 'NoConflicts', 'no conflicts found')), keep('Established', condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'))],
    acceptedNames: { ...spec.names },
    storedVersions: storage && !previous.includes(storage) ? [...previous, storage] : previous,
  };
}

/** resourceTypesOf lists one resource type per served version of the CRD. */
export function resourceTypesOf(crd: KubeObject): ResourceType[] {
  const spec = crd.spec;
  return (spec.versions as KubeObject[]).filter((version) => version.served !== false).map((version) => {
    const subresources = version.subresources ?? spec.subresources ?? {};
    const scale: ScaleSubresource | undefined = subresources.scale
      ? { specReplicasPath: subresources.scale.specReplicasPath, statusReplicasPath: subresources.scale.statusReplicasPath, labelSelectorPath: subresources.scale.labelSelectorPath }
      : undefined;
    const printerColumns: PrinterColumn[] = version.additionalPrinterColumns ?? spec.additionalPrinterColumns ?? [];
    return {
      group: spec.group,
      version: version.name,
      resource: spec.names.plural,
      singular: spec.names.singular ?? String(spec.names.kind).toLowerCase(),
      kind: spec.names.kind,
      namespaced: spec.scope === 'Namespaced',
      shortNames: spec.names.shortNames ?? [],
      categories: spec.names.categories ?? [],
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      status: subresources.status !== undefined,
      scale,
      generation: true,
      custom: { printerColumns, schema: version.schema?.openAPIV3Schema },
    };
  });
}
