import type { ManifestDocument, ResourceIdentity } from '../../../manifests/ManifestDocument';
import { asList, asText, valueAt, type PlainMap } from '../../../manifests/plainData';
import type { ReferencedKind } from './podReferences';
import { podTemplates } from './podTemplates';
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
 * rememberedPerValue), once per value: do not change it.
 */
export function documentDefinitions(document: ManifestDocument, identity: ResourceIdentity, remember = false): DocumentDefinitions {
  return rememberedPerValue(definitionsByValue, document.value, remember, () => readDefinitions(document, identity, remember));
}

function readDefinitions(document: ManifestDocument, identity: ResourceIdentity, remember: boolean): DocumentDefinitions {
  const value = document.value;
  const named: Array<[DefinedKind, string]> = [];
  const claimTemplates: string[] = [];
  const add = (kind: DefinedKind, name: unknown): void => {
    const text = asText(name);
    if (text !== undefined) named.push([kind, text]);
  };
  switch (`${identity.group}/${identity.kind}`) {
    case '/ConfigMap':
    case '/Secret':
    case '/ServiceAccount':
    case '/PersistentVolumeClaim':
    case '/Service':
      add(identity.kind as DefinedKind, identity.name);
      break;
    case 'bitnami.com/SealedSecret':
      add('Secret', identity.name);
      add('Secret', valueAt(value, ['spec', 'template', 'metadata', 'name']));
      break;
    case 'external-secrets.io/ExternalSecret':
      add('Secret', asText(valueAt(value, ['spec', 'target', 'name'])) ?? identity.name);
      break;
    case 'cert-manager.io/Certificate':
      add('Secret', valueAt(value, ['spec', 'secretName']));
      break;
    case 'apps/StatefulSet':
      for (const item of asList(valueAt(value, ['spec', 'volumeClaimTemplates']))) {
        const template = asText(valueAt(item, ['metadata', 'name']));
        if (template !== undefined) claimTemplates.push(template);
      }
      break;
  }
  return { named, claimTemplates, workloadLabels: podTemplates(document, remember).map((template) => template.labels) };
}
