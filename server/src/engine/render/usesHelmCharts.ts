import type { ManifestIndex } from '../environments/ManifestIndex';
import { asList, asMap } from '../manifests/plainData';

/** usesHelmCharts tells whether a kustomization, or one it takes in, inflates Helm charts (`helmCharts:`). */
export function usesHelmCharts(args: { index: ManifestIndex; kustomizationFile: string; seen?: Set<string> }): boolean {
  const { index } = args;
  const seen = args.seen ?? new Set<string>();
  if (seen.has(args.kustomizationFile)) return false;
  seen.add(args.kustomizationFile);
  const value = asMap(index.byFile.get(args.kustomizationFile)?.find((document) => asMap(document.value))?.value);
  if (asList(value?.helmCharts).length > 0) return true;
  for (const entry of index.kustomizations.get(args.kustomizationFile)?.entries ?? []) {
    if (!entry.absolutePath || !['resource', 'base', 'component'].includes(entry.role)) continue;
    const nested = index.kustomizationIn(entry.absolutePath);
    if (nested && usesHelmCharts({ index, kustomizationFile: nested, seen })) return true;
  }
  return false;
}
