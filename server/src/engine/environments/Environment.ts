import type { Reconciler } from '../config/RepoConfig';

/** Where an environment was found. */
export type EnvironmentSource = 'flux' | 'argocd' | 'kustomize' | 'config';

/** FluxSourceRef is a Flux Kustomization's `sourceRef`, with what the repository says about it. */
export interface FluxSourceRef {
  kind: string;
  name: string;
  namespace?: string;
  /** The GitRepository's `spec.url`, when the repository defines it. */
  url?: string;
  /** The GitRepository's `spec.ref.branch`, when the repository defines it. */
  branch?: string;
  /** False when the source is another repository, an OCIRepository or a Bucket: its files are not here. */
  inThisRepository: boolean;
}

/** FluxSubstituteFrom is one `spec.postBuild.substituteFrom` entry. */
export interface FluxSubstituteFrom {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  optional: boolean;
}

/** FluxKustomization is one `kustomize.toolkit.fluxcd.io` Kustomization as far as environments and rendering need it. */
export interface FluxKustomization {
  name: string;
  namespace?: string;
  /** Repository-relative file of the Kustomization document, and its 1-based line. */
  file: string;
  line: number;
  /** `spec.path`, repository-relative ("." for the root). */
  path: string;
  sourceRef: FluxSourceRef;
  targetNamespace?: string;
  dependsOn: { name: string; namespace?: string }[];
  /** `spec.postBuild`, when present (Flux substitutes only then). */
  postBuild?: { substitute: Record<string, string>; substituteFrom: FluxSubstituteFrom[] };
  /** The rest of the spec that changes the build: patches, images, components, namePrefix/Suffix, commonMetadata. */
  patches: unknown[];
  images: unknown[];
  components: string[];
  namePrefix?: string;
  nameSuffix?: string;
  commonMetadata?: { labels: Record<string, string>; annotations: Record<string, string> };
  suspended: boolean;
}

/** ArgoSource is one source of an Argo CD Application. */
export interface ArgoSource {
  repoURL?: string;
  /** Repository-relative path, when the source is a directory of this repository. */
  path?: string;
  targetRevision?: string;
  /** Helm chart name, for sources from a Helm repository. */
  chart?: string;
  /** `ref` of a multi-source values source. */
  ref?: string;
  inThisRepository: boolean;
  /** The source's tool options as written (`helm`, `kustomize`, `directory`, `plugin`). */
  helm?: Record<string, unknown>;
  kustomize?: Record<string, unknown>;
  directory?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
}

/** ArgoApplication is one Argo CD Application, written in the repository or produced by an ApplicationSet. */
export interface ArgoApplication {
  name: string;
  namespace?: string;
  file: string;
  line: number;
  /** Set when an ApplicationSet produced the Application: the ApplicationSet's name. */
  applicationSet?: string;
  sources: ArgoSource[];
  destination: { server?: string; name?: string; namespace?: string };
  project?: string;
}

/**
 * Environment is one place the repository's desired state goes to: a Flux cluster, an Argo CD
 * Application, a kustomize overlay, or an entry of .gitops-workbench.yaml.
 */
export interface Environment {
  name: string;
  source: EnvironmentSource;
  /** Repository-relative files and directories that make up the environment, sorted. */
  paths: string[];
  /**
   * Repository-relative files and directories the environment depends on: its paths and all they
   * pull in (kustomize resources, components, patches, generator files, charts, substitution
   * ConfigMaps…), sorted and deduplicated (nothing listed inside a listed directory).
   */
  inputs: string[];
  namespace?: string;
  context?: string;
  reconciler?: Reconciler;
  branch?: string;
  flux?: { kustomizations: FluxKustomization[] };
  argocd?: { applications: ArgoApplication[] };
}

/** EnvironmentProblem is something discovery could not make sense of, with where it is. */
export interface EnvironmentProblem {
  /** Repository-relative file, when the problem is about one. */
  file?: string;
  line?: number;
  message: string;
}

/** DiscoveredEnvironments is the result of discovery: the environments and what was skipped. */
export interface DiscoveredEnvironments {
  environments: Environment[];
  problems: EnvironmentProblem[];
}
