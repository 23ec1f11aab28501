/**
 * UsageError is a wrong command line: the CLI prints it with the usage and exits 2. runCli knows
 * it by its code, not its class: each command's bundle has a copy of the class of its own.
 */
export class UsageError extends Error {
  readonly code = 'Usage';
}

/** exitCodes are the CLI's documented exit codes. */
export const exitCodes = { clean: 0, findings: 1, error: 2, interrupted: 130 } as const;
