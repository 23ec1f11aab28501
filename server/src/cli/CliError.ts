/** UsageError is a wrong command line: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  readonly code = 'Usage';
}

/** exitCodes are the CLI's documented exit codes. */
export const exitCodes = { clean: 0, findings: 1, error: 2 } as const;
