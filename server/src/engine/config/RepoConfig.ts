import type { RuleSetting } from '../validation/Finding';

/** reconcilers lists who makes a cluster match Git, in display order. */
export const reconcilers = ['push', 'flux', 'argocd'] as const;
export type Reconciler = (typeof reconcilers)[number];

/** EnvironmentConfig is one entry of `environments:` in .gitops-workbench.yaml. */
export interface EnvironmentConfig {
  name: string;
  paths: string[];
  context?: string;
  namespace?: string;
  reconciler?: Reconciler;
  branch?: string;
}

/** IgnoreDifference is one `ignoreDifferences:` entry, shaped like Argo CD's. */
export interface IgnoreDifference {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

/** RepoConfig is the repository's .gitops-workbench.yaml as plain data. */
export interface RepoConfig {
  environments: EnvironmentConfig[];
  ignoreDifferences: IgnoreDifference[];
  rules: Record<string, RuleSetting>;
}

/** repoConfigFileName is where the repository config lives, at the repository root. */
export const repoConfigFileName = '.gitops-workbench.yaml';

export function emptyRepoConfig(): RepoConfig {
  return { environments: [], ignoreDifferences: [], rules: {} };
}
