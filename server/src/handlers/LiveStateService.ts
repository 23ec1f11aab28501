import { stringify } from 'yaml';
import type { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { listKubeContexts } from '../engine/cluster/listKubeContexts';
import { driftManifests } from '../engine/drift/driftManifests';
import { objectKey, objectKeyOf } from '../engine/drift/objectKey';
import { discoverEnvironments } from '../engine/environments/discoverEnvironments';
import { findEnvironment } from '../engine/environments/findEnvironment';
import type { GitRepository } from '../engine/git/openRepository';
import { formatGitDate, readCommitObject } from '../engine/git/readCommitObject';
import type { EnvironmentInspection } from '../engine/inspect/EnvironmentInspection';
import { inspectEnvironment } from '../engine/inspect/inspectEnvironment';
import { openClusterSession, type ClusterFailure, type ClusterSession } from '../engine/inspect/openClusterSession';
import { watchEnvironmentObjects, type EnvironmentWatch } from '../engine/inspect/watchEnvironmentObjects';
import type { PlainMap } from '../engine/manifests/plainData';
import type { RenderCache } from '../engine/render/RenderCache';
import type { EnvironmentStatusParams, EnvironmentStatusResult, ListContextsParams, ListContextsResult, ObjectManifestParams, ObjectManifestResult } from '../protocol/dtos';
import { EnvironmentChangedNotification } from '../protocol/requests';
import { toEnvironmentStatusDto } from './toEnvironmentStatusDto';

/**
 * LiveStateService answers the live-state requests: it keeps one cluster session per kubeconfig
 * context (a failed one is retried on the next request), the latest inspection per environment
 * (diff documents come from it, so they show what the tree shows), and a watch per inspected
 * environment that tells the client, debounced, when its live objects change.
 */
export class LiveStateService {
  private readonly sessions = new Map<string, Promise<ClusterSession | ClusterFailure>>();
  private readonly inspections = new Map<string, EnvironmentInspection>();
  private readonly watches = new Map<string, EnvironmentWatch>();

  constructor(private readonly args: { connection: Connection; rootOf: (folderUri: string) => string; repositoryOf: (folderUri: string) => GitRepository | undefined; renderCache: RenderCache }) {}

  /** environmentStatus inspects an environment afresh and (re)starts its watch. */
  async environmentStatus(params: EnvironmentStatusParams, signal?: AbortSignal): Promise<EnvironmentStatusResult> {
    const { root, repo, inspection } = await this.inspect(params, signal);
    let reconciledCommit;
    if (repo && inspection.reconciled?.revision) {
      reconciledCommit = await readCommitObject({ repo, oid: inspection.reconciled.revision }).catch(() => undefined);
    }
    return toEnvironmentStatusDto({ root, inspection, reconciledCommit, reconciledDate: reconciledCommit ? formatGitDate(reconciledCommit.author) : undefined });
  }

  /** objectManifest gives one side of an object (or of the whole environment) from the latest inspection, inspecting first when there is none. */
  async objectManifest(params: ObjectManifestParams, signal?: AbortSignal): Promise<ObjectManifestResult> {
    const root = this.args.rootOf(params.folderUri);
    const environment = findEnvironment({ environments: discoverEnvironments({ root }).environments, name: params.environment });
    const key = this.inspectionKey(root, params.environment, params.context ?? environment.context);
    if (!this.inspections.has(key)) await this.environmentStatus(params, signal);
    const inspection = this.inspections.get(key)!;
    const desiredByKey = new Map(inspection.desired.map((rendered) => [objectKey(rendered.identity), rendered.object]));
    const liveByKey = new Map<string, PlainMap>();
    for (const candidate of inspection.live?.candidates ?? []) liveByKey.set(objectKeyOf(candidate), candidate);
    for (const [objectId, object] of inspection.live?.objects ?? []) liveByKey.set(objectId, object);
    const wanted = params.object;
    const documents: string[] = [];
    for (const resource of inspection.drift) {
      if (wanted && !(resource.kind === wanted.kind && resource.name === wanted.name && (resource.namespace ?? '') === (wanted.namespace ?? '') && groupOf(resource.apiVersion) === groupOf(wanted.apiVersion))) continue;
      const id = objectKey({ group: groupOf(resource.apiVersion), kind: resource.kind, namespace: resource.namespace, name: resource.name });
      const pair = driftManifests({ desired: resource.status === 'extra' ? undefined : desiredByKey.get(id), live: resource.status === 'missing' || resource.status === 'unknown' ? undefined : liveByKey.get(id), ignoreDifferences: inspection.ignoreDifferences });
      const side = params.side === 'desired' ? pair.desired : pair.live;
      if (side) documents.push(stringify(side, { lineWidth: 0 }));
      else if (wanted) documents.push(`# ${resource.kind}/${resource.name}: ${params.side === 'live' ? (resource.status === 'unknown' ? `live state unknown: ${resource.reason ?? ''}` : 'not in the cluster') : 'not in Git'}\n`);
    }
    return { yaml: documents.join('---\n') };
  }

  /**
   * inspect inspects an environment afresh with the context's shared cluster session, keeps the
   * inspection as the environment's latest (diff documents and editor drift use it) and (re)starts
   * its watch; it returns the session too, for requests that act on the cluster (gitops/sync).
   */
  async inspect(params: EnvironmentStatusParams, signal?: AbortSignal): Promise<{ root: string; repo: GitRepository | undefined; session: ClusterSession | ClusterFailure; inspection: EnvironmentInspection }> {
    const root = this.args.rootOf(params.folderUri);
    const environment = findEnvironment({ environments: discoverEnvironments({ root }).environments, name: params.environment });
    const context = params.context ?? environment.context;
    const session = await this.sessionFor({ context, kubeconfigPaths: params.kubeconfigPaths, trusted: params.trusted, signal });
    const repo = this.args.repositoryOf(params.folderUri);
    const inspection = await inspectEnvironment({ root, environment, repo, session, renderCache: this.args.renderCache, signal, options: { exact: params.exact === true } });
    if (inspection.cluster.state === 'unreachable') this.forgetSession(context, params);
    const key = this.inspectionKey(root, params.environment, context);
    this.inspections.set(key, inspection);
    this.restartWatch({ key, root, environment: params.environment, session, inspection });
    return { root, repo, session, inspection };
  }

  /** latestInspections lists the latest inspection of every environment of a repository root (for editor drift). */
  latestInspections(root: string): EnvironmentInspection[] {
    return [...this.inspections.entries()].filter(([key]) => (JSON.parse(key) as string[])[0] === root).map(([, inspection]) => inspection);
  }

  /** listContexts lists the kubeconfig's contexts. */
  listContexts(params: ListContextsParams): ListContextsResult {
    return listKubeContexts({ kubeconfigPaths: params.kubeconfigPaths });
  }

  /** dispose stops every watch and closes every session. */
  dispose(): void {
    for (const watch of this.watches.values()) watch.close();
    this.watches.clear();
    for (const session of this.sessions.values()) void session.then((value) => value.state === 'connected' && value.client.close()).catch(() => undefined);
    this.sessions.clear();
  }

  private sessionKey(context: string | undefined, params: { kubeconfigPaths?: string[]; trusted: boolean }): string {
    return JSON.stringify([context ?? '', params.kubeconfigPaths ?? [], params.trusted]);
  }

  private sessionFor(args: { context?: string; kubeconfigPaths?: string[]; trusted: boolean; signal?: AbortSignal }): Promise<ClusterSession | ClusterFailure> {
    const key = this.sessionKey(args.context, args);
    let session = this.sessions.get(key);
    if (!session) {
      session = openClusterSession({ context: args.context, kubeconfigPaths: args.kubeconfigPaths, trusted: args.trusted });
      this.sessions.set(key, session);
      // A failed connection is not kept: the next request tries again (the cluster may be back).
      void session.then((value) => value.state !== 'connected' && this.sessions.get(key) === session && this.sessions.delete(key), () => this.sessions.delete(key));
    }
    return session;
  }

  private forgetSession(context: string | undefined, params: { kubeconfigPaths?: string[]; trusted: boolean }): void {
    const key = this.sessionKey(context, params);
    const session = this.sessions.get(key);
    this.sessions.delete(key);
    void session?.then((value) => value.state === 'connected' && value.client.close()).catch(() => undefined);
  }

  private inspectionKey(root: string, environment: string, context: string | undefined): string {
    return JSON.stringify([root, environment, context ?? '']);
  }

  private restartWatch(args: { key: string; root: string; environment: string; session: ClusterSession | ClusterFailure; inspection: EnvironmentInspection }): void {
    this.watches.get(args.key)?.close();
    this.watches.delete(args.key);
    if (args.session.state !== 'connected' || args.inspection.cluster.state !== 'connected') return;
    const folderUri = URI.file(args.root).toString();
    this.watches.set(args.key, watchEnvironmentObjects({
      client: args.session.client,
      resources: args.session.resources,
      inspection: args.inspection,
      onChange: () => void this.args.connection.sendNotification(EnvironmentChangedNotification, { folderUri, environment: args.environment }),
    }));
  }
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

