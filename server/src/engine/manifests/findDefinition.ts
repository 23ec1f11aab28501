import * as fs from 'node:fs';
import * as path from 'node:path';
import type { YamlPath } from '../validation/Finding';
import type { ManifestDocument } from './ManifestDocument';
import { isKustomizationFile } from './readKustomization';
import { valueAtPath } from './valueAtPath';

/** DefinitionTarget is where a reference points: a document, or a file or folder of the repository. */
export type DefinitionTarget = { document: ManifestDocument } | { file: string };

const secretKinds = ['Secret', 'SealedSecret', 'ExternalSecret'];

/**
 * findDefinition resolves the reference under a path (configMapRef.name, secretName,
 * serviceAccountName, Flux sourceRef and dependsOn, Ingress backends, kustomization resources…)
 * to what defines it. Same-namespace definitions come first.
 */
export function findDefinition(args: { document: ManifestDocument; path: YamlPath; documents: readonly ManifestDocument[]; repoRoot: string }): DefinitionTarget[] {
  const { document, path: at } = args;
  const value = valueAtPath(document.value, at);
  if (typeof value !== 'string' || value === '') return [];
  const last = at[at.length - 1];
  const parent = at[at.length - 2];
  const grandParent = at[at.length - 3];
  const byKind = (kinds: string[], name = value, namespace?: string): DefinitionTarget[] => matching(args.documents, kinds, name, namespace ?? document.identity?.namespace, document.file);

  if (isKustomizationFile(document.file)) {
    const listKey = typeof parent === 'string' ? parent : undefined;
    if (typeof last === 'number' && listKey && ['resources', 'components', 'bases', 'patchesStrategicMerge', 'crds'].includes(listKey)) return fileTarget(document.file, value);
    if (last === 'path' && typeof grandParent === 'string' && ['patches', 'patchesJson6902'].includes(grandParent)) return fileTarget(document.file, value);
    return [];
  }
  if (last === 'name' && (parent === 'configMapRef' || parent === 'configMapKeyRef' || parent === 'configMap')) return byKind(['ConfigMap']);
  if (last === 'name' && (parent === 'secretRef' || parent === 'secretKeyRef')) return byKind(secretKinds);
  if (last === 'secretName' && parent === 'secret') return byKind(secretKinds);
  if (last === 'name' && grandParent === 'imagePullSecrets') return byKind(secretKinds);
  if (last === 'serviceAccountName' || last === 'serviceAccount') return byKind(['ServiceAccount']);
  if (last === 'claimName' && parent === 'persistentVolumeClaim') return byKind(['PersistentVolumeClaim']);
  if (last === 'name' && parent === 'service' && (grandParent === 'backend' || grandParent === 'defaultBackend')) return byKind(['Service']);
  if (last === 'name' && (parent === 'sourceRef' || parent === 'scaleTargetRef' || parent === 'targetRef' || parent === 'chartRef')) {
    const reference = valueAtPath(document.value, at.slice(0, -1)) as Record<string, unknown>;
    const kind = typeof reference.kind === 'string' ? reference.kind : parent === 'sourceRef' ? 'GitRepository' : undefined;
    const namespace = typeof reference.namespace === 'string' ? reference.namespace : undefined;
    return kind ? byKind([kind], value, namespace) : [];
  }
  if (last === 'name' && grandParent === 'dependsOn' && document.identity) {
    const reference = valueAtPath(document.value, at.slice(0, -1)) as Record<string, unknown>;
    const namespace = typeof reference.namespace === 'string' ? reference.namespace : undefined;
    return byKind([document.identity.kind], value, namespace);
  }
  if (document.identity?.group === 'kustomize.toolkit.fluxcd.io' && at.length === 2 && at[0] === 'spec' && last === 'path') {
    return directoryTarget(path.resolve(args.repoRoot, value.replace(/^\.?\//, '')));
  }
  return [];
}

function matching(documents: readonly ManifestDocument[], kinds: string[], name: string, namespace: string | undefined, fromFile: string): DefinitionTarget[] {
  const candidates = documents.filter((candidate) => candidate.identity && kinds.includes(candidate.identity.kind) && candidate.identity.name === name);
  const sameNamespace = candidates.filter((candidate) => namespace === undefined || candidate.identity?.namespace === undefined || candidate.identity.namespace === namespace);
  const pool = sameNamespace.length > 0 ? sameNamespace : candidates;
  // Environments usually share a directory tree: the definitions nearest the reference win.
  const closeness = (file: string): number =>
    sharedDirectoryDepth(file, fromFile) + (path.dirname(file) === path.dirname(fromFile) ? 0.5 : 0) + (file === fromFile ? 0.25 : 0);
  const best = Math.max(-1, ...pool.map((candidate) => closeness(candidate.file)));
  return pool.filter((candidate) => closeness(candidate.file) === best).map((found) => ({ document: found }));
}

function sharedDirectoryDepth(a: string, b: string): number {
  const left = path.dirname(a).split(path.sep);
  const right = path.dirname(b).split(path.sep);
  let depth = 0;
  while (depth < left.length && depth < right.length && left[depth] === right[depth]) depth++;
  return depth;
}

function fileTarget(kustomizationFile: string, entry: string): DefinitionTarget[] {
  if (/^[a-z]+:\/\/|^git@|\?ref=/.test(entry)) return [];
  return directoryTarget(path.resolve(path.dirname(kustomizationFile), entry));
}

function directoryTarget(target: string): DefinitionTarget[] {
  try {
    if (!fs.statSync(target).isDirectory()) return [{ file: target }];
  } catch {
    return [];
  }
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    if (fs.existsSync(path.join(target, name))) return [{ file: path.join(target, name) }];
  }
  const first = fs.readdirSync(target).filter((name) => /\.ya?ml$/i.test(name)).sort()[0];
  return first ? [{ file: path.join(target, first) }] : [];
}
