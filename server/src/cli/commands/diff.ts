import { createTwoFilesPatch } from 'diff';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { driftManifests } from '../../engine/drift/driftManifests';
import { objectKey, objectKeyOf } from '../../engine/drift/objectKey';
import type { PlainMap } from '../../engine/manifests/plainData';
import { UsageError, exitCodes } from '../CliError';
import type { CliIo } from '../CliIo';
import { clusterOptions, inspectFromCli } from '../inspectFromCli';
import { driftExitCode } from './drift';

export const diffUsage = `Usage: gitops-workbench diff --env NAME [KIND/NAME | KIND/NAMESPACE/NAME] [--repo DIR] [--kubeconfig FILE[:FILE…]] [--context NAME] [--exact]

Prints a unified diff, desired (Git) → live (cluster), of every object that drifted, or of the one
named — like kubectl diff, without the noise: only the fields Git declares, no server defaults,
status or managedFields, so the diff shows exactly what \`gitops-workbench drift\` reports. Secret
values are masked. Exit 0 in sync, 1 drift, 2 usage error, cluster unreachable or unreadable objects.`;

/** diff is the `gitops-workbench diff` command. */
export async function diff(args: { argv: string[]; io: CliIo }): Promise<number> {
  const { values, positionals } = parseArgs({ args: args.argv, options: clusterOptions, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('name at most one object: KIND/NAME or KIND/NAMESPACE/NAME');
  if (values.format !== undefined) throw new UsageError('diff prints a unified diff; use `gitops-workbench drift --format json` for JSON');
  const wanted = positionals[0] ? parseObjectName(positionals[0]) : undefined;
  const inspection = await inspectFromCli({ values, io: args.io });
  if (inspection.cluster.state !== 'connected') {
    args.io.stderr(`gitops-workbench diff: cluster ${inspection.cluster.state}: ${inspection.cluster.message ?? ''}\n`);
    return exitCodes.error;
  }
  const { ignoreDifferences } = inspection;
  const desiredByKey = new Map(inspection.desired.map((rendered) => [objectKey(rendered.identity), rendered.object]));
  const liveByKey = new Map<string, PlainMap>([...(inspection.live?.candidates ?? []).map((object) => [objectKeyOf(object), object] as [string, PlainMap]), ...(inspection.live?.objects ?? new Map())]);
  const selected = inspection.drift.filter((resource) => !wanted || (resource.kind.toLowerCase() === wanted.kind && resource.name === wanted.name && (wanted.namespace === undefined || resource.namespace === wanted.namespace)));
  if (wanted && selected.length === 0) throw new UsageError(`${positionals[0]} is not an object of environment ${inspection.environment.name}`);
  let output = '';
  for (const resource of selected) {
    if (resource.status === 'in-sync' || resource.status === 'unknown') {
      if (resource.status === 'unknown') args.io.stderr(`${resource.kind}/${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}: unknown (${resource.reason ?? 'not readable'})\n`);
      continue;
    }
    const group = resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0] : '';
    const key = objectKey({ group, kind: resource.kind, namespace: resource.namespace, name: resource.name });
    const documents = driftManifests({ desired: resource.status === 'extra' ? undefined : desiredByKey.get(key), live: resource.status === 'missing' ? undefined : liveByKey.get(key), ignoreDifferences });
    const id = `${resource.apiVersion.replace('/', '.')}.${resource.kind}.${resource.namespace ? `${resource.namespace}.` : ''}${resource.name}`;
    output += createTwoFilesPatch(`desired/${id}`, `live/${id}`, documents.desired ? stringify(documents.desired, { lineWidth: 0 }) : '', documents.live ? stringify(documents.live, { lineWidth: 0 }) : '', undefined, undefined, { context: 3 });
  }
  args.io.stdout(output);
  for (const problem of inspection.problems) args.io.stderr(`warning: ${problem}\n`);
  if (wanted) {
    const status = selected[0].status;
    return status === 'in-sync' ? exitCodes.clean : status === 'unknown' ? exitCodes.error : exitCodes.findings;
  }
  return driftExitCode(inspection);
}


function parseObjectName(text: string): { kind: string; namespace?: string; name: string } {
  const parts = text.split('/');
  if (parts.length === 2 && parts[0] && parts[1]) return { kind: parts[0].toLowerCase(), name: parts[1] };
  if (parts.length === 3 && parts[0] && parts[1] && parts[2]) return { kind: parts[0].toLowerCase(), namespace: parts[1], name: parts[2] };
  throw new UsageError(`"${text}" is not KIND/NAME or KIND/NAMESPACE/NAME`);
}
