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
  /** Full commit id. */
  sha: string;
  /** First line of the message. */
  subject: string;
  /** Author name. */
  author: string;
  authorEmail: string;
  /** Author date, ISO 8601 in the author's zone (git's `%aI`). */
  date: string;
  parents: string[];
  /** Repository-relative files under the environment's paths that differ from the first parent. */
  files: string[];
}

/**
 * Params of gitops/environmentHistory. Pages: `limit` (default 50) and `skip` (default 0);
 * a full page's result carries `nextSkip`, the `skip` of the next page.
 */
export interface EnvironmentHistoryParams extends RepositoryParams {
  environment: string;
  /** Most commits to return, newest first (≥ 1; default 50). */
  limit?: number;
  /** Commits to skip first (≥ 0; default 0): the previous page's `nextSkip`. */
  skip?: number;
}

export interface EnvironmentHistoryResult {
  environment: string;
  /** Repository-relative paths the history covers: the environment's paths and inputs (as `git log -- <paths>`). */
  paths: string[];
  commits: CommitDto[];
  /** Present when the page is full: pass it as `skip` for the next page. */
  nextSkip?: number;
}

/**
 * RevertFileDto is one file the reverted commit changed (within the environment, when one is
 * named), seen from the revert: `status` is what the revert does to the commit's version of the
 * file (added: the commit deleted it; deleted: the commit added it).
 */
export interface RevertFileDto {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  /**
   * revert: HEAD still has the commit's version, the parent's is taken; merge: HEAD changed the
   * file since, the revert is line-merged cleanly; unchanged: HEAD already has the parent's
   * version; conflict: the revert cannot be made.
   */
  outcome: 'revert' | 'merge' | 'unchanged' | 'conflict';
}

/** Params of gitops/previewRevert: the same as gitops/revert's, without push or credentials. */
export interface PreviewRevertParams extends RepositoryParams {
  /** The commit to revert: a full or abbreviated id, a branch or tag. */
  commit: string;
  /** Limit the revert to this environment's paths and inputs. */
  environment?: string;
}

export interface PreviewRevertResult {
  /** The commit to revert (full id). */
  commit: string;
  /** HEAD, which the revert would go on top of. */
  head: string;
  /** The branch that would move ("refs/heads/main"); absent on a detached HEAD. */
  branch?: string;
  /** The message the revert commit would have. */
  message: string;
  /** True when the environment limit leaves some of the commit's changes in place. */
  partial: boolean;
  files: RevertFileDto[];
  /** True when the revert cannot be made: some file conflicts with later changes. */
  conflict: boolean;
  /** Repository-relative files that conflict; empty when the revert applies cleanly. */
  conflicts: string[];
  /** Other environments whose inputs the revert would change too (a shared base). */
  alsoAffects: string[];
}

/**
 * Credentials for a push, passed by the client for now (later: VS Code's authentication API).
 * Without a password the server asks git's credential helper (or GIT_USERNAME / GIT_PASSWORD
 * of its environment). The server never logs or returns them.
 */
export interface PushCredentialsParams {
  username?: string;
  password?: string;
}

export interface RevertParams extends RepositoryParams, PushCredentialsParams {
  commit: string;
  /** Limit the revert to this environment's paths and inputs. */
  environment?: string;
  /** Push the branch to its remote after committing. */
  push?: boolean;
}

/** PushOutcomeDto says whether a push asked for worked; when it failed the local commit is kept. */
export type PushOutcomeDto =
  | { ok: true; remote: string; url: string; remoteRef: string }
  | { ok: false; code: string; message: string; /** The remote's URL without credentials, when it asked for credentials (Authentication). */ url?: string };

export interface RevertResult {
  /** The new revert commit. */
  commit: string;
  /** The reverted commit (full id). */
  reverted: string;
  message: string;
  /** Files the revert commit changed. */
  files: string[];
  /** The branch that moved; absent on a detached HEAD. */
  branch?: string;
  alsoAffects: string[];
  /** Present when `push` was asked for. */
  push?: PushOutcomeDto;
}

export interface RollbackParams extends RepositoryParams, PushCredentialsParams {
  environment: string;
  /** The commit whose content the environment's paths and inputs go back to. */
  to: string;
  push?: boolean;
}

export interface RollbackResult {
  /** The new rollback commit. */
  commit: string;
  /** The commit whose content was restored (full id). */
  target: string;
  message: string;
  files: string[];
  branch?: string;
  alsoAffects: string[];
  push?: PushOutcomeDto;
}

/**
 * ErrorDataDto is the `data` of a ResponseError from these requests: the engine error's code
 * (EnvironmentNotFound, Conflict, DirtyWorktree, NothingToCommit, CommitNotFound…) and, for
 * Conflict and DirtyWorktree, the repository-relative files concerned.
 */
export interface ErrorDataDto {
  code: string;
  files?: string[];
}

/** DriftStatusDto is one object's drift status, in display order (worst first, in-sync last). */
export type DriftStatusDto = 'modified' | 'missing' | 'extra' | 'unknown' | 'in-sync';

/** ObjectRefDto names one Kubernetes object. */
export interface ObjectRefDto {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** FieldDriftDto is one drifted field: `path` like `spec.template.spec.containers[name=api].image`; Secret values arrive masked. */
export interface FieldDriftDto {
  path: string;
  desired?: unknown;
  live?: unknown;
}

/** ResourceDriftDto is one object's drift verdict, with where Git declares it. */
export interface ResourceDriftDto extends ObjectRefDto {
  status: DriftStatusDto;
  fields: FieldDriftDto[];
  reason?: string;
  location?: LocationDto;
}

/** ClusterStateDto says whether the environment's cluster answered. */
export type ClusterStateDto = 'connected' | 'unreachable' | 'no-kubeconfig' | 'untrusted' | 'error';

/** ReconciledDto is the commit the environment's reconciler last applied, and how it is doing. */
export interface ReconciledDto {
  /** Who reported it; null when no reconciler status was found in the cluster. */
  source: 'flux' | 'argocd' | 'push' | null;
  /** Full commit id, when known. */
  revision?: string;
  /** What the reconciler wrote (`main@sha1:…`), for display. */
  ref?: string;
  /** The reconciled commit's subject, author date, when the commit is in the local repository. */
  subject?: string;
  date?: string;
  ready?: boolean;
  message?: string;
}

/** Params of gitops/environmentStatus. */
export interface EnvironmentStatusParams extends RepositoryParams {
  environment: string;
  /** The kube context to use; default: the environment's context, else the kubeconfig's current one. */
  context?: string;
  /** Whether the workspace is trusted (exec credential plugins run only then). */
  trusted: boolean;
  /** Kubeconfig files (setting gitopsWorkbench.kubeconfig); default: KUBECONFIG, then ~/.kube/config. */
  kubeconfigPaths?: string[];
  /** Confirm modified objects with a server-side apply dry-run (setting gitopsWorkbench.drift.exact). */
  exact?: boolean;
}

/** EnvironmentStatusResult is an environment's live status: cluster, reconciled commit, pending commits, drift. */
export interface EnvironmentStatusResult {
  environment: string;
  reconciler: ReconcilerDto;
  cluster: { state: ClusterStateDto; context?: string; server?: string; message?: string; warnings: string[] };
  /** The branch head's commit id. */
  head?: string;
  reconciled: ReconciledDto;
  /** Commits after the reconciled one that change the environment, newest first; `count` absent when unknown. */
  pending: { count?: number; commits: CommitDto[]; reason?: string };
  drift: { counts: Record<DriftStatusDto, number>; resources: ResourceDriftDto[] };
  problems: ProblemDto[];
}

/** Params of gitops/objectManifest: one side of an object (or a whole environment) as YAML for the diff editor. */
export interface ObjectManifestParams extends EnvironmentStatusParams {
  side: 'desired' | 'live';
  /** One object; absent for the whole environment. */
  object?: ObjectRefDto;
}

/** ObjectManifestResult is YAML with Secret values masked and noise fields left out, so desired ↔ live shows exactly the drift. */
export interface ObjectManifestResult {
  yaml: string;
}

/** Params of gitops/listContexts. */
export interface ListContextsParams {
  /** Kubeconfig files (like KUBECONFIG); default: KUBECONFIG, then ~/.kube/config. */
  kubeconfigPaths?: string[];
}

/** ListContextsResult is the kubeconfig's contexts; `message` says why there are none. */
export interface ListContextsResult {
  contexts: { name: string; cluster: string; namespace?: string; server?: string }[];
  current?: string;
  message?: string;
}

/** Params of gitops/environmentChanged. */
export interface EnvironmentChangedParams {
  /** The repository root, as a file: URI. */
  folderUri: string;
  environment: string;
}

/** RangeDto is an LSP range: zero-based lines, UTF-16 characters. */
export interface RangeDto {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Params of gitops/fileDrift: the drift of the objects a manifest file declares. */
export interface FileDriftParams {
  /** The manifest file, as a `file:` URI. */
  uri: string;
  /** The editor's text of the file when it differs from the disk (ranges are then for this text). */
  text?: string;
}

/** DriftedFieldDto is one drifted field of an object the file declares, for a diagnostic (source "drift"). */
export interface DriftedFieldDto {
  /** The value in the file; when the file does not declare the field, the key of its nearest declared parent. */
  range: RangeDto;
  /** As FieldDriftDto writes it: `spec.template.spec.containers[name=api].image`. */
  path: string;
  desired?: unknown;
  /** Absent when the field is not set live. Secret values are masked. */
  live?: unknown;
  environment: string;
  object: ObjectRefDto;
  /** True when the file declares the field itself (the range is its value). */
  declared: boolean;
  /** Why "Adopt live value into Git" cannot work, when known without asking (a Secret value, a generated object). */
  notAdoptable?: string;
}

/** DriftedObjectDto is the live status of one object the file declares, for a code lens above it. */
export interface DriftedObjectDto {
  /** Zero-based line where the object's document starts. */
  line: number;
  status: DriftStatusDto;
  /** "live: modified (2 fields)", "live: in sync", "live: missing in cluster", "live: unknown (…)". */
  summary: string;
  environment: string;
  object: ObjectRefDto;
}

/** FileDriftResult is the file's drift from the latest inspection of every environment (nothing for environments not inspected yet). */
export interface FileDriftResult {
  fields: DriftedFieldDto[];
  objects: DriftedObjectDto[];
}

/** Params of gitops/adoptDrift: put one drifted field's live value into Git, for one environment. */
export interface AdoptDriftParams extends RepositoryParams {
  environment: string;
  object: ObjectRefDto;
  /** The drifted field, as DriftedFieldDto / FieldDriftDto write it. */
  path: string;
  /** The kube context the environment was inspected with, when it was inspected with several. */
  context?: string;
  /** Editor texts of files with unsaved changes, so the edits fit what the editor shows. */
  documents?: { uri: string; text: string }[];
}

/** AdoptionEditDto is one change: a range of a file replaced, or (`create`) a new file with `newText` as content. */
export interface AdoptionEditDto {
  uri: string;
  range?: RangeDto;
  create?: boolean;
  newText: string;
}

/** WorkspaceEditDto is an LSP WorkspaceEdit with `documentChanges`: file creations, then text edits per file. */
export interface WorkspaceEditDto {
  documentChanges: (
    | { kind: 'create'; uri: string; options: { ignoreIfExists: boolean } }
    | { textDocument: { uri: string; version: null }; edits: { range: RangeDto; newText: string }[] }
  )[];
}

/** AdoptDriftResult is what adopting changes (nothing is written: the client applies the edits) and a sentence saying where and why. */
export interface AdoptDriftResult {
  edits: AdoptionEditDto[];
  /** The same edits for `workspace.applyEdit`. */
  workspaceEdit: WorkspaceEditDto;
  /** e.g. "The field comes from the shared base apps/base/cart; wrote a patch in apps/staging (…) so production is untouched." */
  message: string;
  /** in-place (the declaration), overlay-patch (the overlay's own patch), overlay-transformer (its images:/replicas:), flux-variable (the postBuild variable the declaration uses), drift-patch (a new or extended patch in the overlay). */
  strategy: 'in-place' | 'overlay-patch' | 'overlay-transformer' | 'flux-variable' | 'drift-patch';
  /** The `file:` URIs the edits change or create. */
  files: string[];
}

/** Params of gitops/planSync: the environment to preview a sync of, on which cluster. */
export interface PlanSyncParams extends RepositoryParams {
  environment: string;
  /** The kube context to use; default: the environment's context, else the kubeconfig's current one. */
  context?: string;
  /** Whether the workspace is trusted (exec credential plugins run only then). */
  trusted: boolean;
  kubeconfigPaths?: string[];
  /** Argo CD: plan the operation with `prune: true`. Push plans always list the prunes; they run only when gitops/sync says `prune`. */
  prune?: boolean;
}

/** SyncObjectDto is an object of a sync plan, with where Git declares it when known. */
export interface SyncObjectDto extends ObjectRefDto {
  location?: LocationDto;
}

/** PlannedApplyDto is one object a push sync server-side applies. */
export interface PlannedApplyDto extends SyncObjectDto {
  /** create: not in the cluster; update: the server-side dry-run changes `fields`; unchanged: applied anyway (made an ApplySet member), changes nothing Git declares. */
  action: 'create' | 'update' | 'unchanged';
  /** For updates: the fields the apply changes, `desired` and `live` (Secret values masked). */
  fields: FieldDriftDto[];
  /** Its kind is served once a CustomResourceDefinition of the same sync is applied. */
  afterCrd?: boolean;
  /** The server refused the dry-run with this message: the apply will most likely fail. */
  dryRunError?: string;
  /** The live object is not yet a member of the environment's ApplySet. */
  joins?: boolean;
  /** Another reconciler marks the live object as its own (Flux, Argo CD); the sync takes over the fields Git declares. */
  ownedBy?: string;
}

/** SyncNoteDto is an object a sync prunes or leaves alone, and why. */
export interface SyncNoteDto extends SyncObjectDto {
  reason: string;
}

/** SyncBlockerDto is why a sync cannot run: UncommittedChanges (with `files`), NoCommit, RenderIncomplete, ApplySetParentConflict, ApplySetParentNamespaceMissing, ReconcilerObjectNotFound, ReconcilerSuspended, SyncInProgress. */
export interface SyncBlockerDto {
  code: string;
  message: string;
  /** Repository-relative files, for UncommittedChanges. */
  files?: string[];
}

/** PlanSyncResult is the preview of a sync, by reconciler; nothing has changed yet. */
export interface PlanSyncResult {
  /** Pass it to gitops/sync to execute exactly this plan (once, within 15 minutes). */
  planId: string;
  environment: string;
  reconciler: ReconcilerDto;
  cluster: { context?: string; server?: string };
  /** The commit the sync applies (push) or that the reconciler should reach, and its branch. */
  head?: string;
  ref?: string;
  /** Non-empty: gitops/sync refuses with the first blocker's code. */
  blockers: SyncBlockerDto[];
  warnings: string[];
  /** reconciler push: what the server-side apply will do; prunes run only with `prune`. */
  push?: {
    /** The ApplySet parent ConfigMap; `revision` is the commit it records as applied. */
    parent: { name: string; namespace: string; id: string; found: boolean; revision?: string };
    creates: PlannedApplyDto[];
    updates: PlannedApplyDto[];
    unchanged: PlannedApplyDto[];
    prunes: SyncNoteDto[];
    /** Members not in Git that are never pruned (another owner, pruning disabled…). */
    kept: SyncNoteDto[];
    /** Desired objects not applied (hooks, objects Flux is told to skip). */
    skipped: SyncNoteDto[];
    /** Desired objects that cannot be applied: they make the sync fail. */
    blocked: SyncNoteDto[];
  };
  /** reconciler flux: the objects annotated with reconcile.fluxcd.io/requestedAt, stage by stage. */
  flux?: { targets: { kind: string; namespace: string; name: string; stage: number }[] };
  /** reconciler argocd: the `operation` set on each Application. */
  argocd?: { applications: { name: string; namespace: string; operation: Record<string, unknown> }[] };
  /** flux and argocd: what the reconciler will change, from the inspection's drift (objects not in sync). */
  drift?: { counts: Record<DriftStatusDto, number>; resources: ResourceDriftDto[] };
}

/** Params of gitops/sync. */
export interface SyncParams extends PlanSyncParams {
  /** A gitops/planSync result's planId: execute that plan. Without it, the server plans afresh and executes. */
  planId?: string;
  /** push: delete the planned prunes; argocd: sync with prune. Default false. */
  prune?: boolean;
  /** flux and argocd: how long to wait for the reconciler, in ms (default 300000). */
  timeoutMs?: number;
}

/** SyncOutcomeDto says how a sync ended. */
export type SyncOutcomeDto = 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

/** SyncResult is what a sync did. */
export interface SyncResult {
  environment: string;
  reconciler: ReconcilerDto;
  outcome: SyncOutcomeDto;
  /** One sentence for people. */
  message: string;
  /** push: the commit applied, and its branch. */
  revision?: string;
  ref?: string;
  /** push: every object applied, with kubectl's word for what happened. */
  applied?: (ObjectRefDto & { action: 'created' | 'configured' | 'unchanged' })[];
  /** push: objects not applied or not pruned, with the API server's message and reason. */
  failures?: (ObjectRefDto & { phase: 'apply' | 'prune'; message: string; reason?: string })[];
  pruned?: ObjectRefDto[];
  notPruned?: (ObjectRefDto & { reason: string })[];
  /** push: the ApplySet parent as left; `appliedRevision` is the new commit only when every apply succeeded. */
  parent?: { name: string; namespace: string; id: string; appliedRevision?: string; error?: string };
  /** flux and argocd: how each object answered (not-started: an earlier stage failed). */
  objects?: { kind: string; namespace: string; name: string; outcome: SyncOutcomeDto | 'not-started'; message?: string; revision?: string; requestedAt?: string }[];
}

/** Params of gitops/syncProgress (server → client): one step of a running gitops/sync, for a progress notification. */
export interface SyncProgressParams {
  folderUri: string;
  environment: string;
  message: string;
}

/** Params of gitops/push: the repository and, optionally, credentials for its remote. */
export interface PushParams extends RepositoryParams, PushCredentialsParams {}
