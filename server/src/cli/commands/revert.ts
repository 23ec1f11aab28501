import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createProcessCredentialProvider } from '../../engine/git/createProcessCredentialProvider';
import { ConflictError } from '../../engine/git/errors/ConflictError';
import { PushRejectedError } from '../../engine/git/errors/PushRejectedError';
import { openRepository, type GitRepository } from '../../engine/git/openRepository';
import { pushBranch } from '../../engine/git/pushBranch';
import { resolveEnvironmentPaths, type EnvironmentPaths } from '../../engine/git/resolveEnvironmentPaths';
import { revertCommit } from '../../engine/git/revertCommit';
import { UsageError, exitCodes } from '../CliError';
import type { CliIo } from '../CliIo';

export const revertUsage = `Usage: gitops-workbench revert SHA [--env NAME] [--repo DIR] [--push] [--format text|json]

Commits the revert of SHA on the current branch (with --env, only its changes to the
environment's inputs), with git revert's message and your git author, and updates the work
tree. Prints the new commit's sha. --push then pushes the branch to its remote (credentials:
GIT_USERNAME / GIT_PASSWORD, else git's credential helper).
Exit 1 on a conflict (the files are listed; nothing is changed) or a rejected push (the local
commit is kept); 2 for usage errors, uncommitted changes in the way and other failures.`;

/** revert is the `gitops-workbench revert` command. */
export async function revert(args: { argv: string[]; io: CliIo }): Promise<number> {
  const { values, positionals } = parseArgs({
    args: args.argv,
    allowPositionals: true,
    options: {
      env: { type: 'string' },
      repo: { type: 'string' },
      push: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the SHA of the commit to revert' : `one SHA only, not ${positionals.join(' ')}`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  const repo = openRepository({ dir: path.resolve(args.io.cwd, values.repo ?? '.') });
  const environment = values.env !== undefined ? resolveEnvironmentPaths({ root: repo.dir, name: values.env }) : undefined;
  let result;
  try {
    result = await revertCommit({ repo, sha: positionals[0], paths: environment?.paths, environmentName: environment?.name, env: args.io.env });
  } catch (error) {
    if (error instanceof ConflictError) return reportConflict({ io: args.io, command: 'revert', error });
    throw error;
  }
  if (environment) warnShared({ io: args.io, environment, files: result.files });
  const output = { sha: result.sha, reverted: result.reverted, files: result.files, ...(environment ? { environment: environment.name } : {}) };
  return finishCommit({ io: args.io, repo, format: values.format, push: values.push, output });
}

/**
 * warnShared says when the commit changed files other environments are built from too (a shared
 * base): reverting or rolling back one environment then changes those as well.
 */
export function warnShared(args: { io: CliIo; environment: EnvironmentPaths; files: readonly string[] }): void {
  const others = args.environment.sharedWith(args.files);
  if (others.length > 0) args.io.stderr(`note: the commit also changes inputs of ${others.join(', ')}\n`);
}

/** reportConflict prints a conflict's files, one a line, and returns exit code 1. */
export function reportConflict(args: { io: CliIo; command: string; error: ConflictError }): number {
  args.io.stderr(`gitops-workbench ${args.command}: ${args.error.operation} conflicts with later changes; nothing was changed. Conflicting files:\n${args.error.files.map((file) => `  ${file}\n`).join('')}`);
  return exitCodes.findings;
}

/**
 * finishCommit prints the new commit (its sha alone, or JSON) and pushes it when asked. A
 * rejected push is exit 1 with the server's message; the commit stays either way.
 */
export async function finishCommit(args: { io: CliIo; repo: GitRepository; format: string | undefined; push: boolean | undefined; output: { sha: string } & Record<string, unknown> }): Promise<number> {
  const { io } = args;
  let pushed: Record<string, unknown> | undefined;
  let status: number = exitCodes.clean;
  let failure: Error | undefined;
  if (args.push) {
    try {
      const result = await pushBranch({ repo: args.repo, credentials: createProcessCredentialProvider({ env: io.env, cwd: args.repo.dir }) });
      pushed = { remote: result.remote, url: result.url, remoteRef: result.remoteRef };
      if (args.format !== 'json') io.stderr(`pushed ${result.remoteRef.replace(/^refs\/heads\//, '')} to ${result.remote} (${result.url})\n`);
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      failure = error;
      status = error instanceof PushRejectedError ? exitCodes.findings : exitCodes.error;
    }
  }
  if (args.format === 'json') {
    const push = failure ? { error: { code: 'code' in failure ? String(failure.code) : 'Error', message: failure.message } } : pushed;
    io.stdout(`${JSON.stringify({ ...args.output, ...(args.push ? { push } : {}) }, null, 2)}\n`);
  } else {
    io.stdout(`${args.output.sha}\n`);
  }
  if (failure) {
    const code = 'code' in failure ? ` [${String(failure.code)}]` : '';
    io.stderr(`gitops-workbench: the commit ${args.output.sha.slice(0, 12)} was made but not pushed: ${failure.message}${code}\n`);
  }
  return status;
}
