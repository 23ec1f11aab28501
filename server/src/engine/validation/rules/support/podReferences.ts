import { asList, asMap, asText } from '../../../manifests/plainData';
import type { YamlPath } from '../../Finding';
import { containersOf, type ContainerAt, type PodTemplate } from './podTemplates';
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
 * `optional: true` are left out. With `remember` (see rememberedPerValue), once per template: do
 * not change the list. `select` keeps only the references it says yes to (none remembered): only
 * they get a path. `containers` are the template's (containersOf, ephemeral ones included) when
 * the caller has them already.
 */
export function podReferences(template: PodTemplate, options: { remember?: boolean; select?: (kind: ReferencedKind, name: string) => boolean; containers?: readonly ContainerAt[] } = {}): readonly PodReference[] {
  const { remember = false, select } = options;
  const containers = (): readonly ContainerAt[] => options.containers ?? containersOf(template, remember);
  if (select) return listReferences(template, containers(), select);
  return rememberedPerValue(referencesByTemplate, template, remember, () => listReferences(template, containers(), everyReference));
}

// Templates are shared per document value (podTemplates), so their references are computed once.
const referencesByTemplate = new WeakMap<PodTemplate, readonly PodReference[]>();

function everyReference(): boolean {
  return true;
}

function listReferences(template: PodTemplate, containers: readonly ContainerAt[], select: (kind: ReferencedKind, name: string) => boolean): PodReference[] {
  // Paths are built only for the references kept: most entries (env values, empty volumes) are none.
  const references: PodReference[] = [];
  const { spec, specPath } = template;
  const keep = (kind: ReferencedKind, name: string | undefined): name is string => name !== undefined && select(kind, name);

  // serviceAccountName, else the deprecated serviceAccount: the first that names one (not "default").
  const accountName = asText(spec.serviceAccountName);
  const accountField = accountName !== undefined && accountName !== 'default' ? 'serviceAccountName' : 'serviceAccount';
  const account = asText(spec[accountField]);
  if (account !== undefined && account !== 'default' && select('ServiceAccount', account)) references.push({ kind: 'ServiceAccount', name: account, path: [...specPath, accountField] });
  const pullSecrets = asList(spec.imagePullSecrets);
  for (let index = 0; index < pullSecrets.length; index++) {
    const name = referencedName(pullSecrets[index], 'name');
    if (keep('Secret', name)) references.push({ kind: 'Secret', name, path: [...specPath, 'imagePullSecrets', index, 'name'] });
  }

  const volumes = asList(spec.volumes);
  for (let index = 0; index < volumes.length; index++) {
    const volume = asMap(volumes[index]);
    if (!volume) continue;
    const configMap = referencedName(volume.configMap, 'name');
    if (keep('ConfigMap', configMap)) references.push({ kind: 'ConfigMap', name: configMap, path: [...specPath, 'volumes', index, 'configMap', 'name'] });
    const secret = referencedName(volume.secret, 'secretName');
    if (keep('Secret', secret)) references.push({ kind: 'Secret', name: secret, path: [...specPath, 'volumes', index, 'secret', 'secretName'] });
    const claim = referencedName(volume.persistentVolumeClaim, 'claimName');
    if (keep('PersistentVolumeClaim', claim)) references.push({ kind: 'PersistentVolumeClaim', name: claim, path: [...specPath, 'volumes', index, 'persistentVolumeClaim', 'claimName'] });
    const sources = asList(asMap(volume.projected)?.sources);
    for (let sourceIndex = 0; sourceIndex < sources.length; sourceIndex++) {
      const source = asMap(sources[sourceIndex]);
      const sourceConfigMap = referencedName(source?.configMap, 'name');
      if (keep('ConfigMap', sourceConfigMap)) references.push({ kind: 'ConfigMap', name: sourceConfigMap, path: [...specPath, 'volumes', index, 'projected', 'sources', sourceIndex, 'configMap', 'name'] });
      const sourceSecret = referencedName(source?.secret, 'name');
      if (keep('Secret', sourceSecret)) references.push({ kind: 'Secret', name: sourceSecret, path: [...specPath, 'volumes', index, 'projected', 'sources', sourceIndex, 'secret', 'name'] });
    }
  }

  containers.forEach((at) => {
    const envFrom = asList(at.container.envFrom);
    for (let index = 0; index < envFrom.length; index++) {
      const item = asMap(envFrom[index]);
      const configMap = referencedName(item?.configMapRef, 'name');
      if (keep('ConfigMap', configMap)) references.push({ kind: 'ConfigMap', name: configMap, path: [...at.path, 'envFrom', index, 'configMapRef', 'name'] });
      const secret = referencedName(item?.secretRef, 'name');
      if (keep('Secret', secret)) references.push({ kind: 'Secret', name: secret, path: [...at.path, 'envFrom', index, 'secretRef', 'name'] });
    }
    const env = asList(at.container.env);
    for (let index = 0; index < env.length; index++) {
      const valueFrom = asMap(asMap(env[index])?.valueFrom);
      if (!valueFrom) continue;
      const configMap = referencedName(valueFrom.configMapKeyRef, 'name');
      if (keep('ConfigMap', configMap)) references.push({ kind: 'ConfigMap', name: configMap, path: [...at.path, 'env', index, 'valueFrom', 'configMapKeyRef', 'name'] });
      const secret = referencedName(valueFrom.secretKeyRef, 'name');
      if (keep('Secret', secret)) references.push({ kind: 'Secret', name: secret, path: [...at.path, 'env', index, 'valueFrom', 'secretKeyRef', 'name'] });
    }
  });
  return references;
}

/** referencedName is the name a reference map gives in `field`, unless the reference is optional. */
function referencedName(owner: unknown, field: string): string | undefined {
  const map = asMap(owner);
  return !map || map.optional === true ? undefined : asText(map[field]);
}
