import * as path from 'node:path';
import type { YamlPath } from '../validation/Finding';
import { isRemoteKustomizeReference } from './isRemoteKustomizeReference';
import { asList, asMap, asText } from './plainData';

/** The file names kustomize recognises as a kustomization, in the order it looks for them. */
export const kustomizationFileNames: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** What a kustomization entry is for. Only resources, bases and components bring objects in. */
export type KustomizationEntryRole =
  | 'resource'
  | 'base'
  | 'component'
  | 'patch'
  | 'patchStrategicMerge'
  | 'patchJson6902'
  | 'generatorFile'
  | 'generatorEnv'
  | 'crd'
  | 'helmValuesFile';

/** KustomizationEntry is one local or remote file or directory a kustomization names. */
export interface KustomizationEntry {
  role: KustomizationEntryRole;
  /** The field as a user reads it, e.g. "resources", "configMapGenerator files". */
  field: string;
  /** Path of the entry's value in the kustomization document. */
  path: YamlPath;
  /** The file or directory as written (for generator files, the part after `key=`). */
  value: string;
  /** Absolute path, resolved against the kustomization's directory; undefined for remote entries. */
  absolutePath?: string;
  remote: boolean;
}

/** KustomizeImage is one entry of a kustomization's `images:` transformer. */
export interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Kustomization is the part of a kustomization.yaml that validation and environments need. */
export interface Kustomization {
  file: string;
  directory: string;
  kind: 'Kustomization' | 'Component';
  namespace?: string;
  namePrefix: string;
  nameSuffix: string;
  entries: KustomizationEntry[];
  /** Names (unprefixed) of the ConfigMaps and Secrets that the generators produce. */
  generatedConfigMaps: string[];
  generatedSecrets: string[];
  images: KustomizeImage[];
}

/** isKustomizationFile says whether a path names a kustomization file by its base name. */
export function isKustomizationFile(file: string): boolean {
  return kustomizationFileNames.includes(path.basename(file));
}

/**
 * readKustomization reads a kustomization document's entries, resolved to absolute paths against
 * the file's directory. Returns undefined when the value is not a kustomization (not a map, or a
 * resource of another group such as a Flux Kustomization). Never throws on odd shapes.
 */
export function readKustomization(args: { file: string; value: unknown }): Kustomization | undefined {
  const map = asMap(args.value);
  if (!map) return undefined;
  const apiVersion = map.apiVersion;
  if (apiVersion !== undefined && !(typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/'))) return undefined;
  const directory = path.dirname(args.file);
  const entries: KustomizationEntry[] = [];
  const add = (role: KustomizationEntryRole, field: string, entryPath: YamlPath, raw: unknown, value?: string): void => {
    const written = value ?? asText(raw);
    if (written === undefined || written.trim() === '') return;
    const remote = isRemoteKustomizeReference(written);
    entries.push({ role, field, path: entryPath, value: written, remote, absolutePath: remote ? undefined : path.resolve(directory, written.trim()) });
  };
  const addList = (role: KustomizationEntryRole, field: string): void => {
    asList(map[field]).forEach((item, index) => add(role, field, [field, index], item));
  };
  addList('resource', 'resources');
  addList('base', 'bases');
  addList('component', 'components');
  addList('crd', 'crds');
  asList(map.patches).forEach((item, index) => add('patch', 'patches path', ['patches', index, 'path'], asMap(item)?.path));
  asList(map.patchesStrategicMerge).forEach((item, index) => {
    // Entries may be inline patches (YAML text) rather than files.
    if (typeof item === 'string' && !/[\n:{]/.test(item.trim())) add('patchStrategicMerge', 'patchesStrategicMerge', ['patchesStrategicMerge', index], item);
  });
  asList(map.patchesJson6902).forEach((item, index) => add('patchJson6902', 'patchesJson6902 path', ['patchesJson6902', index, 'path'], asMap(item)?.path));
  const generatedConfigMaps: string[] = [];
  const generatedSecrets: string[] = [];
  for (const [field, names] of [['configMapGenerator', generatedConfigMaps], ['secretGenerator', generatedSecrets]] as const) {
    asList(map[field]).forEach((item, index) => {
      const generator = asMap(item);
      if (!generator) return;
      const name = asText(generator.name);
      if (name !== undefined) names.push(name);
      asList(generator.files).forEach((file, fileIndex) => {
        if (typeof file !== 'string') return;
        const equals = file.indexOf('=');
        add('generatorFile', `${field} files`, [field, index, 'files', fileIndex], file, equals === -1 ? file : file.slice(equals + 1));
      });
      asList(generator.envs).forEach((env, envIndex) => add('generatorEnv', `${field} envs`, [field, index, 'envs', envIndex], env));
      add('generatorEnv', `${field} env`, [field, index, 'env'], generator.env);
    });
  }
  asList(map.helmCharts).forEach((item, index) => {
    const chart = asMap(item);
    if (!chart) return;
    add('helmValuesFile', 'helmCharts valuesFile', ['helmCharts', index, 'valuesFile'], chart.valuesFile);
    asList(chart.additionalValuesFiles).forEach((file, fileIndex) =>
      add('helmValuesFile', 'helmCharts additionalValuesFiles', ['helmCharts', index, 'additionalValuesFiles', fileIndex], file));
  });
  const images: KustomizeImage[] = [];
  for (const item of asList(map.images)) {
    const image = asMap(item);
    const name = asText(image?.name);
    if (!image || name === undefined) continue;
    const newTag = typeof image.newTag === 'number' ? String(image.newTag) : asText(image.newTag);
    images.push({ name, newName: asText(image.newName), newTag, digest: asText(image.digest) });
  }
  return {
    file: args.file,
    directory,
    kind: map.kind === 'Component' ? 'Component' : 'Kustomization',
    namespace: asText(map.namespace),
    namePrefix: asText(map.namePrefix) ?? '',
    nameSuffix: asText(map.nameSuffix) ?? '',
    entries,
    generatedConfigMaps,
    generatedSecrets,
    images,
  };
}
