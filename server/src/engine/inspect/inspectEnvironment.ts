import { applyObject } from '../cluster/applyObject';
import type { KubeObject } from '../cluster/KubeClient';
import { ClusterUnreachableError } from '../cluster/errors/ClusterUnreachableError';
import { KubeApiError } from '../cluster/errors/KubeApiError';
import { readReconciledRevision } from '../cluster/status/readReconciledRevision';
import { readPendingCommits } from '../cluster/status/readPendingCommits';
import { compareObject } from '../drift/compareObject';
import { computeDrift, type EarlyComparison } from '../drift/computeDrift';
import { notComparedReason } from '../drift/notComparedReason';
import type { ResourceDrift } from '../drift/Drift';
import { ignoreDifferenceProblems } from '../drift/ignore/ignoreDifferenceProblems';
import { objectKey } from '../drift/objectKey';
import { readRepoConfig } from '../config/readRepoConfig';
import type { RepoConfig } from '../config/RepoConfig';
import type { Environment } from '../environments/Environment';
import type { GitRepository } from '../git/openRepository';
import { resolveRevision } from '../git/resolveRevision';
import type { RenderCache } from '../render/RenderCache';
import { renderEnvironment } from '../render/renderEnvironment';
import type { RenderResult } from '../render/RenderedObject';
import type { EnvironmentInspection } from './EnvironmentInspection';
import { fetchLiveState } from './fetchLiveState';
import type { ClusterFailure, ClusterSession } from './openClusterSession';
import { resolveDesiredScope, type ScopedObject } from './resolveDesiredScope';

/** fieldManager is the field manager GitOps Workbench applies and dry-runs with. */
export const fieldManager = 'gitops-workbench';

/** InspectEnvironmentOptions tune an inspection. */
export interface InspectEnvironmentOptions {
  /** Confirm each modified object with a server-side apply dry-run, as Flux does (slower, exact). */
  exact: boolean;
  /** Most pending commits listed (the count is exact regardless). */
  pendingLimit: number;
  /** Keep live managedFields in `live` (a sync plan reads them); when false they are dropped unless ignoreDifferences' managedFieldsManagers need them. */
  keepManagedFields: boolean;
}

export function defaultInspectEnvironmentOptions(): InspectEnvironmentOptions {
  return { exact: false, pendingLimit: 50, keepManagedFields: true };
}

/** Dry-run verdicts by live resourceVersion, so exact mode asks the server once per live change. */
const exactCache = new Map<string, string[]>();

/**
 * inspectEnvironment renders an environment, reads its reconciled revision, pending commits and live
 * objects from the cluster session, and computes drift with the repository's ignoreDifferences. When
 * the cluster could not be used (`session` is a ClusterFailure) every desired object is `unknown`
 * with the reason, and the rest (render, head) is still reported. Throws only for cancellation and
 * unexpected failures; a cluster that stops answering mid-way becomes an unreachable state.
 */
export async function inspectEnvironment(args: {
  root: string;
  environment: Environment;
  repo?: GitRepository;
  session: ClusterSession | ClusterFailure;
  renderCache?: RenderCache | false;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  options?: Partial<InspectEnvironmentOptions>;
}): Promise<EnvironmentInspection> {
  const options = { ...defaultInspectEnvironmentOptions(), ...args.options };
  const { environment, session, repo, signal } = args;
  const config = readRepoConfig({ root: args.root });
  const problems = ignoreDifferenceProblems({ ignoreDifferences: config.ignoreDifferences }).map((problem) => `.gitops-workbench.yaml ignoreDifferences[${problem.index}].${problem.field}: ${problem.message}`);
  const [render, head] = await Promise.all([
    renderEnvironment({ root: args.root, environment, options: { ...(args.renderCache !== undefined ? { cache: args.renderCache } : {}), ...(args.env ? { env: args.env } : {}), signal } }),
    repo ? resolveRevision({ repo, revision: 'HEAD', allowMissingHead: true }).catch(() => undefined) : Promise.resolve(undefined),
  ]);
  for (const problem of render.problems) problems.push(`${problem.file ? `${problem.file}${problem.line ? `:${problem.line}` : ''}: ` : ''}${problem.message}`);
  for (const part of render.notRendered) problems.push(`not rendered: ${part.source}: ${part.reason}`);

  const unavailable = (failure: ClusterFailure): EnvironmentInspection => {
    const desired = render.objects.map((rendered) => ({ ...rendered, identity: { ...rendered.identity, namespace: rendered.identity.namespace ?? environment.namespace } }));
    return {
      environment,
      cluster: { state: failure.state, context: failure.context, server: failure.server, message: failure.message, warnings: failure.warnings },
      head,
      render,
      desired,
      drift: desired.map((rendered) => unknownDrift(rendered, failure.message)),
      ignoreDifferences: config.ignoreDifferences,
      problems,
    };
  };
  if (session.state !== 'connected') return unavailable(session);
  try {
    return await inspectLive({ ...args, session, options, render, head, config, problems });
  } catch (error) {
    // A cluster that stops answering mid-way is reported like one that never answered.
    if (!(error instanceof ClusterUnreachableError)) throw error;
    return unavailable({ state: 'unreachable', message: error.message, context: session.connection.context, server: session.connection.server, warnings: session.connection.warnings });
  }
}

async function inspectLive(args: {
  root: string;
  environment: Environment;
  repo?: GitRepository;
  session: ClusterSession;
  signal?: AbortSignal;
  options: InspectEnvironmentOptions;
  render: RenderResult;
  head: string | undefined;
  config: RepoConfig;
  problems: string[];
}): Promise<EnvironmentInspection> {
  const { environment, session, repo, signal, options, render, head, config, problems } = args;

  const { client, connection, resources } = session;
  const cluster = { state: 'connected' as const, context: connection.context, server: connection.server, warnings: connection.warnings };
  const defaultNamespace = environment.namespace ?? connection.namespace ?? 'default';
  const { scoped, unserved, unservedObjects } = resolveDesiredScope({ desired: render.objects, resources, defaultNamespace });
  // The reconciled revision is read while the desired kinds are listed: only the reads for extra
  // objects need its ownership markers.
  const reconciledPromise = readReconciledRevision({ client, environment, repo, signal });
  const pendingPromise = reconciledPromise.then((reconciled) => (repo ? readPendingCommits({ repo, environment, reconciled, limit: options.pendingLimit, signal }) : undefined)).catch((error: unknown) => ({ behind: undefined, pending: [], ref: 'HEAD', message: error instanceof Error ? error.message : String(error) }));
  // Each kind's objects are compared as soon as its LIST is read, while the server answers the others.
  const compared = new Map<string, EarlyComparison>();
  const compareListed = (found: ReadonlyArray<{ scoped: ScopedObject; live: KubeObject }>): void => {
    for (const { scoped, live } of found) {
      const key = objectKey(scoped.rendered.identity);
      if (compared.has(key) || notComparedReason({ desired: scoped.rendered.object, live })) continue;
      compared.set(key, { desired: scoped.rendered.object, live, fields: compareObject({ desired: scoped.rendered.object, live, ignoreDifferences: config.ignoreDifferences }) });
    }
  };
  const ownership = reconciledPromise.then((reconciled) => ({ markers: reconciled.markers, applySetGroupKinds: reconciled.applySet?.groupKinds }));
  // Awaited below (or by fetchLiveState); this only keeps a failure while a LIST fails too from being unhandled.
  ownership.catch(() => undefined);
  const keepManagedFields = options.keepManagedFields || config.ignoreDifferences.some((rule) => (rule.managedFieldsManagers?.length ?? 0) > 0);
  const live = await fetchLiveState({ client, resources, desired: scoped, ownership, onListed: compareListed, signal, options: { keepManagedFields } });
  const reconciled = await reconciledPromise;
  for (const [key, reason] of unserved) live.unknown.set(key, reason);
  const desired = [...scoped.map((entry) => entry.rendered), ...unservedObjects];
  let drift = computeDrift({ desired, live, ignoreDifferences: config.ignoreDifferences, compared });
  if (options.exact) drift = await confirmWithDryRun({ drift, scoped, live, ignoreDifferences: config.ignoreDifferences, session, signal });
  for (const problem of reconciled.problems) problems.push(problem.message);
  return { environment, cluster, head, reconciled, pending: await pendingPromise, render, desired, live, drift, ignoreDifferences: config.ignoreDifferences, problems };
}

function unknownDrift(rendered: { identity: { apiVersion: string; kind: string; namespace?: string; name: string }; origin?: { file: string; line: number } }, reason: string): ResourceDrift {
  const { identity } = rendered;
  return { apiVersion: identity.apiVersion, kind: identity.kind, ...(identity.namespace ? { namespace: identity.namespace } : {}), name: identity.name, status: 'unknown', fields: [], reason, ...(rendered.origin ? { origin: rendered.origin } : {}) };
}

/**
 * confirmWithDryRun keeps, of each modified object's fields, only those a server-side apply dry-run
 * (force, our field manager) would still leave different from live — as Flux decides drift. A field
 * the server would normalise to the live value is not drift. Verdicts are cached by the live
 * object's resourceVersion.
 */
async function confirmWithDryRun(args: { drift: ResourceDrift[]; scoped: readonly ScopedObject[]; live: { objects: Map<string, Record<string, unknown>> }; ignoreDifferences: Parameters<typeof compareObject>[0]['ignoreDifferences']; session: ClusterSession; signal?: AbortSignal }): Promise<ResourceDrift[]> {
  const byKey = new Map(args.scoped.map((entry) => [objectKey(entry.rendered.identity), entry]));
  return Promise.all(args.drift.map(async (resource) => {
    if (resource.status !== 'modified') return resource;
    const key = objectKey({ group: resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0] : '', kind: resource.kind, namespace: resource.namespace, name: resource.name });
    const scoped = byKey.get(key);
    const liveObject = args.live.objects.get(key);
    if (!scoped || !liveObject) return resource;
    const version = String((liveObject.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
    const cacheKey = `${args.session.connection.server}|${key}|${version}|${JSON.stringify(scoped.rendered.object)}`;
    let stillDifferent = exactCache.get(cacheKey);
    if (!stillDifferent) {
      try {
        const result = await applyObject({ client: args.session.client, resource: scoped.resource, object: scoped.rendered.object, fieldManager, force: true, dryRun: true, signal: args.signal });
        stillDifferent = compareObject({ desired: result, live: liveObject, ignoreDifferences: args.ignoreDifferences }).map((field) => field.path);
      } catch (error) {
        // A dry-run the server refuses (validation, admission) leaves the client-side verdict standing.
        if (!(error instanceof KubeApiError)) throw error;
        return { ...resource, reason: `the server-side dry-run failed: ${error.message}` };
      }
      if (exactCache.size > 5000) exactCache.clear();
      exactCache.set(cacheKey, stillDifferent);
    }
    const paths = stillDifferent;
    const fields = resource.fields.filter((field) => paths.some((path) => path === field.path || path.startsWith(`${field.path}.`) || path.startsWith(`${field.path}[`) || field.path.startsWith(`${path}.`) || field.path.startsWith(`${path}[`)));
    return fields.length > 0 ? { ...resource, fields } : { ...resource, status: 'in-sync' as const, fields: [], reason: 'the server-side apply dry-run leaves it unchanged' };
  }));
}
