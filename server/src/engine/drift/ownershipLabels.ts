/** The labels and annotations reconcilers put on the objects they apply. */
export const fluxNameLabel = 'kustomize.toolkit.fluxcd.io/name';
export const fluxNamespaceLabel = 'kustomize.toolkit.fluxcd.io/namespace';
export const argoTrackingAnnotation = 'argocd.argoproj.io/tracking-id';
export const argoInstanceLabel = 'app.kubernetes.io/instance';
export const applySetPartOfLabel = 'applyset.kubernetes.io/part-of';
