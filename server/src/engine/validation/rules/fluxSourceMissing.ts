import { asMap, asText, valueAt } from '../../manifests/plainData';
import type { YamlPath } from '../Finding';
import type { DocumentFinding, RepositoryRule } from '../Rule';
import { isFluxDocument } from './support/isFluxDocument';

const sourceGroup = 'source.toolkit.fluxcd.io';

/** Which source kinds each reference may name. */
const allowedKinds = {
  kustomization: ['GitRepository', 'OCIRepository', 'Bucket'],
  chartSpec: ['HelmRepository', 'GitRepository', 'Bucket'],
  chartRef: ['OCIRepository', 'HelmChart'],
} as const;

/**
 * flux-source-missing: a Flux Kustomization's `spec.sourceRef`, a HelmRelease's
 * `spec.chart.spec.sourceRef` or `spec.chartRef` names a source (source.toolkit.fluxcd.io) that no
 * document of the repository defines. The namespace defaults to the referrer's; namespaces are
 * compared only when both sides have one.
 */
export const fluxSourceMissing: RepositoryRule = {
  id: 'flux-source-missing',
  defaultSeverity: 'error',
  description: 'A Flux Kustomization or HelmRelease refers to a source that the repository does not define.',
  scope: 'repository',
  concerns: isFluxDocument,
  check({ documents }) {
    const sources = new Map<string, (string | undefined)[]>();
    for (const document of documents) {
      const identity = document.identity;
      if (!identity || identity.group !== sourceGroup || identity.name === '') continue;
      const key = `${identity.kind}/${identity.name}`;
      const list = sources.get(key);
      if (list) list.push(identity.namespace);
      else sources.set(key, [identity.namespace]);
    }
    const findings: DocumentFinding[] = [];
    for (const document of documents) {
      const identity = document.identity;
      if (!identity) continue;
      const refs: { path: YamlPath; kinds: readonly string[]; defaultKind?: string }[] = [];
      if (identity.group === 'kustomize.toolkit.fluxcd.io' && identity.kind === 'Kustomization') {
        refs.push({ path: ['spec', 'sourceRef'], kinds: allowedKinds.kustomization, defaultKind: 'GitRepository' });
      } else if (identity.group === 'helm.toolkit.fluxcd.io' && identity.kind === 'HelmRelease') {
        refs.push({ path: ['spec', 'chart', 'spec', 'sourceRef'], kinds: allowedKinds.chartSpec });
        refs.push({ path: ['spec', 'chartRef'], kinds: allowedKinds.chartRef });
      } else {
        continue;
      }
      for (const { path, kinds, defaultKind } of refs) {
        const ref = asMap(valueAt(document.value, path));
        const name = asText(ref?.name);
        if (!ref || name === undefined || name.includes('${')) continue;
        const kind = asText(ref.kind) ?? defaultKind;
        if (kind === undefined || !kinds.includes(kind)) continue;
        const namespace = asText(ref.namespace) ?? identity.namespace;
        const defined = sources.get(`${kind}/${name}`) ?? [];
        if (defined.some((sourceNamespace) => sourceNamespace === undefined || namespace === undefined || sourceNamespace === namespace)) continue;
        const where = namespace !== undefined ? ` in namespace "${namespace}"` : '';
        const elsewhere = defined.length > 0 ? ` (one is defined in namespace "${defined[0]}")` : '';
        findings.push({ document, path: [...path, 'name'], message: `${kind} "${name}"${where} is not defined in this repository${elsewhere}` });
      }
    }
    return findings;
  },
};
