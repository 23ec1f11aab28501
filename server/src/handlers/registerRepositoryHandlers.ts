import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { openRepository, type GitRepository } from '../engine/git/openRepository';
import { RenderCache } from '../engine/render/RenderCache';
import type { ErrorDataDto } from '../protocol/dtos';
import {
  EnvironmentHistoryRequest,
  EnvironmentStatusRequest,
  ListContextsRequest,
  ListEnvironmentsRequest,
  ObjectManifestRequest,
  PushRequest,
  PlanSyncRequest,
  PreviewRevertRequest,
  RenderEnvironmentRequest,
  RevertRequest,
  RollbackRequest,
  SyncRequest,
} from '../protocol/requests';
import { environmentHistory } from './environmentHistory';
import { LiveStateService } from './LiveStateService';
import { registerEditorDriftHandlers } from './registerEditorDriftHandlers';
import { listEnvironments } from './listEnvironments';
import { previewRevert } from './previewRevert';
import { renderEnvironment } from './renderEnvironment';
import { pushAfterCommit, revertEnvironmentCommit } from './revertEnvironmentCommit';
import { rollbackEnvironment } from './rollbackEnvironment';
import { SyncService } from './SyncService';

/** LSP's RequestFailed error code (3.17): the request was valid but the server could not do it. */
const requestFailed = -32803;

/**
 * registerRepositoryHandlers answers the repository requests: gitops/listEnvironments,
 * gitops/renderEnvironment, gitops/environmentHistory, gitops/previewRevert, gitops/revert,
 * gitops/rollback, the live-state requests (gitops/environmentStatus, gitops/objectManifest,
 * gitops/listContexts; see LiveStateService) and the sync requests (gitops/planSync, gitops/sync;
 * see SyncService). The result disposes the cluster sessions and watches. `workspaceOf` maps a file or folder path to the repository that holds it
 * (ValidationService's workspaceOf). Engine errors become ResponseErrors with the error's `code`
 * as data; a cancelled render or history walk stops. The git requests share one repository
 * handle per workspace root (so isomorphic-git's cache and the history memos live between
 * calls), and the requests that commit run one at a time per repository.
 */
export function registerRepositoryHandlers(args: { connection: Connection; workspaceOf: (file: string) => { root: string } }): { dispose(): void } {
  const { connection, workspaceOf } = args;
  const cache = new RenderCache();
  const rootOf = (folderUri: string): string => workspaceOf(URI.parse(folderUri).fsPath).root;
  const repositories = new Map<string, GitRepository>();
  const repositoryOf = (folderUri: string): GitRepository => {
    const root = rootOf(folderUri);
    let repo = repositories.get(root);
    if (!repo) {
      repo = openRepository({ dir: root });
      repositories.set(root, repo);
    }
    return repo;
  };
  const writes = new Map<string, Promise<unknown>>();
  /** oneAtATime runs the commits of one repository in order, so two requests never race for its branch. */
  const oneAtATime = <T>(repo: GitRepository, run: () => Promise<T>): Promise<T> => {
    const result = (writes.get(repo.gitdir) ?? Promise.resolve()).then(run);
    writes.set(repo.gitdir, result.catch(() => undefined));
    return result;
  };

  const tryRepositoryOf = (folderUri: string): GitRepository | undefined => {
    try {
      return repositoryOf(folderUri);
    } catch {
      // A folder outside git still has live state; it has no head or pending commits.
      return undefined;
    }
  };
  const liveState = new LiveStateService({ connection, rootOf, repositoryOf: tryRepositoryOf, renderCache: cache });
  connection.onRequest(EnvironmentStatusRequest, (params, token) =>
    guard(() => {
      requireString(params, 'environment');
      optionalString(params, 'context');
      return liveState.environmentStatus(params, abortOn(token).signal);
    }),
  );
  connection.onRequest(ObjectManifestRequest, (params, token) =>
    guard(() => {
      requireString(params, 'environment');
      if (params.side !== 'desired' && params.side !== 'live') throw invalidParams('side must be "desired" or "live"');
      return liveState.objectManifest(params, abortOn(token).signal);
    }),
  );
  connection.onRequest(ListContextsRequest, (params) => guard(() => liveState.listContexts(params ?? {})));

  const sync = new SyncService({ connection, liveState, rootOf, repositoryOf: tryRepositoryOf });
  connection.onRequest(PlanSyncRequest, (params, token) =>
    guard(() => {
      requireString(params, 'environment');
      optionalString(params, 'context');
      return sync.planSync(params, abortOn(token).signal);
    }),
  );
  connection.onRequest(SyncRequest, (params, token) =>
    guard(() => {
      requireString(params, 'environment');
      for (const name of ['context', 'planId'] as const) optionalString(params, name);
      requireInteger(params, 'timeoutMs', 1);
      return sync.sync(params, abortOn(token).signal);
    }),
  );

  connection.onRequest(PushRequest, (params, token) =>
    guard(() => {
      for (const name of ['username', 'password'] as const) optionalString(params, name);
      const repo = repositoryOf(params.folderUri);
      return oneAtATime(repo, () => pushAfterCommit({ repo, credentials: params, signal: abortOn(token).signal }));
    }),
  );
  connection.onRequest(ListEnvironmentsRequest, (params) => guard(() => listEnvironments({ root: rootOf(params.folderUri) })));
  connection.onRequest(RenderEnvironmentRequest, (params, token) =>
    guard(() => {
      const controller = abortOn(token);
      return renderEnvironment({ root: rootOf(params.folderUri), environment: params.environment, cache, signal: controller.signal });
    }),
  );
  connection.onRequest(EnvironmentHistoryRequest, (params, token) =>
    guard(() => {
      requireString(params, 'environment');
      requireInteger(params, 'limit', 1);
      requireInteger(params, 'skip', 0);
      return environmentHistory({ repo: repositoryOf(params.folderUri), params, signal: abortOn(token).signal });
    }),
  );
  connection.onRequest(PreviewRevertRequest, (params) =>
    guard(() => {
      requireString(params, 'commit');
      optionalString(params, 'environment');
      return previewRevert({ repo: repositoryOf(params.folderUri), params });
    }),
  );
  connection.onRequest(RevertRequest, (params) =>
    guard(() => {
      requireString(params, 'commit');
      for (const name of ['environment', 'username', 'password'] as const) optionalString(params, name);
      const repo = repositoryOf(params.folderUri);
      return oneAtATime(repo, () => revertEnvironmentCommit({ repo, params }));
    }),
  );
  connection.onRequest(RollbackRequest, (params) =>
    guard(() => {
      requireString(params, 'environment');
      requireString(params, 'to');
      for (const name of ['username', 'password'] as const) optionalString(params, name);
      const repo = repositoryOf(params.folderUri);
      return oneAtATime(repo, () => rollbackEnvironment({ repo, params }));
    }),
  );
  registerEditorDriftHandlers({ connection, rootOf, liveState });
  return { dispose: () => liveState.dispose() };
}

function abortOn(token: CancellationToken): AbortController {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller;
}

/** invalidParams is the error for a request whose params do not have the documented shape. */
function invalidParams(message: string): ResponseError<ErrorDataDto> {
  return new ResponseError<ErrorDataDto>(ErrorCodes.InvalidParams, message, { code: 'InvalidParams' });
}

function requireString<P extends object>(params: P, name: keyof P & string): void {
  const value: unknown = params[name];
  if (typeof value !== 'string' || value === '') throw invalidParams(`${name} must be a non-empty string`);
}

function optionalString<P extends object>(params: P, name: keyof P & string): void {
  const value: unknown = params[name];
  if (value !== undefined && typeof value !== 'string') throw invalidParams(`${name} must be a string when given`);
}

function requireInteger<P extends object>(params: P, name: keyof P & string, minimum: number): void {
  const value: unknown = params[name];
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < minimum)) throw invalidParams(`${name} must be an integer ≥ ${minimum} when given`);
}

/**
 * guard turns thrown engine errors into ResponseErrors carrying their code (and, for Conflict
 * and DirtyWorktree, their files), never a stack trace.
 */
async function guard<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : error instanceof Error && error.name === 'AbortError' ? 'Cancelled' : 'InternalError';
    const message = error instanceof Error ? error.message : String(error);
    const files = error instanceof Error && 'files' in error && Array.isArray(error.files) && error.files.every((file) => typeof file === 'string') ? (error.files as string[]) : undefined;
    throw new ResponseError<ErrorDataDto>(code === 'Cancelled' ? LSPErrorCodes.RequestCancelled : requestFailed, message, { code, ...(files ? { files } : {}) });
  }
}
