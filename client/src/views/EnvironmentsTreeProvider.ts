import * as vscode from 'vscode';
import type { ResourceDriftDto } from '../../../server/src/protocol/dtos';
import type { EnvironmentEntry, EnvironmentsModel, RepositoryEntry } from '../model/EnvironmentsModel';
import { clusterStateWords, treeItemOf, worstStatus } from './treeItems';
import type { MessageNode, TreeNode } from './TreeNode';

const statusRank: Record<string, number> = { modified: 0, missing: 1, extra: 2, unknown: 3, 'in-sync': 4 };

/**
 * EnvironmentsTreeProvider shows the model as the Environments view: environment → reconciled
 * commit → pending commits → drift summary → kinds → resources → drifted fields. It refreshes
 * only the environment that changed; with no rows, the view shows the welcome content of the
 * model's view state.
 */
export class EnvironmentsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly environmentNodes = new Map<string, Extract<TreeNode, { type: 'environment' }>>();
  private readonly repositoryNodes = new Map<string, Extract<TreeNode, { type: 'repository' }>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: EnvironmentsModel) {
    this.subscription = model.onDidChange((entry) => {
      const node = entry ? this.environmentNodes.get(entry.key) : undefined;
      // An environment the view has not shown yet (or a new list) refreshes everything.
      this.changed.fire(node && node.entry === entry ? node : undefined);
    });
  }

  /** environmentNode is the (kept) row of an environment, for reveal. */
  environmentNode(entry: EnvironmentEntry): TreeNode {
    let node = this.environmentNodes.get(entry.key);
    if (!node || node.entry !== entry) {
      node = { type: 'environment', entry };
      this.environmentNodes.set(entry.key, node);
    }
    return node;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return treeItemOf(node, this.model.environments.length <= 3);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.type === 'repository') return undefined;
    if (node.type === 'environment') return this.model.repositories.length > 1 ? this.repositoryNode(node.entry.repository) : undefined;
    return undefined;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      if (this.model.viewState !== 'ready') return [];
      const repos = this.model.repositories;
      if (repos.length === 1) return repos[0].environments.map((entry) => this.environmentNode(entry));
      return repos.map((repo) => this.repositoryNode(repo));
    }
    switch (node.type) {
      case 'repository':
        return node.repo.environments.map((entry) => this.environmentNode(entry));
      case 'environment':
        return environmentChildren(node.entry);
      case 'pending':
        return pendingChildren(node.entry);
      case 'drift':
        return kindGroups(node.entry);
      case 'kind':
        return node.resources.map((resource) => ({ type: 'resource', entry: node.entry, resource }));
      case 'resource':
        return node.resource.fields.map((field) => ({ type: 'field', entry: node.entry, resource: node.resource, field }));
      case 'problems':
        return node.messages.map((message, index) => ({ type: 'message', entry: node.entry, id: `problem:${index}`, label: message, tooltip: message, icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow')) }));
      default:
        return [];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private repositoryNode(repo: RepositoryEntry): TreeNode {
    let node = this.repositoryNodes.get(repo.root);
    if (!node || node.repo !== repo) {
      node = { type: 'repository', repo };
      this.repositoryNodes.set(repo.root, node);
    }
    return node;
  }
}

function message(entry: EnvironmentEntry, fields: Omit<MessageNode, 'type' | 'entry'>): MessageNode {
  return { type: 'message', entry, ...fields };
}

function environmentChildren(entry: EnvironmentEntry): TreeNode[] {
  const { status } = entry;
  const children: TreeNode[] = [];
  if (entry.error) {
    children.push(message(entry, { id: 'error', label: 'Could not inspect the environment', description: entry.error, tooltip: entry.error, icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red')) }));
    children.push(message(entry, { id: 'retry', label: 'Retry', icon: new vscode.ThemeIcon('refresh'), command: { command: 'gitopsWorkbench.refresh', title: 'Refresh', arguments: [{ type: 'environment', entry }] } }));
  }
  if (!status) {
    if (!entry.error) children.push(message(entry, { id: 'loading', label: 'Loading…', icon: new vscode.ThemeIcon('loading~spin') }));
    return children;
  }
  const connected = status.cluster.state === 'connected';
  if (!connected) {
    const detail = [status.cluster.context ? `context ${status.cluster.context}` : '', status.cluster.server ?? ''].filter(Boolean).join(', ');
    children.push(
      message(entry, {
        id: 'cluster',
        label: capitalize(clusterStateWords(status.cluster.state)),
        description: status.cluster.message,
        tooltip: [status.cluster.message, detail].filter(Boolean).join('\n'),
        icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red')),
      }),
      message(entry, { id: 'select-context', label: 'Select kube context…', icon: new vscode.ThemeIcon('plug'), command: { command: 'gitopsWorkbench.selectContext', title: 'Select Kube Context' } }),
    );
  } else {
    children.push({ type: 'reconciled', entry }, { type: 'pending', entry });
  }
  if (status.drift.resources.length > 0 || connected) children.push({ type: 'drift', entry });
  const problems = [...status.cluster.warnings, ...status.problems.map((problem) => problem.message)];
  if (problems.length > 0) children.push({ type: 'problems', entry, messages: problems });
  return children;
}

function pendingChildren(entry: EnvironmentEntry): TreeNode[] {
  const pending = entry.status?.pending;
  if (!pending) return [];
  const children: TreeNode[] = pending.commits.map((commit) => ({ type: 'commit', entry, commit }));
  const more = (pending.count ?? pending.commits.length) - pending.commits.length;
  if (more > 0) children.push(message(entry, { id: 'more', label: `…and ${more} more`, icon: new vscode.ThemeIcon('ellipsis') }));
  return children;
}

function kindGroups(entry: EnvironmentEntry): TreeNode[] {
  const byKind = new Map<string, ResourceDriftDto[]>();
  for (const resource of entry.status?.drift.resources ?? []) byKind.set(resource.kind, [...(byKind.get(resource.kind) ?? []), resource]);
  return [...byKind]
    .map(([kind, resources]) => ({ kind, resources: [...resources].sort((a, b) => statusRank[a.status] - statusRank[b.status] || a.name.localeCompare(b.name)) }))
    .sort((a, b) => statusRank[worstStatus(a.resources)] - statusRank[worstStatus(b.resources)] || a.kind.localeCompare(b.kind))
    .map(({ kind, resources }) => ({ type: 'kind', entry, kind, resources }));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
