import type { ApiResource } from './KubeClient';

/**
 * findApiResource finds the resource kind for an object's apiVersion and kind in discovery's list.
 * With `anyVersion`, a group that no longer serves that version (an object written for an older API)
 * gives the group's preferred version of the kind instead; discovery lists preferred versions first.
 */
export function findApiResource(args: { resources: readonly ApiResource[]; apiVersion: string; kind: string; anyVersion?: boolean }): ApiResource | undefined {
  const slash = args.apiVersion.indexOf('/');
  const group = slash >= 0 ? args.apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? args.apiVersion.slice(slash + 1) : args.apiVersion;
  const sameKind = args.resources.filter((resource) => resource.group === group && resource.kind === args.kind);
  return sameKind.find((resource) => resource.version === version) ?? (args.anyVersion ? sameKind[0] : undefined);
}
