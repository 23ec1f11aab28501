import { asList, asMap, asText, type PlainMap } from '../../../manifests/plainData';
import type { YamlPath } from '../../Finding';
import { containersOf, type PodTemplate } from './podTemplates';
import { rememberedPerValue } from './rememberedPerValue';

/** The kinds a pod spec refers to by name. */
export type ReferencedKind = 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim';

/** PodReference is one by-name reference of a pod spec, at the path of the name. */
export interface PodReference {
  kind: ReferencedKind;
  name: string;
  path: YamlPath;
}

/**
 * podReferences lists what a pod spec needs to exist: envFrom configMapRef/secretRef,
 * valueFrom configMapKeyRef/secretKeyRef, configMap/secret/projected/persistentVolumeClaim
 * volumes, serviceAccountName (not "default") and imagePullSecrets. References marked
 * `optional: true` are left out. With `remember` (see rememberedPerValue), once per template: do not change the list.
 */
export function podReferences(template: PodTemplate, remember = false): readonly PodReference[] {
  return rememberedPerValue(referencesByTemplate, template, remember, () => listReferences(template, remember));
}

// Templates are shared per document value (podTemplates), so their references are computed once.
const referencesByTemplate = new WeakMap<PodTemplate, readonly PodReference[]>();

function listReferences(template: PodTemplate, remember: boolean): PodReference[] {
  const references: PodReference[] = [];
  const { spec, specPath } = template;
  const add = (kind: ReferencedKind, owner: PlainMap | undefined, field: string, ownerPath: YamlPath): void => {
    if (!owner || owner.optional === true) return;
    const name = asText(owner[field]);
    if (name !== undefined) references.push({ kind, name, path: [...ownerPath, field] });
  };

  for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
    const name = asText(spec[field]);
    if (name !== undefined && name !== 'default') {
      references.push({ kind: 'ServiceAccount', name, path: [...specPath, field] });
      break;
    }
  }
  asList(spec.imagePullSecrets).forEach((item, index) => add('Secret', asMap(item), 'name', [...specPath, 'imagePullSecrets', index]));

  asList(spec.volumes).forEach((item, index) => {
    const volume = asMap(item);
    if (!volume) return;
    const volumePath = [...specPath, 'volumes', index];
    add('ConfigMap', asMap(volume.configMap), 'name', [...volumePath, 'configMap']);
    add('Secret', asMap(volume.secret), 'secretName', [...volumePath, 'secret']);
    add('PersistentVolumeClaim', asMap(volume.persistentVolumeClaim), 'claimName', [...volumePath, 'persistentVolumeClaim']);
    asList(asMap(volume.projected)?.sources).forEach((source, sourceIndex) => {
      const sourcePath = [...volumePath, 'projected', 'sources', sourceIndex];
      add('ConfigMap', asMap(asMap(source)?.configMap), 'name', [...sourcePath, 'configMap']);
      add('Secret', asMap(asMap(source)?.secret), 'name', [...sourcePath, 'secret']);
    });
  });

  for (const at of containersOf(template, { ephemeral: true, remember })) {
    asList(at.container.envFrom).forEach((item, index) => {
      const envFrom = asMap(item);
      add('ConfigMap', asMap(envFrom?.configMapRef), 'name', [...at.path, 'envFrom', index, 'configMapRef']);
      add('Secret', asMap(envFrom?.secretRef), 'name', [...at.path, 'envFrom', index, 'secretRef']);
    });
    asList(at.container.env).forEach((item, index) => {
      const valueFrom = asMap(asMap(item)?.valueFrom);
      const valueFromPath = [...at.path, 'env', index, 'valueFrom'];
      add('ConfigMap', asMap(valueFrom?.configMapKeyRef), 'name', [...valueFromPath, 'configMapKeyRef']);
      add('Secret', asMap(valueFrom?.secretKeyRef), 'name', [...valueFromPath, 'secretKeyRef']);
    });
  }
  return references;
}
