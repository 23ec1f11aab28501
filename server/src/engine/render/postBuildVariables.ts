import { Buffer } from 'node:buffer';
import type { FluxKustomization } from '../environments/Environment';
import { findSubstitutionSources } from '../environments/findSubstitutionSources';
import type { ManifestIndex } from '../environments/ManifestIndex';
import { asMap } from '../manifests/plainData';
import type { RenderProblem } from './RenderedObject';

/**
 * postBuildVariables gathers a Flux Kustomization's substitution variables, as kustomize-controller
 * does: `substituteFrom` ConfigMaps and Secrets in order (their `data`, Secrets base64-decoded; a
 * Secret's `stringData` too, since the repository holds manifests, not API objects; later sources
 * win), then `substitute`, which wins over both; newlines are removed from values. Returns
 * undefined when Flux would not substitute at all: no `postBuild`, or no variable.
 * Sources are looked up in the repository (Flux reads them from the cluster).
 */
export function postBuildVariables(args: { index: ManifestIndex; kustomization: FluxKustomization }): { variables?: Record<string, string>; problems: RenderProblem[] } {
  const { kustomization } = args;
  const problems: RenderProblem[] = [];
  if (!kustomization.postBuild) return { problems };
  const where = { file: kustomization.file, line: kustomization.line };
  const variables: Record<string, string> = {};
  for (const source of findSubstitutionSources({ index: args.index, kustomization })) {
    if (!source.document) {
      if (!source.optional) {
        problems.push({ severity: 'error', ...where, message: `postBuild.substituteFrom ${source.kind}/${source.name} is not defined in this repository (Flux reads it from the cluster); its variables are not substituted here` });
      }
      continue;
    }
    const value = asMap(source.document.value) ?? {};
    if (source.kind === 'Secret' && asMap(value.sops)) {
      problems.push({ severity: 'warning', ...where, message: `postBuild.substituteFrom Secret/${source.name} is SOPS-encrypted; its variables are not substituted here` });
      continue;
    }
    for (const [key, entry] of Object.entries(asMap(value.data) ?? {})) {
      const text = entry === null || entry === undefined ? '' : String(entry);
      variables[key] = (source.kind === 'Secret' ? Buffer.from(text, 'base64').toString('utf8') : text).replace(/\n/g, '');
    }
    if (source.kind === 'Secret') for (const [key, entry] of Object.entries(asMap(value.stringData) ?? {})) variables[key] = String(entry ?? '').replace(/\n/g, '');
  }
  for (const [key, value] of Object.entries(kustomization.postBuild.substitute)) variables[key] = value.replace(/\n/g, '');
  return Object.keys(variables).length > 0 ? { variables, problems } : { problems };
}
