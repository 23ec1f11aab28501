import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { openRepository } from '../../engine/git/openRepository';
import { resolveEnvironmentPaths } from '../../engine/git/resolveEnvironmentPaths';
import { rollbackPaths } from '../../engine/git/rollbackPaths';
import { UsageError } from '../CliError';
import type { CliIo } from '../CliIo';
import { finishCommit, warnShared } from './revert';

export const rollbackUsage = `Usage: gitops-workbench rollback --env NAME --to SHA [--repo DIR] [--push] [--format text|json]

Commits, on the current branch, the environment's inputs as they were at SHA (everything else
is left alone; history is kept) and updates the work tree. Prints the new commit's sha.
--push then pushes the branch (credentials: GIT_USERNAME / GIT_PASSWORD, else git's credential
helper). Exit 1 on a rejected push (the local commit is kept); 2 for usage errors, uncommitted
changes in the way, nothing to roll back and other failures.`;

/** rollback is the `gitops-workbench rollback` command. */
export async function rollback(args: { argv: string[]; io: CliIo }): Promise<number> {
  const { values } = parseArgs({
    args: args.argv,
    allowPositionals: false,
    options: {
      env: { type: 'string' },
      to: { type: 'string' },
      repo: { type: 'string' },
      push: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
    },
  });
  if (values.env === undefined) throw new UsageError('give --env NAME');
  if (values.to === undefined) throw new UsageError('give --to SHA, the commit to roll back to');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  const repo = openRepository({ dir: path.resolve(args.io.cwd, values.repo ?? '.') });
  const environment = resolveEnvironmentPaths({ root: repo.dir, name: values.env });
  const result = await rollbackPaths({ repo, paths: environment.paths, to: values.to, environmentName: environment.name, env: args.io.env });
  warnShared({ io: args.io, environment, files: result.files });
  const output = { sha: result.sha, target: result.target, environment: environment.name, files: result.files };
  return finishCommit({ io: args.io, repo, format: values.format, push: values.push, output });
}
