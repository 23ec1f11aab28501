import type { ErrorDataDto } from '../../../server/src/protocol/dtos';

/** The JSON-RPC / LSP codes of a cancelled request and of a method the server does not have. */
const requestCancelled = -32800;
const methodNotFound = -32601;

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  data?: unknown;
}

function asErrorLike(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
}

/** errorData is the `data` of a ResponseError from a gitops/… request ({ code, files? }), when it has one. */
export function errorData(error: unknown): ErrorDataDto | undefined {
  const data = asErrorLike(error).data;
  if (typeof data !== 'object' || data === null || typeof (data as { code?: unknown }).code !== 'string') return undefined;
  return data as ErrorDataDto;
}

/** errorCode is the engine error's code (Conflict, DirtyWorktree…) of a failed request. */
export function errorCode(error: unknown): string | undefined {
  return errorData(error)?.code;
}

/** errorFiles are the files a Conflict or DirtyWorktree error names. */
export function errorFiles(error: unknown): string[] {
  return errorData(error)?.files ?? [];
}

/** errorMessage is the message a failed request carries (meant for the user), never a stack. */
export function errorMessage(error: unknown): string {
  const message = asErrorLike(error).message;
  if (typeof message === 'string' && message !== '') return message;
  return String(error);
}

/** isCancelled says whether a request failed because it was cancelled. */
export function isCancelled(error: unknown): boolean {
  const like = asErrorLike(error);
  return like.code === requestCancelled || errorCode(error) === 'Cancelled';
}

/** isMethodNotFound says whether the server does not (yet) answer this request. */
export function isMethodNotFound(error: unknown): boolean {
  return asErrorLike(error).code === methodNotFound;
}
