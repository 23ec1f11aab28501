import * as vscode from 'vscode';
import type { DriftStatusDto, EnvironmentStatusResult, ResourceDriftDto } from '../../../server/src/protocol/dtos';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { age, driftCount, driftSummary, escapeMarkdown, fieldLine, formatValue, plural, shortSha, statusLabel } from './format';
import type { TreeNode } from './TreeNode';

const color = (id: string): vscode.ThemeColor => new vscode.ThemeColor(id);

/** The icon and colour of each drift status. */
export function statusIcon(status: DriftStatusDto): vscode.ThemeIcon {
  switch (status) {
    case 'in-sync':
      return new vscode.ThemeIcon('pass', color('charts.green'));
    case 'modified':
      return new vscode.ThemeIcon('diff-modified', color('charts.yellow'));
    case 'missing':
      return new vscode.ThemeIcon('diff-removed', color('charts.red'));
    case 'extra':
      return new vscode.ThemeIcon('diff-added', color('charts.orange'));
    default:
      return new vscode.ThemeIcon('question', color('disabledForeground'));
  }
}

/** environmentHealth sums an environment's status up: what its row's icon and words say. */
export function environmentHealth(entry: EnvironmentEntry): { icon: vscode.ThemeIcon; words: string } {
  const { status } = entry;
  if (entry.error && !status) return { icon: new vscode.ThemeIcon('error', color('charts.red')), words: 'status failed' };
  if (!status) return { icon: new vscode.ThemeIcon('loading~spin'), words: 'loading…' };
  if (status.cluster.state !== 'connected') return { icon: new vscode.ThemeIcon('error', color('charts.red')), words: clusterStateWords(status.cluster.state) };
  const ready = status.reconciled.ready;
  const drifted = driftCount(status);
  const readyWords = ready === true ? 'Ready' : ready === false ? 'not Ready' : status.reconciled.source === null ? 'no reconciler status' : 'status unknown';
  if (ready === false) return { icon: new vscode.ThemeIcon('error', color('charts.red')), words: readyWords };
  if (drifted > 0) return { icon: new vscode.ThemeIcon('warning', color('charts.yellow')), words: readyWords };
  if ((status.pending.count ?? status.pending.commits.length) > 0) return { icon: new vscode.ThemeIcon('sync', color('charts.blue')), words: readyWords };
  if ((status.drift.counts.unknown ?? 0) > 0) return { icon: new vscode.ThemeIcon('question', color('charts.yellow')), words: readyWords };
  return { icon: new vscode.ThemeIcon('pass-filled', color('charts.green')), words: readyWords };
}

export function clusterStateWords(state: EnvironmentStatusResult['cluster']['state']): string {
  switch (state) {
    case 'unreachable':
      return 'cluster unreachable';
    case 'no-kubeconfig':
      return 'no kubeconfig';
    case 'untrusted':
      return 'restricted mode';
    case 'error':
      return 'cluster error';
    default:
      return 'connected';
  }
}

function environmentItem(entry: EnvironmentEntry, expand: boolean): vscode.TreeItem {
  const { status, environment } = entry;
  const item = new vscode.TreeItem(environment.name, expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `env:${entry.key}`;
  const health = environmentHealth(entry);
  const reconciler = status?.reconciler ?? environment.reconciler ?? environment.source;
  const context = status?.cluster.context ?? environment.context;
  item.description = [reconciler, entry.loading && status ? `${health.words} (refreshing…)` : health.words, context].filter(Boolean).join(' · ');
  item.iconPath = entry.loading && status ? new vscode.ThemeIcon('sync~spin') : health.icon;
  item.tooltip = environmentTooltip(entry);
  item.contextValue = `gitops.environment${status?.reconciled.revision ? '.reconciled' : ''}`;
  return item;
}

/** environmentTooltip is the environment's details in Markdown. */
export function environmentTooltip(entry: EnvironmentEntry): vscode.MarkdownString {
  const { status, environment } = entry;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMarkdown(environment.name)}** — ${escapeMarkdown(environment.source)}`);
  if (status) md.appendMarkdown(`, reconciled by ${escapeMarkdown(status.reconciler)}`);
  md.appendMarkdown('\n\n');
  md.appendMarkdown(`Paths: ${environment.paths.map((p) => `\`${p}\``).join(', ') || '—'}\n\n`);
  if (entry.error) md.appendMarkdown(`$(error) ${escapeMarkdown(entry.error)}\n\n`);
  if (!status) {
    md.appendMarkdown(entry.loading ? '$(loading~spin) Loading…' : 'Not inspected yet.');
    return md;
  }
  const { cluster, reconciled, pending } = status;
  md.appendMarkdown(`Cluster: ${cluster.state === 'connected' ? '$(pass)' : '$(error)'} ${escapeMarkdown(clusterStateWords(cluster.state))}`);
  if (cluster.context) md.appendMarkdown(` — context \`${cluster.context}\``);
  if (cluster.server) md.appendMarkdown(` (${escapeMarkdown(cluster.server)})`);
  md.appendMarkdown('\n\n');
  if (cluster.message && cluster.state !== 'connected') md.appendMarkdown(`> ${escapeMarkdown(cluster.message)}\n\n`);
  for (const warning of cluster.warnings) md.appendMarkdown(`$(warning) ${escapeMarkdown(warning)}\n\n`);
  if (reconciled.revision) {
    md.appendMarkdown(`Reconciled: \`${shortSha(reconciled.revision)}\` ${escapeMarkdown(reconciled.subject ?? reconciled.ref ?? '')}${reconciled.date ? ` (${age(reconciled.date)})` : ''}`);
    md.appendMarkdown(reconciled.ready === true ? ' — Ready' : reconciled.ready === false ? ' — **not Ready**' : '');
    md.appendMarkdown('\n\n');
  } else if (cluster.state === 'connected') {
    md.appendMarkdown(`Reconciled: ${escapeMarkdown(reconciled.source === null ? 'no reconciler status found' : 'not yet')}\n\n`);
  }
  if (reconciled.message) md.appendMarkdown(`> ${escapeMarkdown(reconciled.message)}\n\n`);
  const count = pending.count ?? (pending.reason ? undefined : pending.commits.length);
  md.appendMarkdown(`Pending: ${count === undefined ? `unknown${pending.reason ? ` (${escapeMarkdown(pending.reason)})` : ''}` : plural(count, 'commit')}\n\n`);
  const summary = driftSummary(status.drift.counts);
  md.appendMarkdown(`Drift: ${summary ? escapeMarkdown(summary) : 'none'}, ${status.drift.counts['in-sync'] ?? 0} in sync\n\n`);
  if (status.problems.length > 0) md.appendMarkdown(`$(warning) ${plural(status.problems.length, 'problem')}\n\n`);
  if (entry.updated) md.appendMarkdown(`_Updated ${new Date(entry.updated).toLocaleTimeString()}_`);
  return md;
}

function reconciledItem(entry: EnvironmentEntry, status: EnvironmentStatusResult): vscode.TreeItem {
  const { reconciled } = status;
  const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
  item.id = `env:${entry.key}:reconciled`;
  const tint = reconciled.ready === false ? 'charts.red' : reconciled.revision ? 'charts.green' : 'disabledForeground';
  item.iconPath = new vscode.ThemeIcon('git-commit', color(tint));
  if (reconciled.revision) {
    item.label = `${shortSha(reconciled.revision)} ${reconciled.subject ?? reconciled.ref ?? ''}`.trim();
    item.description = ['reconciled', age(reconciled.date), reconciled.ready === false ? 'not Ready' : ''].filter(Boolean).join(' · ');
    item.contextValue = 'gitops.reconciledCommit';
    item.command = { command: 'gitopsWorkbench.openReconciledCommit', title: 'Open Reconciled Commit', arguments: [{ type: 'reconciled', entry }] };
  } else {
    item.label = reconciled.source === null ? 'No reconciler status found' : 'Not reconciled yet';
    item.description = reconciled.message;
  }
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Last reconciled commit** (${escapeMarkdown(reconciled.source ?? 'no reconciler')})\n\n`);
  if (reconciled.revision) md.appendMarkdown(`\`${reconciled.revision}\`\n\n${escapeMarkdown(reconciled.subject ?? '')}\n\n`);
  if (reconciled.ref) md.appendMarkdown(`Ref: \`${reconciled.ref}\`\n\n`);
  if (reconciled.date) md.appendMarkdown(`Date: ${escapeMarkdown(new Date(reconciled.date).toLocaleString())} (${age(reconciled.date)})\n\n`);
  if (reconciled.ready !== undefined) md.appendMarkdown(`Ready: ${reconciled.ready ? 'yes' : '**no**'}\n\n`);
  if (reconciled.message) md.appendMarkdown(`> ${escapeMarkdown(reconciled.message)}`);
  item.tooltip = md;
  return item;
}

function pendingItem(entry: EnvironmentEntry, status: EnvironmentStatusResult): vscode.TreeItem {
  const { pending } = status;
  const count = pending.count ?? (pending.reason ? undefined : pending.commits.length);
  const item = new vscode.TreeItem('', pending.commits.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `env:${entry.key}:pending`;
  if (count === undefined) {
    item.label = 'Pending commits unknown';
    item.description = pending.reason;
    item.iconPath = new vscode.ThemeIcon('question', color('disabledForeground'));
  } else if (count === 0) {
    item.label = 'No commits pending';
    item.description = status.head ? `at ${shortSha(status.head)}` : undefined;
    item.iconPath = new vscode.ThemeIcon('check', color('charts.green'));
  } else {
    item.label = `${plural(count, 'commit')} pending`;
    item.description = status.head ? `head ${shortSha(status.head)}` : undefined;
    item.iconPath = new vscode.ThemeIcon('history', color('charts.blue'));
  }
  item.tooltip = count ? `${plural(count, 'commit')} on the branch change this environment and are not reconciled yet.` : pending.reason ?? 'The reconciled commit is the newest that changes this environment.';
  item.contextValue = 'gitops.pending';
  return item;
}

function commitItem(entry: EnvironmentEntry, node: Extract<TreeNode, { type: 'commit' }>): vscode.TreeItem {
  const { commit } = node;
  const item = new vscode.TreeItem(`${shortSha(commit.sha)} ${commit.subject}`, vscode.TreeItemCollapsibleState.None);
  item.id = `env:${entry.key}:commit:${commit.sha}`;
  item.description = [commit.author, age(commit.date)].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('git-commit', color('charts.blue'));
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMarkdown(commit.subject)}**\n\n\`${commit.sha}\`\n\n${escapeMarkdown(commit.author)} <${escapeMarkdown(commit.authorEmail)}>, ${escapeMarkdown(new Date(commit.date).toLocaleString())}\n\n`);
  if (commit.files.length > 0) md.appendMarkdown(`Changes to this environment:\n\n${commit.files.map((file) => `- \`${file}\``).join('\n')}`);
  item.tooltip = md;
  item.contextValue = 'gitops.pendingCommit';
  item.command = { command: 'gitopsWorkbench.showCommitChanges', title: 'Show Commit Changes', arguments: [node] };
  return item;
}

function driftItem(entry: EnvironmentEntry, status: EnvironmentStatusResult): vscode.TreeItem {
  const { counts, resources } = status.drift;
  const summary = driftSummary(counts);
  const drifted = driftCount(status);
  const inSync = counts['in-sync'] ?? 0;
  const label = summary || (resources.length > 0 ? 'In sync' : 'No objects');
  const item = new vscode.TreeItem(label, resources.length === 0 ? vscode.TreeItemCollapsibleState.None : drifted > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `env:${entry.key}:drift`;
  item.description = summary ? (inSync > 0 ? `${inSync} in sync` : undefined) : plural(resources.length, 'object');
  item.iconPath = drifted > 0 ? new vscode.ThemeIcon('diff', color('charts.yellow')) : (counts.unknown ?? 0) > 0 ? new vscode.ThemeIcon('question', color('disabledForeground')) : new vscode.ThemeIcon('pass', color('charts.green'));
  item.tooltip = drifted > 0 ? `Drift: ${summary}. Preview the whole environment's diff with the inline action.` : (counts.unknown ?? 0) > 0 ? 'The live state of some objects is unknown.' : 'Every object matches Git.';
  item.contextValue = 'gitops.drift';
  return item;
}

/** worstStatus is the status a group shows: the first of the display order present. */
export function worstStatus(resources: readonly ResourceDriftDto[]): DriftStatusDto {
  const order: DriftStatusDto[] = ['modified', 'missing', 'extra', 'unknown', 'in-sync'];
  return order.find((status) => resources.some((resource) => resource.status === status)) ?? 'in-sync';
}

function kindItem(entry: EnvironmentEntry, node: Extract<TreeNode, { type: 'kind' }>): vscode.TreeItem {
  const worst = worstStatus(node.resources);
  const item = new vscode.TreeItem(node.kind, worst === 'in-sync' || worst === 'unknown' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
  item.id = `env:${entry.key}:kind:${node.kind}`;
  const counts: Partial<Record<DriftStatusDto, number>> = {};
  for (const resource of node.resources) counts[resource.status] = (counts[resource.status] ?? 0) + 1;
  item.description = driftSummary(counts) || `${node.resources.length} in sync`;
  item.iconPath = new vscode.ThemeIcon('symbol-class', statusIcon(worst).color);
  item.tooltip = `${plural(node.resources.length, node.kind, node.kind)}: ${item.description}`;
  return item;
}

function resourceItem(entry: EnvironmentEntry, node: Extract<TreeNode, { type: 'resource' }>): vscode.TreeItem {
  const { resource } = node;
  const item = new vscode.TreeItem(resource.name, resource.fields.length === 0 ? vscode.TreeItemCollapsibleState.None : resource.fields.length <= 6 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `env:${entry.key}:resource:${resource.apiVersion}/${resource.kind}/${resource.namespace ?? ''}/${resource.name}`;
  item.description = [statusLabel(resource.status), resource.namespace].filter(Boolean).join(' · ');
  item.iconPath = statusIcon(resource.status);
  item.contextValue = `gitops.resource.${resource.status}${resource.location ? '.located' : ''}`;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMarkdown(resource.kind)}/${escapeMarkdown(resource.name)}** — ${escapeMarkdown(statusLabel(resource.status))}\n\n`);
  md.appendMarkdown(`\`${resource.apiVersion}\`${resource.namespace ? ` in namespace \`${resource.namespace}\`` : ''}\n\n`);
  if (resource.reason) md.appendMarkdown(`> ${escapeMarkdown(resource.reason)}\n\n`);
  if (resource.fields.length > 0) {
    md.appendMarkdown('| field | Git | cluster |\n| --- | --- | --- |\n');
    for (const field of resource.fields.slice(0, 20)) md.appendMarkdown(`| \`${field.path}\` | ${escapeMarkdown(formatValue(field.desired, 40))} | ${escapeMarkdown(formatValue(field.live, 40))} |\n`);
    if (resource.fields.length > 20) md.appendMarkdown(`\n…and ${resource.fields.length - 20} more\n`);
  }
  if (resource.location) md.appendMarkdown(`\nDeclared in \`${escapeMarkdown(vscode.workspace.asRelativePath(vscode.Uri.parse(resource.location.uri)))}\`, line ${resource.location.line + 1}`);
  item.tooltip = md;
  item.command = resource.location
    ? { command: 'gitopsWorkbench.openResource', title: 'Open Source', arguments: [node] }
    : resource.status === 'extra'
      ? { command: 'gitopsWorkbench.previewDiff', title: 'Preview Diff', arguments: [node] }
      : undefined;
  return item;
}

function fieldItem(entry: EnvironmentEntry, node: Extract<TreeNode, { type: 'field' }>): vscode.TreeItem {
  const { field, resource } = node;
  const item = new vscode.TreeItem(field.path, vscode.TreeItemCollapsibleState.None);
  item.id = `env:${entry.key}:resource:${resource.apiVersion}/${resource.kind}/${resource.namespace ?? ''}/${resource.name}:field:${field.path}`;
  item.description = `${formatValue(field.desired)} → ${formatValue(field.live)}`;
  item.iconPath = new vscode.ThemeIcon('symbol-field', color('charts.yellow'));
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`\`${field.path}\`\n\nGit:\n\`\`\`json\n${JSON.stringify(field.desired, null, 2) ?? '(absent)'}\n\`\`\`\nCluster:\n\`\`\`json\n${JSON.stringify(field.live, null, 2) ?? '(absent)'}\n\`\`\``);
  item.tooltip = md;
  item.accessibilityInformation = { label: fieldLine(field) };
  // Adopt Drift fits a field Git declares somewhere (a Secret's values are masked: never adoptable).
  item.contextValue = `gitops.field${resource.status === 'modified' && resource.location && resource.kind !== 'Secret' ? '.adoptable' : ''}`;
  if (resource.location) item.command = { command: 'gitopsWorkbench.openResource', title: 'Open Source', arguments: [{ type: 'resource', entry, resource }] };
  return item;
}

/** treeItemOf builds the row a node shows. `expandEnvironments` opens environment rows at first sight. */
export function treeItemOf(node: TreeNode, expandEnvironments: boolean): vscode.TreeItem {
  switch (node.type) {
    case 'repository': {
      const item = new vscode.TreeItem(node.repo.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `repo:${node.repo.root}`;
      item.description = node.repo.error ?? plural(node.repo.environments.length, 'environment');
      item.iconPath = new vscode.ThemeIcon(node.repo.error ? 'error' : 'repo', node.repo.error ? color('charts.red') : undefined);
      item.tooltip = node.repo.root;
      item.contextValue = 'gitops.repository';
      return item;
    }
    case 'environment':
      return environmentItem(node.entry, expandEnvironments);
    case 'reconciled':
      return reconciledItem(node.entry, node.entry.status!);
    case 'pending':
      return pendingItem(node.entry, node.entry.status!);
    case 'commit':
      return commitItem(node.entry, node);
    case 'drift':
      return driftItem(node.entry, node.entry.status!);
    case 'kind':
      return kindItem(node.entry, node);
    case 'resource':
      return resourceItem(node.entry, node);
    case 'field':
      return fieldItem(node.entry, node);
    case 'problems': {
      const item = new vscode.TreeItem(plural(node.messages.length, 'problem'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `env:${node.entry.key}:problems`;
      item.iconPath = new vscode.ThemeIcon('warning', color('charts.yellow'));
      item.tooltip = node.messages.join('\n');
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = `${node.entry ? `env:${node.entry.key}:` : ''}message:${node.id}`;
      item.description = node.description;
      item.tooltip = node.tooltip ?? node.description;
      item.iconPath = node.icon;
      item.command = node.command;
      item.contextValue = 'gitops.message';
      return item;
    }
  }
}
