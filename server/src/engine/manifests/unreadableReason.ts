/** unreadableReason names why a file could not be read: its error code, else the error. */
export function unreadableReason(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : String(error);
}
