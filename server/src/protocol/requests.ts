import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type {
  AdoptDriftParams,
  AdoptDriftResult,
  EnvironmentChangedParams,
  EnvironmentHistoryParams,
  EnvironmentStatusParams,
  EnvironmentStatusResult,
  ListContextsParams,
  PushParams,
  PushOutcomeDto,
  ListContextsResult,
  ObjectManifestParams,
  ObjectManifestResult,
  EnvironmentHistoryResult,
  FileDriftParams,
  FileDriftResult,
  ListEnvironmentsParams,
  ListEnvironmentsResult,
  PreviewRevertParams,
  PreviewRevertResult,
  RenderEnvironmentParams,
  RenderEnvironmentResult,
  RevertParams,
  RevertResult,
  RollbackParams,
  RollbackResult,
} from './dtos';
import type { PlanSyncParams, PlanSyncResult, SyncParams, SyncProgressParams, SyncResult } from './dtos';

/**
 * The custom requests between the VS Code client and the language server. Each fails with a
 * ResponseError whose `data` is an ErrorDataDto ({ code }) carrying the engine error's code
 * (EnvironmentNotFound, Conflict…), and whose message is meant for the user. docs/protocol.md
 * lists them with their params and results.
 */

/** gitops/listEnvironments: the repository's environments (discovered, or from .gitops-workbench.yaml). */
export const ListEnvironmentsRequest = new RequestType<ListEnvironmentsParams, ListEnvironmentsResult, void>('gitops/listEnvironments');

/** gitops/renderEnvironment: an environment's rendered desired state, each object with its origin. Cancellable. */
export const RenderEnvironmentRequest = new RequestType<RenderEnvironmentParams, RenderEnvironmentResult, void>('gitops/renderEnvironment');

/** gitops/environmentHistory: the commits that changed an environment's paths and inputs, newest first, a page at a time. Cancellable. */
export const EnvironmentHistoryRequest = new RequestType<EnvironmentHistoryParams, EnvironmentHistoryResult, void>('gitops/environmentHistory');

/** gitops/previewRevert: what reverting a commit would change, and whether it conflicts; changes nothing. */
export const PreviewRevertRequest = new RequestType<PreviewRevertParams, PreviewRevertResult, void>('gitops/previewRevert');

/** gitops/revert: commit the revert of a commit (whole, or limited to an environment) on the current branch; optionally push. */
export const RevertRequest = new RequestType<RevertParams, RevertResult, void>('gitops/revert');

/** gitops/rollback: one commit bringing an environment's paths and inputs back to a commit's content; optionally push. */
export const RollbackRequest = new RequestType<RollbackParams, RollbackResult, void>('gitops/rollback');

/** gitops/environmentStatus: an environment's cluster state, reconciled commit, pending commits and drift per object. Cancellable. */
export const EnvironmentStatusRequest = new RequestType<EnvironmentStatusParams, EnvironmentStatusResult, void>('gitops/environmentStatus');

/** gitops/objectManifest: one side (desired or live) of an object or a whole environment as YAML, noise-free and masked, for the diff editor. */
export const ObjectManifestRequest = new RequestType<ObjectManifestParams, ObjectManifestResult, void>('gitops/objectManifest');

/** gitops/listContexts: the kubeconfig's contexts and the current one. */
export const ListContextsRequest = new RequestType<ListContextsParams, ListContextsResult, void>('gitops/listContexts');

/** gitops/fileDrift: the drifted fields (with their ranges) and the live status of the objects a manifest file declares, from the latest inspections; the client makes diagnostics and code lenses of them. */
export const FileDriftRequest = new RequestType<FileDriftParams, FileDriftResult, void>('gitops/fileDrift');

/** gitops/adoptDrift: the edits that put one drifted field's live value into Git for one environment (in place, or as a patch of its own overlay when the file is shared); writes nothing. */
export const AdoptDriftRequest = new RequestType<AdoptDriftParams, AdoptDriftResult, void>('gitops/adoptDrift');

/** gitops/environmentChanged (server → client): live objects of an environment changed (watch events, debounced); ask for its status again. */
export const EnvironmentChangedNotification = new NotificationType<EnvironmentChangedParams>('gitops/environmentChanged');

/** gitops/planSync: what syncing an environment would do (push: creates, updates, prunes, dry-run confirmed; Flux / Argo CD: what will be requested), with a planId; changes nothing. Cancellable. */
export const PlanSyncRequest = new RequestType<PlanSyncParams, PlanSyncResult, void>('gitops/planSync');

/** gitops/sync: execute a plan (or plan afresh and execute): push apply, a Flux reconcile request, or an Argo CD sync operation; waits for the outcome. Cancellable. */
export const SyncRequest = new RequestType<SyncParams, SyncResult, void>('gitops/sync');

/** gitops/syncProgress (server → client): a step of a running gitops/sync, for the progress notification. */
export const SyncProgressNotification = new NotificationType<SyncProgressParams>('gitops/syncProgress');

/** gitops/push: push the current branch to its remote (after a commit whose push was refused, with new credentials). */
export const PushRequest = new RequestType<PushParams, PushOutcomeDto, void>('gitops/push');
