import { parseArgs } from 'node:util';
import { discoverEnvironments } from '../../engine/environments/discoverEnvironments';
import { findEnvironment } from '../../engine/environments/findEnvironment';
import { formatRenderedYaml } from '../../engine/render/formatRenderedYaml';
import { renderEnvironment } from '../../engine/render/renderEnvironment';
import { UsageError, exitCodes } from '../CliError';
import type { CliIo } from '../CliIo';
import { repositoryRoot } from './envs';

export const renderUsage = `Usage: gitops-workbench render --env NAME [--repo DIR] [--format yaml|json] [--strict-substitution]

Renders an environment's desired state as its reconciler would (Flux: kustomize with postBuild
substitutions; Argo CD: helm, kustomize or plain directories; others: plain YAML or kustomize),
and every HelmRelease chart of this repository with helm. Prints the YAML stream, each object
preceded by a "# Source: file:line" comment. Needs kustomize or kubectl on PATH for
kustomizations, and helm for charts; what cannot be rendered is listed on stderr.
--strict-substitution: an unset Flux variable without a default is an error (Flux's
StrictPostBuildSubstitutions). Exit 0 when everything rendered, 1 when something was not
rendered or had errors, 2 for usage or internal failure.`;

/** render is the `gitops-workbench render` command. */
export async function render(args: { argv: string[]; io: CliIo }): Promise<number> {
  const { values } = parseArgs({
    args: args.argv,
    options: { env: { type: 'string' }, repo: { type: 'string' }, format: { type: 'string', default: 'yaml' }, 'strict-substitution': { type: 'boolean', default: false } },
  });
  if (values.env === undefined || values.env === '') throw new UsageError('--env NAME is required (gitops-workbench envs lists the names)');
  if (values.format !== 'yaml' && values.format !== 'json') throw new UsageError(`--format must be yaml or json, not "${values.format}"`);
  const root = repositoryRoot({ repo: values.repo, cwd: args.io.cwd });
  const { environments } = discoverEnvironments({ root });
  const environment = findEnvironment({ environments, name: values.env });
  const result = await renderEnvironment({ root, environment, options: { env: args.io.env, cache: false, strictSubstitution: values['strict-substitution'] === true } });
  if (values.format === 'json') {
    const objects = result.objects.map((rendered) => ({ object: rendered.object, ...(rendered.origin ? { origin: rendered.origin } : {}), producedBy: rendered.producedBy }));
    args.io.stdout(`${JSON.stringify({ environment: environment.name, objects, notRendered: result.notRendered, problems: result.problems }, null, 2)}\n`);
  } else {
    args.io.stdout(formatRenderedYaml({ objects: result.objects }));
  }
  const at = (entry: { file?: string; line?: number }): string => (entry.file ? ` (${entry.file}${entry.line ? `:${entry.line}` : ''})` : '');
  for (const entry of result.notRendered) args.io.stderr(`not rendered: ${entry.source}${at(entry)}: ${entry.reason}\n`);
  for (const problem of result.problems) args.io.stderr(`${problem.severity}:${at(problem)} ${problem.message}\n`);
  return result.notRendered.length > 0 || result.problems.some((problem) => problem.severity === 'error') ? exitCodes.findings : exitCodes.clean;
}
