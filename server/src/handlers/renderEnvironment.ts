import { discoverEnvironments } from '../engine/environments/discoverEnvironments';
import { findEnvironment } from '../engine/environments/findEnvironment';
import { formatRenderedYaml } from '../engine/render/formatRenderedYaml';
import type { RenderCache } from '../engine/render/RenderCache';
import { renderEnvironment as renderEngine } from '../engine/render/renderEnvironment';
import type { RenderEnvironmentResult } from '../protocol/dtos';
import { toLocation } from './listEnvironments';

/** renderEnvironment answers gitops/renderEnvironment: discovery, then the render of the named environment. */
export async function renderEnvironment(args: { root: string; environment: string; cache: RenderCache; signal?: AbortSignal }): Promise<RenderEnvironmentResult> {
  const discovered = discoverEnvironments({ root: args.root });
  const environment = findEnvironment({ environments: discovered.environments, name: args.environment });
  const result = await renderEngine({ root: args.root, environment, options: { cache: args.cache, signal: args.signal } });
  return {
    environment: environment.name,
    objects: result.objects.map((rendered) => ({
      apiVersion: rendered.identity.apiVersion,
      kind: rendered.identity.kind,
      name: rendered.identity.name,
      ...(rendered.identity.namespace ? { namespace: rendered.identity.namespace } : {}),
      object: rendered.object,
      ...(rendered.origin ? { origin: toLocation(args.root, rendered.origin.file, rendered.origin.line) } : {}),
      producedBy: rendered.producedBy,
    })),
    notRendered: result.notRendered.map((entry) => ({
      source: entry.source,
      code: entry.code,
      reason: entry.reason,
      ...(entry.file ? { location: toLocation(args.root, entry.file, entry.line ?? 1) } : {}),
    })),
    problems: result.problems.map((problem) => ({
      severity: problem.severity,
      message: problem.message,
      ...(problem.file ? { location: toLocation(args.root, problem.file, problem.line ?? 1) } : {}),
    })),
    yaml: formatRenderedYaml({ objects: result.objects }),
    cached: result.cached,
  };
}
