import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EnvironmentDto, EnvironmentStatusParams, EnvironmentStatusResult, ProblemDto } from '../../../server/src/protocol/dtos';
import { EnvironmentStatusRequest, ListEnvironmentsRequest } from '../../../server/src/protocol/requests';
import { readClientSettings } from '../config';
import type { KubeContexts } from './KubeContexts';
import { errorMessage, isCancelled } from './requestErrors';

/** The view the model feeds (its progress bar shows the model's requests). */
export const environmentsViewId = 'gitopsWorkbench.environments';

/** RepositoryEntry is one repository of the workspace and its environments. */
export interface RepositoryEntry {
  /** `file:` URI of the workspace folder the repository was found from. */
  folderUri: string;
  /** Absolute path of the repository root. */
  root: string;
  rootUri: vscode.Uri;
  /** The workspace folder's name. */
  name: string;
  environments: EnvironmentEntry[];
  problems: ProblemDto[];
  /** Why gitops/listEnvironments failed for this folder. */
  error?: string;
}

/** EnvironmentEntry is one environment and what the server last said about it. */
export interface EnvironmentEntry {
  /** Stable identity: repository root and environment name. */
  readonly key: string;
  repository: RepositoryEntry;
  environment: EnvironmentDto;
  /** The last gitops/environmentStatus answer (kept while a refresh runs). */
  status?: EnvironmentStatusResult;
  /** Why the last gitops/environmentStatus request failed (cluster trouble is in status.cluster instead). */
  error?: string;
  loading: boolean;
  /** When the status arrived (ms since epoch). */
  updated?: number;
}

/**
 * ViewState is what the Environments view shows when it has no rows; package.json's viewsWelcome
 * has one welcome content per state (context key `gitopsWorkbench.viewState`).
 */
export type ViewState = 'noFolder' | 'untrusted' | 'loading' | 'error' | 'noEnvironments' | 'clusterUnreachable' | 'clusterError' | 'noKubeconfig' | 'ready';

const viewStateKey = 'gitopsWorkbench.viewState';
const concurrency = 2;

/**
 * EnvironmentsModel holds the workspace's repositories, their environments and each one's live
 * status. It asks the language server (gitops/listEnvironments, gitops/environmentStatus), shows
 * progress in the view while it does, never blocks the caller, cancels a request a newer one
 * replaces, and fires onDidChange with the environment that changed (undefined: everything).
 */
export class EnvironmentsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EnvironmentEntry | undefined>();
  readonly onDidChange = this.changed.event;
  private repos: RepositoryEntry[] = [];
  private listing: Promise<void> | undefined;
  private listed = false;
  private listGeneration = 0;
  private readonly inFlight = new Map<string, vscode.CancellationTokenSource>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private state: ViewState = 'loading';

  constructor(private readonly args: { client: LanguageClient; contexts: KubeContexts; output: vscode.OutputChannel }) {}

  get repositories(): readonly RepositoryEntry[] {
    return this.repos;
  }

  get environments(): EnvironmentEntry[] {
    return this.repos.flatMap((repo) => repo.environments);
  }

  get viewState(): ViewState {
    return this.state;
  }

  /**
   * viewDescription is the short text the view's title shows next to its name while it shows a
   * welcome content instead of rows: the error (VS Code hides the welcome content when a tree view
   * has a `message`, so the error cannot go there).
   */
  get viewDescription(): string | undefined {
    if (this.state === 'clusterUnreachable' || this.state === 'clusterError' || this.state === 'noKubeconfig') {
      const messages = [...new Set(this.environments.map((entry) => clusterFailure(entry)).filter((text): text is string => text !== undefined))];
      return messages.join('; ');
    }
    if (this.state === 'error') return this.repos.map((repo) => repo.error).filter(Boolean).join('; ');
    return undefined;
  }

  /** refreshAll lists the environments again and inspects every one; resolves when all answered. */
  refreshAll(): Promise<void> {
    const generation = ++this.listGeneration;
    const run = withViewProgress(async () => {
      await this.list(generation);
      if (generation !== this.listGeneration) return;
      await mapLimit(this.environments, concurrency, (entry) => this.inspect(entry));
    });
    this.listing = run;
    return run;
  }

  /** ready resolves once the environments have been listed at least once. */
  async ready(): Promise<void> {
    while (!this.listed && this.listing) await this.listing;
  }

  /** refreshEnvironment inspects one environment again. */
  refreshEnvironment(entry: EnvironmentEntry): Promise<void> {
    return withViewProgress(() => this.inspect(entry));
  }

  /**
   * scheduleRefresh refreshes an environment after `delayMs` without a newer call for it
   * (watch events and saves come in bursts). `root` is the repository root, as a path or a file URI.
   */
  scheduleRefresh(root: string, environment: string, delayMs = 500): void {
    const entry = this.find(root, environment);
    if (!entry) return;
    clearTimeout(this.timers.get(entry.key));
    this.timers.set(
      entry.key,
      setTimeout(() => {
        this.timers.delete(entry.key);
        void this.refreshEnvironment(entry);
      }, delayMs),
    );
  }

  /** find looks an environment up by repository root (path or file URI) and name. */
  find(root: string, environment: string): EnvironmentEntry | undefined {
    const rootPath = root.startsWith('file:') ? vscode.Uri.parse(root).fsPath : root;
    return this.environments.find((entry) => samePath(entry.repository.root, rootPath) && entry.environment.name === environment);
  }

  /** environmentsOfFile are the environments whose paths or inputs contain a file. */
  environmentsOfFile(uri: vscode.Uri): EnvironmentEntry[] {
    if (uri.scheme !== 'file') return [];
    return this.environments.filter((entry) => {
      const relative = path.relative(entry.repository.root, uri.fsPath).split(path.sep).join('/');
      if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
      return [...entry.environment.paths, ...entry.environment.inputs].some((input) => {
        const normalized = input.replace(/\/+$/, '');
        return normalized === '' || normalized === '.' || relative === normalized || relative.startsWith(`${normalized}/`);
      });
    });
  }

  /** statusParams are the params of gitops/environmentStatus (and, with a side, gitops/objectManifest) for an environment. */
  statusParams(entry: EnvironmentEntry): EnvironmentStatusParams {
    const settings = readClientSettings(entry.repository.rootUri);
    const context = this.args.contexts.selected;
    return {
      folderUri: entry.repository.folderUri,
      environment: entry.environment.name,
      ...(context ? { context } : {}),
      trusted: vscode.workspace.isTrusted,
      ...(settings.kubeconfigPaths.length > 0 ? { kubeconfigPaths: settings.kubeconfigPaths } : {}),
      ...(settings.driftExact ? { exact: true } : {}),
    };
  }

  dispose(): void {
    for (const source of this.inFlight.values()) source.cancel();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.changed.dispose();
  }

  private async list(generation: number): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
    if (folders.length === 0 || !vscode.workspace.isTrusted) {
      this.repos = [];
      this.listed = true;
      this.updateState();
      this.changed.fire(undefined);
      return;
    }
    const previous = new Map(this.environments.map((entry) => [entry.key, entry]));
    const found: RepositoryEntry[] = [];
    for (const folder of folders) {
      const folderUri = folder.uri.toString();
      try {
        const result = await this.args.client.sendRequest(ListEnvironmentsRequest, { folderUri });
        if (found.some((repo) => samePath(repo.root, result.root))) continue;
        const repo: RepositoryEntry = { folderUri, root: result.root, rootUri: vscode.Uri.file(result.root), name: folder.name, environments: [], problems: result.problems };
        repo.environments = result.environments.map((environment) => {
          const key = `${result.root}\u0000${environment.name}`;
          const old = previous.get(key);
          // The same object as before, so the tree keeps its rows (and their expansion).
          if (old && old.repository.root === result.root) {
            old.environment = environment;
            old.repository = repo;
            return old;
          }
          return { key, repository: repo, environment, loading: true };
        });
        found.push(repo);
      } catch (error) {
        if (isCancelled(error)) continue;
        this.args.output.appendLine(`[client] gitops/listEnvironments failed for ${folder.uri.fsPath}: ${errorMessage(error)}`);
        found.push({ folderUri, root: folder.uri.fsPath, rootUri: folder.uri, name: folder.name, environments: [], problems: [], error: errorMessage(error) });
      }
    }
    if (generation !== this.listGeneration) return;
    for (const [key, entry] of previous) {
      if (!found.some((repo) => repo.environments.some((candidate) => candidate.key === key))) this.inFlight.get(entry.key)?.cancel();
    }
    this.repos = found;
    this.listed = true;
    this.updateState();
    this.changed.fire(undefined);
  }

  private async inspect(entry: EnvironmentEntry): Promise<void> {
    this.inFlight.get(entry.key)?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.inFlight.set(entry.key, source);
    entry.loading = true;
    this.changed.fire(entry);
    try {
      const status = await this.args.client.sendRequest(EnvironmentStatusRequest, this.statusParams(entry), source.token);
      if (source.token.isCancellationRequested) return;
      entry.status = status;
      entry.error = undefined;
      entry.updated = Date.now();
    } catch (error) {
      if (source.token.isCancellationRequested || isCancelled(error)) return;
      entry.error = errorMessage(error);
      this.args.output.appendLine(`[client] gitops/environmentStatus failed for ${entry.environment.name}: ${entry.error}`);
    } finally {
      if (this.inFlight.get(entry.key) === source) {
        this.inFlight.delete(entry.key);
        entry.loading = false;
        const before = this.state;
        this.updateState();
        this.changed.fire(before === this.state ? entry : undefined);
      }
      source.dispose();
    }
  }

  private updateState(): void {
    const environments = this.environments;
    let state: ViewState;
    if ((vscode.workspace.workspaceFolders ?? []).length === 0) state = 'noFolder';
    else if (!vscode.workspace.isTrusted) state = 'untrusted';
    else if (!this.listed) state = 'loading';
    else if (environments.length === 0) state = this.repos.length > 0 && this.repos.every((repo) => repo.error) ? 'error' : 'noEnvironments';
    else if (environments.every((entry) => entry.status && entry.status.cluster.state !== 'connected' && entry.status.cluster.state !== 'untrusted')) {
      // No environment could use its cluster: the view says so (and offers another context)
      // instead of listing rows of unknowns.
      const states = new Set(environments.map((entry) => entry.status?.cluster.state));
      state = states.has('unreachable') ? 'clusterUnreachable' : states.has('error') ? 'clusterError' : 'noKubeconfig';
    } else state = 'ready';
    if (state !== this.state && (state === 'clusterUnreachable' || state === 'clusterError' || state === 'noKubeconfig')) {
      for (const entry of environments) this.args.output.appendLine(`[client] ${entry.environment.name}: ${clusterFailure(entry) ?? 'cluster not used'}`);
    }
    this.state = state;
    void vscode.commands.executeCommand('setContext', viewStateKey, state);
  }
}

/** clusterFailure says, in one line, why an environment's cluster could not be used (undefined when it could). */
function clusterFailure(entry: EnvironmentEntry): string | undefined {
  const cluster = entry.status?.cluster;
  if (!cluster || cluster.state === 'connected') return undefined;
  return `${cluster.context ?? 'cluster'}${cluster.server ? ` (${cluster.server})` : ''}: ${cluster.message ?? cluster.state}`;
}

/** withViewProgress shows the progress bar of the Environments view while `task` runs. */
function withViewProgress<T>(task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId: environmentsViewId } }, task));
}

async function mapLimit<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  });
  await Promise.all(workers);
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}
