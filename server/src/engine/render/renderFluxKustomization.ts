import * as path from 'node:path';
import type { FluxKustomization } from '../environments/Environment';
import { asMap, type PlainMap } from '../manifests/plainData';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import { buildKustomization, type BuiltObject } from './buildKustomization';
import { postBuildVariables } from './postBuildVariables';
import { addRendered, messageOf, type RenderContext } from './RenderContext';
import { kustomizeNotFoundReason } from './RenderTools';
import { substituteObject } from './substituteObject';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { readSortedEntries } from './readSortedEntries';

/**
 * renderFluxKustomization builds one Flux Kustomization as kustomize-controller does: the
 * `spec.path` directory's kustomization, or (without one) a generated kustomization listing every
 * YAML file of the tree and every subdirectory with a kustomization; `targetNamespace`, `patches`,
 * `images`, `components`, `namePrefix`/`nameSuffix` added on top; load restrictions off (Flux
 * builds with LoadRestrictionsNone, inside the repository) and every plugin off (Flux's
 * DisabledPluginConfig: `helmCharts` are not inflated); then postBuild substitution and
 * `commonMetadata`. Sources other than this repository are listed as not rendered.
 */
export async function renderFluxKustomization(args: { context: RenderContext; kustomization: FluxKustomization; label?: string }): Promise<void> {
  const { context, kustomization } = args;
  const { index, tools, options } = context;
  const label = args.label ?? `Flux Kustomization ${kustomization.namespace ? `${kustomization.namespace}/` : ''}${kustomization.name}`;
  const where = { source: label, file: kustomization.file, line: kustomization.line };
  const { sourceRef } = kustomization;
  if (!sourceRef.inThisRepository) {
    const what = sourceRef.kind === 'GitRepository' ? `GitRepository ${sourceRef.name} (${sourceRef.url ?? 'url unknown'}) is another repository` : `its source is ${sourceRef.kind} ${sourceRef.name}, not this repository`;
    context.notRendered.push({ ...where, code: 'OtherRepository', reason: `${what}; its files are not here` });
    return;
  }
  if (kustomization.path.includes('${')) {
    context.notRendered.push({ ...where, code: 'Unsupported', reason: `spec.path "${kustomization.path}" uses a variable that Flux substitutes from the cluster` });
    return;
  }
  const directory = resolveRepoPath(index.root, kustomization.path);
  if (!index.isDirectory(directory)) {
    context.notRendered.push({ ...where, code: 'PathMissing', reason: `spec.path "${kustomization.path}" is not a directory of this repository` });
    return;
  }
  if (!tools.kustomize) {
    context.notRendered.push({ ...where, code: 'KustomizeNotFound', reason: kustomizeNotFoundReason });
    return;
  }
  const overlay: PlainMap = {};
  if (kustomization.targetNamespace) overlay.namespace = kustomization.targetNamespace;
  if (kustomization.namePrefix) overlay.namePrefix = kustomization.namePrefix;
  if (kustomization.nameSuffix) overlay.nameSuffix = kustomization.nameSuffix;
  if (kustomization.patches.length > 0) overlay.patches = kustomization.patches;
  if (kustomization.images.length > 0) overlay.images = kustomization.images;
  const hasKustomization = index.kustomizationIn(directory) !== undefined;
  let built: BuiltObject[];
  try {
    built = await buildKustomization({
      kustomize: tools.kustomize,
      ...(hasKustomization ? { directory } : { resources: fluxGeneratedResources(context, directory) }),
      overlay,
      components: kustomization.components.map((component) => path.resolve(directory, component)),
      loadRestrictor: 'LoadRestrictionsNone',
      env: options.env,
      timeoutMs: options.toolTimeoutMs,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const helmHint = /helm/i.test(messageOf(error)) ? ' (Flux builds with plugins disabled, so kustomize helmCharts do not work there either)' : '';
    context.notRendered.push({ ...where, code: 'BuildFailed', reason: `${tools.kustomize.label} failed: ${messageOf(error)}${helmHint}` });
    return;
  }
  const { variables, problems } = postBuildVariables({ index, kustomization });
  context.problems.push(...problems);
  if (variables) {
    try {
      for (const object of built) object.value = substituteObject({ object: object.value, variables, strict: options.strictSubstitution });
    } catch (error) {
      // Flux fails the whole Kustomization when one object cannot be substituted.
      context.notRendered.push({ ...where, code: 'SubstitutionFailed', reason: messageOf(error) });
      return;
    }
  }
  if (kustomization.commonMetadata) for (const object of built) applyCommonMetadata(object.value, kustomization.commonMetadata);
  addRendered(context, built, label);
}

/** fluxGeneratedResources lists what Flux's generated kustomization takes in from a plain directory. */
function fluxGeneratedResources(context: RenderContext, directory: string): string[] {
  const resources: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readSortedEntries(current)) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '.git') continue;
        if (context.index.kustomizationIn(full)) resources.push(full);
        else walk(full);
      } else if (/\.ya?ml$/.test(entry.name)) {
        const documents = context.index.byFile.get(full);
        // Files the index lacks are ignored by git (so not in Flux's artifact) or do not parse.
        if (!documents) continue;
        if (documents.some((document) => document.identity)) resources.push(full);
        else context.problems.push({ severity: 'warning', file: repoRelativePath(context.index.root, full), message: 'not a Kubernetes manifest: Flux fails to build a directory with such a YAML file (and no kustomization.yaml); skipped here' });
      }
    }
  };
  walk(directory);
  return resources;
}

function applyCommonMetadata(object: PlainMap, common: { labels: Record<string, string>; annotations: Record<string, string> }): void {
  const metadata = asMap(object.metadata) ?? {};
  object.metadata = metadata;
  if (Object.keys(common.labels).length > 0) metadata.labels = { ...(asMap(metadata.labels) ?? {}), ...common.labels };
  if (Object.keys(common.annotations).length > 0) metadata.annotations = { ...(asMap(metadata.annotations) ?? {}), ...common.annotations };
}
