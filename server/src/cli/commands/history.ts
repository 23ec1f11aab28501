import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { openRepository } from '../../engine/git/openRepository';
import { readHistory } from '../../engine/git/readHistory';
import { resolveEnvironmentPaths } from '../../engine/git/resolveEnvironmentPaths';
import { UsageError, exitCodes } from '../CliError';
import type { CliIo } from '../CliIo';

export const historyUsage = `Usage: gitops-workbench history (--env NAME | --path PATH…) [--repo DIR] [--limit N] [--skip N] [--format text|json]

Lists the commits that changed an environment's inputs, newest first, as \`git log -- <paths>\`
does (merges compared with each parent). --repo defaults to the git work tree around the
current directory; --limit defaults to 50. JSON: {"commits":[{"sha","subject","author","date","files"}]}.`;

/** history is the `gitops-workbench history` command. */
export async function history(args: { argv: string[]; io: CliIo }): Promise<number> {
  const { values } = parseArgs({
    args: args.argv,
    allowPositionals: false,
    options: {
      env: { type: 'string' },
      path: { type: 'string', multiple: true },
      repo: { type: 'string' },
      limit: { type: 'string', default: '50' },
      skip: { type: 'string', default: '0' },
      format: { type: 'string', default: 'text' },
    },
  });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  const limit = positiveInteger(values.limit, '--limit', 1);
  const skip = positiveInteger(values.skip, '--skip', 0);
  if (values.env === undefined && (values.path ?? []).length === 0) throw new UsageError('give --env NAME (or --path PATH)');
  const repo = openRepository({ dir: path.resolve(args.io.cwd, values.repo ?? '.') });
  // History needs this environment only, not who shares its files (revert's note).
  const environment = values.env !== undefined ? resolveEnvironmentPaths({ root: repo.dir, name: values.env, options: { resolveOthers: false } }) : undefined;
  const paths = [...(environment?.paths ?? []), ...(values.path ?? [])];
  const page = await readHistory({ repo, paths, limit, skip });
  if (values.format === 'json') {
    args.io.stdout(`${JSON.stringify({ ...(environment ? { environment: environment.name } : {}), paths, commits: page.commits, ...(page.nextSkip !== undefined ? { nextSkip: page.nextSkip } : {}) }, null, 2)}\n`);
    return exitCodes.clean;
  }
  if (page.commits.length === 0) {
    args.io.stdout(`no commits change ${paths.join(', ')}\n`);
    return exitCodes.clean;
  }
  const lines: string[] = [];
  for (const commit of page.commits) {
    lines.push(`${commit.sha.slice(0, 12)}  ${commit.date.slice(0, 10)}  ${commit.author}  ${commit.subject}`);
    for (const file of commit.files) lines.push(`    ${file}`);
  }
  if (page.nextSkip !== undefined) lines.push(`(more: --skip ${page.nextSkip})`);
  args.io.stdout(`${lines.join('\n')}\n`);
  return exitCodes.clean;
}

function positiveInteger(value: string | undefined, name: string, minimum: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) throw new UsageError(`${name} must be an integer ≥ ${minimum}, not "${value}"`);
  return number;
}
