import * as fs from 'node:fs';
import type { ManifestIndex } from '../environments/ManifestIndex';
import { locateInDocument } from '../manifests/locateInDocument';
import type { ManifestDocument, ResourceIdentity } from '../manifests/ManifestDocument';
import { asList, asMap, asText } from '../manifests/plainData';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { documentLine } from '../validation/rules/support/documentLine';
import type { ObjectOrigin } from './RenderedObject';

const generatorFields: Record<string, string> = {
  ConfigMapGenerator: 'configMapGenerator',
  SecretGenerator: 'secretGenerator',
  HelmChartInflationGenerator: 'helmCharts',
};

/**
 * locateOrigin finds the file and line a rendered object came from, best first:
 * 1. the file kustomize's origin annotation names: the document of that kind whose name the
 *    rendered name contains (namePrefix/nameSuffix/hash added), else the first of that kind;
 * 2. the generator entry (configMapGenerator, secretGenerator, helmCharts) of the kustomization
 *    that the annotation's `configuredIn` names;
 * 3. a template file (Helm's `# Source:`): the line of its `kind:`;
 * 4. the repository document with the same identity among `candidates` (kind and group, then the
 *    longest name the rendered name contains, the same namespace first).
 */
export function locateOrigin(args: {
  index: ManifestIndex;
  identity: ResourceIdentity;
  originFile?: string;
  configuredIn?: string;
  configuredBy?: string;
  templateFile?: string;
  candidates: readonly ManifestDocument[];
}): ObjectOrigin | undefined {
  const { index, identity } = args;
  const at = (file: string, line: number): ObjectOrigin => ({ file: repoRelativePath(index.root, file), line });
  if (args.originFile) {
    const documents = index.byFile.get(args.originFile) ?? [];
    const best = bestMatch(identity, documents.filter((document) => document.identity?.kind === identity.kind)) ?? documents[0];
    return at(args.originFile, best ? documentLine(best) : 1);
  }
  if (args.configuredIn) {
    const document = index.byFile.get(args.configuredIn)?.find((candidate) => asMap(candidate.value));
    const field = generatorFields[args.configuredBy ?? ''];
    const entries = field && document ? asList(asMap(document.value)?.[field]) : [];
    let position = -1;
    let longest = -1;
    entries.forEach((entry, i) => {
      const name = asText(asMap(entry)?.name) ?? asText(asMap(entry)?.releaseName) ?? '';
      if (identity.name.includes(name) && name.length > longest) {
        longest = name.length;
        position = i;
      }
    });
    if (document && position !== -1) return at(args.configuredIn, locateInDocument({ document, path: [field, position] }).start.line + 1);
    return at(args.configuredIn, document ? documentLine(document) : 1);
  }
  if (args.templateFile) return at(args.templateFile, kindLine(args.templateFile, identity.kind));
  const sameKind = args.candidates.filter((document) => document.identity?.kind === identity.kind && document.identity.group === identity.group);
  const best = bestMatch(identity, sameKind);
  return best ? at(best.file, documentLine(best)) : undefined;
}

function bestMatch(identity: ResourceIdentity, documents: readonly ManifestDocument[]): ManifestDocument | undefined {
  const score = (document: ManifestDocument): number => {
    const name = document.identity?.name ?? '';
    if (name === '' || !identity.name.includes(name)) return -1;
    const exact = name === identity.name ? 1000 : 0;
    const namespace = document.identity?.namespace === identity.namespace ? 500 : 0;
    return exact + namespace + name.length;
  };
  let best: ManifestDocument | undefined;
  let bestScore = -1;
  for (const document of documents) {
    const value = score(document);
    if (value > bestScore) {
      best = document;
      bestScore = value;
    }
  }
  return best;
}

function kindLine(file: string, kind: string): number {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const found = lines.findIndex((line) => new RegExp(`^\\s*kind:\\s*["']?${kind}["']?\\s*$`).test(line));
    return found === -1 ? 1 : found + 1;
  } catch {
    return 1;
  }
}
