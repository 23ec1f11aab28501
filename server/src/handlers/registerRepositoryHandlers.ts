import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { RenderCache } from '../engine/render/RenderCache';
import type { ErrorDataDto } from '../protocol/dtos';
import { ListEnvironmentsRequest, RenderEnvironmentRequest } from '../protocol/requests';
import { listEnvironments } from './listEnvironments';
import { renderEnvironment } from './renderEnvironment';

/** LSP's RequestFailed error code (3.17): the request was valid but the server could not do it. */
const requestFailed = -32803;

/**
 * registerRepositoryHandlers answers gitops/listEnvironments and gitops/renderEnvironment.
 * `workspaceOf` maps a file or folder path to the repository that holds it (ValidationService's
 * workspaceOf). Engine errors become ResponseErrors with the error's `code` as data; a cancelled
 * render kills its kustomize/helm processes.
 */
export function registerRepositoryHandlers(args: { connection: Connection; workspaceOf: (file: string) => { root: string } }): void {
  const { connection, workspaceOf } = args;
  const cache = new RenderCache();
  const rootOf = (folderUri: string): string => workspaceOf(URI.parse(folderUri).fsPath).root;

  connection.onRequest(ListEnvironmentsRequest, (params) => guard(() => listEnvironments({ root: rootOf(params.folderUri) })));
  connection.onRequest(RenderEnvironmentRequest, (params, token) =>
    guard(() => {
      const controller = abortOn(token);
      return renderEnvironment({ root: rootOf(params.folderUri), environment: params.environment, cache, signal: controller.signal });
    }),
  );
}

function abortOn(token: CancellationToken): AbortController {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller;
}

/** guard turns thrown engine errors into ResponseErrors carrying their code, never a stack trace. */
async function guard<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : error instanceof Error && error.name === 'AbortError' ? 'Cancelled' : 'InternalError';
    const message = error instanceof Error ? error.message : String(error);
    throw new ResponseError<ErrorDataDto>(code === 'Cancelled' ? LSPErrorCodes.RequestCancelled : requestFailed, message, { code });
  }
}
