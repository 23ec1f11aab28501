import type { ManifestDocument } from '../manifests/ManifestDocument';
import { asList, asMap, asText, type PlainMap } from '../manifests/plainData';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { documentLine } from '../validation/rules/support/documentLine';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import type { ArgoApplication, ArgoSource } from './Environment';
import type { ManifestIndex } from './ManifestIndex';

/** isArgoApplication tells an Argo CD Application from other documents. */
export function isArgoApplication(document: ManifestDocument): boolean {
  return document.identity?.kind === 'Application' && document.identity.group === 'argoproj.io';
}

/**
 * readArgoApplication reads an Application value (written in the repository, or produced by an
 * ApplicationSet from `document`): `spec.source` or `spec.sources[]`, destination and project.
 */
export function readArgoApplication(args: { value: unknown; document: ManifestDocument; index: ManifestIndex; applicationSet?: string }): ArgoApplication {
  const { index } = args;
  const map = asMap(args.value) ?? {};
  const metadata = asMap(map.metadata) ?? {};
  const spec = asMap(map.spec) ?? {};
  const written = spec.sources !== undefined ? asList(spec.sources) : [spec.source];
  const sources = written.map(asMap).filter((source): source is PlainMap => source !== undefined).map((source) => readSource(source, index));
  const destination = asMap(spec.destination) ?? {};
  const application: ArgoApplication = {
    name: asText(metadata.name) ?? '',
    file: repoRelativePath(index.root, args.document.file),
    line: documentLine(args.document),
    sources,
    destination: {
      ...(asText(destination.server) ? { server: destination.server as string } : {}),
      ...(asText(destination.name) ? { name: destination.name as string } : {}),
      ...(asText(destination.namespace) ? { namespace: destination.namespace as string } : {}),
    },
  };
  const namespace = asText(metadata.namespace);
  if (namespace) application.namespace = namespace;
  if (args.applicationSet) application.applicationSet = args.applicationSet;
  const project = asText(spec.project);
  if (project) application.project = project;
  return application;
}

function readSource(source: PlainMap, index: ManifestIndex): ArgoSource {
  const repoURL = asText(source.repoURL);
  const chart = asText(source.chart);
  const written = asText(source.path);
  const result: ArgoSource = { inThisRepository: chart === undefined && index.isThisRepository(repoURL) };
  if (repoURL) result.repoURL = repoURL;
  if (chart) result.chart = chart;
  const revision = source.targetRevision;
  if (typeof revision === 'string' || typeof revision === 'number') result.targetRevision = String(revision);
  const ref = asText(source.ref);
  if (ref) result.ref = ref;
  if (written !== undefined) result.path = result.inThisRepository && !/\{\{|\$/.test(written) ? repoRelativePath(index.root, resolveRepoPath(index.root, written)) : written;
  for (const tool of ['helm', 'kustomize', 'directory', 'plugin'] as const) {
    const options = asMap(source[tool]);
    if (options) result[tool] = options;
  }
  return result;
}
