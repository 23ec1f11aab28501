/**
 * Plain data exchanged between the VS Code client and the language server in the `gitops/…`
 * requests (see requests.ts). No engine imports: the client bundles this file. Lines are
 * zero-based, as in LSP positions; files are `file:` URIs unless the field says otherwise.
 */

/** Where an environment was found. */
export type EnvironmentSourceDto = 'flux' | 'argocd' | 'kustomize' | 'config';

/** Who makes the cluster match Git. */
export type ReconcilerDto = 'push' | 'flux' | 'argocd';

/** FluxKustomizationDto is one Flux Kustomization of an environment. */
export interface FluxKustomizationDto {
  name: string;
  namespace?: string;
  /** Repository-relative `spec.path`. */
  path: string;
  sourceRef: { kind: string; name: string; namespace?: string; url?: string; branch?: string; inThisRepository: boolean };
  targetNamespace?: string;
  dependsOn: { name: string; namespace?: string }[];
  suspended: boolean;
  location: LocationDto;
}

/** ArgoApplicationDto is one Argo CD Application of an environment. */
export interface ArgoApplicationDto {
  name: string;
  namespace?: string;
  applicationSet?: string;
  sources: { repoURL?: string; path?: string; targetRevision?: string; chart?: string; inThisRepository: boolean }[];
  destination: { server?: string; name?: string; namespace?: string };
  project?: string;
  location: LocationDto;
}

/** EnvironmentDto is one environment of the repository. */
export interface EnvironmentDto {
  name: string;
  source: EnvironmentSourceDto;
  /** Repository-relative paths that make up the environment. */
  paths: string[];
  /** Repository-relative files and directories the environment depends on. */
  inputs: string[];
  namespace?: string;
  context?: string;
  reconciler?: ReconcilerDto;
  branch?: string;
  flux?: { kustomizations: FluxKustomizationDto[] };
  argocd?: { applications: ArgoApplicationDto[] };
}

/** LocationDto is a place in a file: a `file:` URI and a zero-based line. */
export interface LocationDto {
  uri: string;
  line: number;
}

/** ProblemDto is something the server could not make sense of, with where when known. */
export interface ProblemDto {
  severity: 'error' | 'warning';
  message: string;
  location?: LocationDto;
}

/** Parameters naming the repository: any folder or file inside it, as a `file:` URI. */
export interface RepositoryParams {
  folderUri: string;
}

export type ListEnvironmentsParams = RepositoryParams;

export interface ListEnvironmentsResult {
  /** Absolute path of the repository root the environments belong to. */
  root: string;
  environments: EnvironmentDto[];
  problems: ProblemDto[];
}

export interface RenderEnvironmentParams extends RepositoryParams {
  environment: string;
}

/** RenderedObjectDto is one object of an environment's desired state. */
export interface RenderedObjectDto {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** The whole object, as JSON. */
  object: Record<string, unknown>;
  /** Where it came from, to jump to source. */
  origin?: LocationDto;
  producedBy: string;
}

/** NotRenderedDto is a part of the environment that has no rendered objects. */
export interface NotRenderedDto {
  source: string;
  /** HelmNotFound, KustomizeNotFound, RemoteChart, OtherRepository, Unsupported, BuildFailed, SubstitutionFailed, PathMissing. */
  code: string;
  reason: string;
  location?: LocationDto;
}

export interface RenderEnvironmentResult {
  environment: string;
  objects: RenderedObjectDto[];
  notRendered: NotRenderedDto[];
  problems: ProblemDto[];
  /** The objects as one YAML stream, ready for a `gitops-desired:` document. */
  yaml: string;
  cached: boolean;
}

/** CommitDto is one commit of an environment's history. */
export interface CommitDto {
  oid: string;
  /** First line of the message. */
  summary: string;
  message: string;
  author: { name: string; email: string; date: string };
  parents: string[];
  /** Repository-relative files of the environment's inputs that the commit changed. */
  files: string[];
}

export interface EnvironmentHistoryParams extends RepositoryParams {
  environment: string;
  /** Most commits to return, newest first. */
  limit?: number;
}

export interface EnvironmentHistoryResult {
  environment: string;
  branch?: string;
  commits: CommitDto[];
}

/** FileChangeDto is one file a revert or rollback would change. */
export interface FileChangeDto {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  /** Unified diff of the change. */
  diff: string;
}

export interface PreviewRevertParams extends RepositoryParams {
  /** The commit to revert. */
  commit: string;
  environment?: string;
}

export interface PreviewRevertResult {
  commit: string;
  /** The message the revert commit would have. */
  message: string;
  changes: FileChangeDto[];
  /** Repository-relative files that would conflict; empty when the revert applies cleanly. */
  conflicts: string[];
}

export interface RevertParams extends RepositoryParams {
  commit: string;
  environment?: string;
  message?: string;
  /** Push the new commit to the branch's remote. */
  push?: boolean;
}

export interface RevertResult {
  /** The new revert commit. */
  commit: string;
  pushed: boolean;
}

export interface RollbackParams extends RepositoryParams {
  environment: string;
  /** The commit whose state the environment's inputs go back to. */
  to: string;
  push?: boolean;
}

export interface RollbackResult {
  commit: string;
  /** The commits whose changes to the environment were reverted, newest first. */
  reverted: string[];
  pushed: boolean;
}

/** ErrorDataDto is the `data` of a ResponseError from these requests: the engine error's code. */
export interface ErrorDataDto {
  code: string;
}
