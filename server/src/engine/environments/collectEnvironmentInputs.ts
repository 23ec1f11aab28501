import * as path from 'node:path';
import { asList, asMap, asText } from '../manifests/plainData';
import { isRemoteKustomizeReference } from '../manifests/isRemoteKustomizeReference';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import type { ManifestIndex } from './ManifestIndex';

/**
 * collectEnvironmentInputs lists what an environment's paths depend on, so that history and the
 * render cache see a change to a shared base:
 * - a file is itself; a directory with a kustomization is its kustomization file plus, recursively,
 *   every local resource, base, component, patch, generator file, CRD, transformer/generator/
 *   validator config, replacement source and helm chart (chartHome/<name>) and values file;
 * - a plain directory is the whole directory (Flux and `kubectl apply -R` take its tree), plus what
 *   the kustomizations inside it pull in from outside;
 * - then, for every HelmRelease in those inputs, its chart directory and values files when the chart
 *   comes from this repository, and the ConfigMaps/Secrets its `valuesFrom` names;
 * - `extra` entries (absolute) are added as they are (e.g. substituteFrom ConfigMap files).
 * Entries are repository-relative, sorted, and none lies inside another listed directory.
 */
export function collectEnvironmentInputs(args: { index: ManifestIndex; paths: readonly string[]; extra?: readonly string[] }): string[] {
  const { index } = args;
  const inputs = new Set<string>();
  const visited = new Set<string>();

  const addKustomization = (file: string): void => {
    if (visited.has(file)) return;
    visited.add(file);
    inputs.add(file);
    const kustomization = index.kustomizations.get(file);
    if (!kustomization) return;
    for (const entry of kustomization.entries) {
      if (!entry.absolutePath) continue;
      if (['resource', 'base', 'component'].includes(entry.role)) addPath(entry.absolutePath);
      else inputs.add(entry.absolutePath);
    }
    const value = asMap(index.documentsOf(file).find((document) => asMap(document.value))?.value) ?? {};
    for (const field of ['transformers', 'generators', 'validators', 'configurations']) {
      for (const item of asList(value[field])) {
        // Inline transformer configs are YAML text; only single-line local paths are files.
        if (typeof item === 'string' && !item.includes('\n') && !isRemoteKustomizeReference(item)) addPath(path.resolve(kustomization.directory, item.trim()));
      }
    }
    for (const item of asList(value.replacements)) {
      const replacementPath = asText(asMap(item)?.path);
      if (replacementPath) inputs.add(path.resolve(kustomization.directory, replacementPath));
    }
    const openapiPath = asText(asMap(value.openapi)?.path);
    if (openapiPath) inputs.add(path.resolve(kustomization.directory, openapiPath));
    const chartHome = asText(asMap(value.helmGlobals)?.chartHome) ?? 'charts';
    for (const item of asList(value.helmCharts)) {
      const name = asText(asMap(item)?.name);
      const chartDirectory = name ? path.resolve(kustomization.directory, chartHome, name) : undefined;
      if (chartDirectory && index.isDirectory(chartDirectory)) inputs.add(chartDirectory);
    }
  };

  const addPath = (absolutePath: string): void => {
    if (index.isFile(absolutePath)) {
      inputs.add(absolutePath);
      return;
    }
    if (!index.isDirectory(absolutePath)) {
      // A missing path is still an input: creating it changes the environment.
      inputs.add(absolutePath);
      return;
    }
    const kustomizationFile = index.kustomizationIn(absolutePath);
    if (kustomizationFile) {
      addKustomization(kustomizationFile);
      return;
    }
    inputs.add(absolutePath);
    const prefix = absolutePath + path.sep;
    for (const file of index.kustomizations.keys()) if (file.startsWith(prefix)) addKustomization(file);
  };

  for (const written of args.paths) addPath(resolveRepoPath(index.root, written));
  addHelmReleaseInputs(index, inputs);
  for (const extra of args.extra ?? []) inputs.add(extra);
  return collapse(index.root, inputs);
}

/** addHelmReleaseInputs adds the in-repository charts, values files and valuesFrom documents of the HelmReleases among the inputs. */
function addHelmReleaseInputs(index: ManifestIndex, inputs: Set<string>): void {
  const covered = (file: string): boolean => [...inputs].some((input) => input === file || file.startsWith(input + path.sep));
  for (const document of index.ofKind('helm.toolkit.fluxcd.io', 'HelmRelease')) {
    if (!covered(document.file)) continue;
    const spec = asMap(asMap(document.value)?.spec);
    const chartSpec = asMap(asMap(spec?.chart)?.spec);
    const sourceRef = asMap(chartSpec?.sourceRef);
    if (chartSpec && sourceRef?.kind === 'GitRepository') {
      const chart = asText(chartSpec.chart);
      if (chart) inputs.add(resolveRepoPath(index.root, chart));
      for (const file of asList(chartSpec.valuesFiles)) if (typeof file === 'string') inputs.add(resolveRepoPath(index.root, file));
    }
    const namespace = document.identity?.namespace;
    for (const reference of asList(spec?.valuesFrom).map(asMap)) {
      const kind = asText(reference?.kind);
      const name = asText(reference?.name);
      if (!name || (kind !== 'ConfigMap' && kind !== 'Secret')) continue;
      for (const found of index.ofKind('', kind)) {
        if (found.identity?.name === name && (namespace === undefined || found.identity.namespace === undefined || found.identity.namespace === namespace)) inputs.add(found.file);
      }
    }
  }
}

/** collapse makes the inputs repository-relative, sorted, without entries inside a listed directory. */
function collapse(root: string, inputs: ReadonlySet<string>): string[] {
  const sorted = [...new Set([...inputs].map((input) => repoRelativePath(root, input)))].filter((input) => !input.startsWith('../')).sort();
  const result: string[] = [];
  for (const input of sorted) {
    if (result.some((kept) => kept === '.' || input.startsWith(`${kept}/`))) continue;
    result.push(input);
  }
  return result;
}
