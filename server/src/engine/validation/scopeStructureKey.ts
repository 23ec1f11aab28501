import type { ManifestDocument } from '../manifests/ManifestDocument';
import { asMap, valueAt } from '../manifests/plainData';
import { isKustomizationFile } from '../manifests/readKustomization';

/**
 * scopeStructureKey sums up what of a file decides the shape of the validation scopes
 * (buildValidationScopes): whether it has documents and resources, a kustomization file's content
 * (by its version), and what its Flux Kustomizations and Argo CD Applications point at. While no
 * file's key changes (and the repository's files and directories stay), the scopes keep their files.
 */
export function scopeStructureKey(args: { file: string; documents: readonly ManifestDocument[]; version: number }): string {
  const { documents } = args;
  let key = documents.length === 0 ? '0' : documents.some((document) => document.identity) ? '2' : '1';
  if (isKustomizationFile(args.file)) key += `|kustomization@${args.version}`;
  for (const document of documents) {
    const identity = document.identity;
    if (!identity) continue;
    if (identity.kind === 'Kustomization' && identity.group === 'kustomize.toolkit.fluxcd.io') {
      const spec = valueAt(document.value, ['spec']);
      key += `|flux:${JSON.stringify([valueAt(spec, ['sourceRef', 'kind']) ?? null, valueAt(spec, ['path']) ?? null, valueAt(spec, ['targetNamespace']) ?? null])}`;
    } else if (identity.kind === 'Application' && identity.group === 'argoproj.io') {
      const spec = asMap(asMap(document.value)?.spec);
      key += `|argo:${JSON.stringify([spec?.source ?? null, spec?.sources ?? null])}`;
    }
  }
  return key;
}
