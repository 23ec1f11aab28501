import { asMap } from '../manifests/plainData';
import { argoInstanceLabel, argoTrackingAnnotation, fluxNameLabel, fluxNamespaceLabel } from '../drift/ownershipLabels';
import { managerOwnsField } from './managerOwnsField';

/**
 * otherOwnerOf says which other reconciler marks a live object as its own, or undefined: Flux's
 * labels (kustomize.toolkit.fluxcd.io/name and /namespace), Argo CD's tracking-id annotation, or
 * Argo CD's legacy instance label (app.kubernetes.io/instance). A mark counts only when
 * `fieldManager` (GitOps Workbench's) did not write it — a chart's own instance label, applied
 * from Git by the sync, is not Argo CD's.
 */
export function otherOwnerOf(args: { object: Record<string, unknown>; fieldManager: string }): string | undefined {
  const metadata = asMap(args.object.metadata) ?? {};
  const labels = asMap(metadata.labels) ?? {};
  const annotations = asMap(metadata.annotations) ?? {};
  const written = (kind: 'labels' | 'annotations', key: string): boolean => managerOwnsField({ object: args.object, manager: args.fieldManager, path: ['metadata', kind, key] }) === true;
  const fluxName = labels[fluxNameLabel];
  if (typeof fluxName === 'string' && fluxName !== '' && !written('labels', fluxNameLabel)) {
    const fluxNamespace = typeof labels[fluxNamespaceLabel] === 'string' ? `${labels[fluxNamespaceLabel] as string}/` : '';
    return `Flux Kustomization ${fluxNamespace}${fluxName} (labels ${fluxNameLabel})`;
  }
  const tracking = annotations[argoTrackingAnnotation];
  if (typeof tracking === 'string' && tracking !== '' && !written('annotations', argoTrackingAnnotation)) {
    return `Argo CD Application ${tracking.split(':')[0]} (annotation ${argoTrackingAnnotation})`;
  }
  const instance = labels[argoInstanceLabel];
  if (typeof instance === 'string' && instance !== '' && !written('labels', argoInstanceLabel)) {
    return `Argo CD Application ${instance} (label ${argoInstanceLabel}, Argo CD's legacy tracking)`;
  }
  return undefined;
}
