import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { discoverEnvironments } from '../../engine/environments/discoverEnvironments';
import type { Environment } from '../../engine/environments/Environment';
import { findRepositoryRoot } from '../../engine/validation/findRepositoryRoot';
import { UsageError, exitCodes } from '../CliError';
import type { CliIo } from '../CliIo';

export const envsUsage = `Usage: gitops-workbench envs [--repo DIR] [--format text|json]

Lists the repository's environments: those of .gitops-workbench.yaml when it lists any, else
Flux clusters, Argo CD Applications (and list / git-directory ApplicationSets) and kustomize
overlays (overlays/<env>, envs/<env>, environments/<env>). --repo defaults to the enclosing git
work tree of the current directory. Exit 0, or 2 for usage or internal failure.`;

/** envs is the `gitops-workbench envs` command. */
export function envs(args: { argv: string[]; io: CliIo }): number {
  const { values } = parseArgs({ args: args.argv, options: { repo: { type: 'string' }, format: { type: 'string', default: 'text' } } });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  const root = repositoryRoot({ repo: values.repo, cwd: args.io.cwd });
  const { environments, problems } = discoverEnvironments({ root });
  for (const problem of problems) args.io.stderr(`warning: ${problem.file ? `${problem.file}${problem.line ? `:${problem.line}` : ''}: ` : ''}${problem.message}\n`);
  if (values.format === 'json') {
    args.io.stdout(`${JSON.stringify({ environments: environments.map(toJson) }, null, 2)}\n`);
    return exitCodes.clean;
  }
  if (environments.length === 0) {
    args.io.stdout('No environments found: no Flux Kustomizations, Argo CD Applications, kustomize overlays or .gitops-workbench.yaml environments.\n');
    return exitCodes.clean;
  }
  const rows = [['NAME', 'SOURCE', 'RECONCILER', 'NAMESPACE', 'PATHS'], ...environments.map((environment) => [environment.name, environment.source, environment.reconciler ?? '', environment.namespace ?? '', environment.paths.join(', ')])];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  args.io.stdout(rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n') + '\n');
  return exitCodes.clean;
}

/** toJson keeps the fields the CLI documents, in a stable order. */
function toJson(environment: Environment): Record<string, unknown> {
  return {
    name: environment.name,
    source: environment.source,
    paths: environment.paths,
    ...(environment.namespace ? { namespace: environment.namespace } : {}),
    ...(environment.context ? { context: environment.context } : {}),
    ...(environment.reconciler ? { reconciler: environment.reconciler } : {}),
    ...(environment.branch ? { branch: environment.branch } : {}),
    inputs: environment.inputs,
  };
}

/** repositoryRoot is --repo (resolved against the current directory), or the enclosing git work tree. */
export function repositoryRoot(args: { repo?: string; cwd: string }): string {
  if (args.repo !== undefined) {
    const root = path.resolve(args.cwd, args.repo);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`--repo ${args.repo}: not a directory`);
    return root;
  }
  const found = findRepositoryRoot(args.cwd);
  if (!found) throw new UsageError('the current directory is not inside a git work tree; pass --repo DIR');
  return found;
}
