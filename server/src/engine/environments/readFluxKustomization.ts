import type { ManifestDocument } from '../manifests/ManifestDocument';
import { asList, asMap, asText, type PlainMap } from '../manifests/plainData';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { documentLine } from '../validation/rules/support/documentLine';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import type { FluxKustomization, FluxSourceRef, FluxSubstituteFrom } from './Environment';
import type { ManifestIndex } from './ManifestIndex';

/** isFluxKustomization tells a `kustomize.toolkit.fluxcd.io` Kustomization from other documents. */
export function isFluxKustomization(document: ManifestDocument): boolean {
  return document.identity?.kind === 'Kustomization' && document.identity.group === 'kustomize.toolkit.fluxcd.io';
}

/**
 * readFluxKustomization reads what rendering and discovery need from a Flux Kustomization, with
 * its GitRepository (url, branch) looked up among the repository's documents. A missing
 * `spec.path` is the source root, as in Flux.
 */
export function readFluxKustomization(args: { document: ManifestDocument; index: ManifestIndex }): FluxKustomization {
  const { document, index } = args;
  const identity = document.identity;
  const spec = asMap(asMap(document.value)?.spec) ?? {};
  const written = asText(spec.path) ?? '';
  const postBuild = asMap(spec.postBuild);
  const metadata = asMap(spec.commonMetadata);
  return {
    name: identity?.name ?? '',
    namespace: identity?.namespace,
    file: repoRelativePath(index.root, document.file),
    line: documentLine(document),
    path: written.includes('${') ? written : repoRelativePath(index.root, resolveRepoPath(index.root, written)),
    sourceRef: readSourceRef(asMap(spec.sourceRef), identity?.namespace, index),
    targetNamespace: asText(spec.targetNamespace),
    dependsOn: asList(spec.dependsOn)
      .map(asMap)
      .filter((entry): entry is PlainMap => asText(entry?.name) !== undefined)
      .map((entry) => ({ name: entry.name as string, ...(asText(entry.namespace) ? { namespace: entry.namespace as string } : {}) })),
    postBuild: postBuild
      ? {
          substitute: stringMap(postBuild.substitute),
          substituteFrom: asList(postBuild.substituteFrom)
            .map(asMap)
            .filter((entry): entry is PlainMap => (entry?.kind === 'ConfigMap' || entry?.kind === 'Secret') && asText(entry.name) !== undefined)
            .map((entry): FluxSubstituteFrom => ({ kind: entry.kind as 'ConfigMap' | 'Secret', name: entry.name as string, optional: entry.optional === true })),
        }
      : undefined,
    patches: [...asList(spec.patches)],
    images: [...asList(spec.images)],
    components: asList(spec.components).filter((entry): entry is string => typeof entry === 'string'),
    namePrefix: asText(spec.namePrefix),
    nameSuffix: asText(spec.nameSuffix),
    commonMetadata: metadata ? { labels: stringMap(metadata.labels), annotations: stringMap(metadata.annotations) } : undefined,
    suspended: spec.suspend === true,
  };
}

function readSourceRef(reference: PlainMap | undefined, ownNamespace: string | undefined, index: ManifestIndex): FluxSourceRef {
  const kind = asText(reference?.kind) ?? 'GitRepository';
  const name = asText(reference?.name) ?? '';
  const namespace = asText(reference?.namespace) ?? ownNamespace;
  const result: FluxSourceRef = { kind, name, ...(namespace ? { namespace } : {}), inThisRepository: false };
  if (kind !== 'GitRepository') return result;
  const candidates = index
    .ofKind('source.toolkit.fluxcd.io', 'GitRepository')
    .filter((candidate) => candidate.identity?.name === name && (namespace === undefined || candidate.identity.namespace === undefined || candidate.identity.namespace === namespace));
  const spec = asMap(asMap(candidates[0]?.value)?.spec);
  const url = asText(spec?.url);
  const branch = asText(asMap(spec?.ref)?.branch);
  if (url !== undefined) result.url = url;
  if (branch !== undefined) result.branch = branch;
  // An undefined GitRepository is most often the bootstrap one, created by `flux bootstrap` for this repository.
  result.inThisRepository = url === undefined || index.isThisRepository(url);
  return result;
}

function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asMap(value) ?? {})) {
    if (typeof entry === 'string') result[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') result[key] = String(entry);
  }
  return result;
}
