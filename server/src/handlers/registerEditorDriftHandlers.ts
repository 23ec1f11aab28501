import { ErrorCodes, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import type { AdoptDriftParams, ErrorDataDto, FileDriftParams } from '../protocol/dtos';
import { AdoptDriftRequest, FileDriftRequest } from '../protocol/requests';
import { adoptDrift } from './adoptDrift';
import { fileDrift } from './fileDrift';
import type { LiveStateService } from './LiveStateService';

/** LSP's RequestFailed error code (3.17): the request was valid but the server could not do it. */
const requestFailed = -32803;

/**
 * registerEditorDriftHandlers answers the requests that put drift into the editor: gitops/fileDrift
 * (the drifted fields of one file and the live status of its objects, from the latest inspections;
 * the client makes diagnostics and code lenses of them) and gitops/adoptDrift (the edits that put a
 * live value into Git). Both only read; engine refusals become ResponseErrors with their code
 * (AdoptionRefused, NoLiveState) and a message for the user.
 */
export function registerEditorDriftHandlers(args: { connection: Connection; rootOf: (folderUri: string) => string; liveState: LiveStateService }): void {
  const { connection, rootOf, liveState } = args;
  connection.onRequest(FileDriftRequest, (params: FileDriftParams) =>
    answer(() => {
      requireString(params, 'uri');
      optionalString(params, 'text');
      const root = rootOf(params.uri);
      return fileDrift({ params, root, inspections: liveState.latestInspections(root) });
    }),
  );
  connection.onRequest(AdoptDriftRequest, (params: AdoptDriftParams) =>
    answer(() => {
      for (const name of ['folderUri', 'environment', 'path'] as const) requireString(params, name);
      optionalString(params, 'context');
      const object = params.object as unknown;
      if (typeof object !== 'object' || object === null) throw invalidParams('object must be { apiVersion, kind, namespace?, name }');
      for (const name of ['apiVersion', 'kind', 'name'] as const) requireString(params.object, name);
      optionalString(params.object, 'namespace');
      if (params.documents !== undefined && (!Array.isArray(params.documents) || params.documents.some((document) => typeof document?.uri !== 'string' || typeof document?.text !== 'string'))) {
        throw invalidParams('documents must be a list of { uri, text }');
      }
      const root = rootOf(params.folderUri);
      return adoptDrift({ params, root, inspections: liveState.latestInspections(root) });
    }),
  );
}

function invalidParams(message: string): ResponseError<ErrorDataDto> {
  return new ResponseError<ErrorDataDto>(ErrorCodes.InvalidParams, message, { code: 'InvalidParams' });
}

function requireString<P extends object>(params: P, name: keyof P & string): void {
  const value: unknown = params?.[name];
  if (typeof value !== 'string' || value === '') throw invalidParams(`${name} must be a non-empty string`);
}

function optionalString<P extends object>(params: P, name: keyof P & string): void {
  const value: unknown = params?.[name];
  if (value !== undefined && typeof value !== 'string') throw invalidParams(`${name} must be a string when given`);
}

/** answer turns engine errors into ResponseErrors carrying their code, never a stack trace. */
function answer<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'InternalError';
    const message = error instanceof Error ? error.message : String(error);
    throw new ResponseError<ErrorDataDto>(code === 'Cancelled' ? LSPErrorCodes.RequestCancelled : requestFailed, message, { code });
  }
}
