import type { ManifestDocument, ResourceIdentity } from '../../../manifests/ManifestDocument';
import { asList, asText, valueAt, type PlainMap } from '../../../manifests/plainData';
import type { ReferencedKind } from './podReferences';
import { podTemplates, type PodTemplate } from './podTemplates';
import { rememberedPerValue } from './rememberedPerValue';

/** DefinedKind is a kind whose objects are referenced by name (pod references, Ingress backends). */
export type DefinedKind = ReferencedKind | 'Service';

/** DocumentDefinitions is what one document defines, before its environment gives it a namespace. */
export interface DocumentDefinitions {
  named: ReadonlyArray<readonly [DefinedKind, string]>;
  /** StatefulSet volumeClaimTemplates names. */
  claimTemplates: readonly string[];
  /** Pod labels of its workload templates. */
  workloadLabels: readonly PlainMap[];
}

// Inventories are rebuilt for every edit of their environment; what a document defines depends on
// its value alone (the parse of one text, plain data nobody changes), so it is read once per value.
const definitionsByValue = new WeakMap<object, DocumentDefinitions>();

/**
 * documentDefinitions lists what a document defines: ConfigMaps, Secrets (also from SealedSecret,
 * ExternalSecret, cert-manager Certificate), ServiceAccounts, PersistentVolumeClaims and Services by
 * name, StatefulSet claim templates and workloads' pod labels. With `remember` (see
 * rememberedPerValue), once per value: do not change it. `templates` are the document's pod
 * templates when the caller has them already.
 */
export function documentDefinitions(document: ManifestDocument, identity: ResourceIdentity, options: { remember?: boolean; templates?: readonly PodTemplate[] } = {}): DocumentDefinitions {
  const { remember = false, templates } = options;
  return rememberedPerValue(definitionsByValue, document.value, remember, () => readDefinitions(document, identity, templates ?? podTemplates(document, remember)));
}

const nothingDefined: DocumentDefinitions = { named: [], claimTemplates: [], workloadLabels: [] };

function readDefinitions(document: ManifestDocument, identity: ResourceIdentity, templates: readonly PodTemplate[]): DocumentDefinitions {
  const value = document.value;
  let named: Array<[DefinedKind, string]> | undefined;
  let claimTemplates: string[] | undefined;
  const add = (kind: DefinedKind, name: unknown): void => {
    const text = asText(name);
    if (text !== undefined) (named ??= []).push([kind, text]);
  };
  // Kind first, then group: no "group/Kind" text is made for every document.
  switch (identity.kind) {
    case 'ConfigMap':
    case 'Secret':
    case 'ServiceAccount':
    case 'PersistentVolumeClaim':
    case 'Service':
      if (identity.group === '') add(identity.kind, identity.name);
      break;
    case 'SealedSecret':
      if (identity.group !== 'bitnami.com') break;
      add('Secret', identity.name);
      add('Secret', valueAt(value, ['spec', 'template', 'metadata', 'name']));
      break;
    case 'ExternalSecret':
      if (identity.group === 'external-secrets.io') add('Secret', asText(valueAt(value, ['spec', 'target', 'name'])) ?? identity.name);
      break;
    case 'Certificate':
      if (identity.group === 'cert-manager.io') add('Secret', valueAt(value, ['spec', 'secretName']));
      break;
    case 'StatefulSet':
      if (identity.group !== 'apps') break;
      for (const item of asList(valueAt(value, ['spec', 'volumeClaimTemplates']))) {
        const template = asText(valueAt(item, ['metadata', 'name']));
        if (template !== undefined) (claimTemplates ??= []).push(template);
      }
      break;
  }
  // Most documents define one thing or nothing: the empty lists are shared.
  if (!named && !claimTemplates && templates.length === 0) return nothingDefined;
  return { named: named ?? nothingDefined.named, claimTemplates: claimTemplates ?? nothingDefined.claimTemplates, workloadLabels: templates.length === 0 ? nothingDefined.workloadLabels : templates.map((template) => template.labels) };
}
