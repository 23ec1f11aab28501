import type { ManifestDocument } from '../manifests/ManifestDocument';
import type { FluxKustomization, FluxSubstituteFrom } from './Environment';
import type { ManifestIndex } from './ManifestIndex';

/** SubstitutionSource is one `postBuild.substituteFrom` entry and the document that defines it here, if any. */
export interface SubstitutionSource extends FluxSubstituteFrom {
  document?: ManifestDocument;
}

/**
 * findSubstitutionSources finds the ConfigMaps and Secrets a Flux Kustomization substitutes from.
 * Flux reads them from the Kustomization's own namespace; a document without a namespace (set by
 * a kustomization at build time) matches too, and the nearest to the Kustomization's file wins.
 */
export function findSubstitutionSources(args: { index: ManifestIndex; kustomization: FluxKustomization }): SubstitutionSource[] {
  const { index, kustomization } = args;
  return (kustomization.postBuild?.substituteFrom ?? []).map((reference) => {
    const candidates = index
      .ofKind('', reference.kind)
      .filter((document) => document.identity?.name === reference.name && (document.identity.namespace === undefined || kustomization.namespace === undefined || document.identity.namespace === kustomization.namespace));
    const exact = candidates.filter((document) => document.identity?.namespace !== undefined);
    const pool = exact.length > 0 ? exact : candidates;
    const from = kustomization.file.split('/');
    const shared = (file: string): number => {
      const parts = file.slice(index.root.length + 1).split('/');
      let depth = 0;
      while (depth < parts.length && depth < from.length && parts[depth] === from[depth]) depth++;
      return depth;
    };
    const best = [...pool].sort((a, b) => shared(b.file) - shared(a.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))[0];
    return { ...reference, ...(best ? { document: best } : {}) };
  });
}
