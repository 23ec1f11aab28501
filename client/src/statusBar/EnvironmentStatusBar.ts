import * as vscode from 'vscode';
import type { EnvironmentsModel } from '../model/EnvironmentsModel';
import type { KubeContexts } from '../model/KubeContexts';
import { driftCount, driftSummary, escapeMarkdown, plural } from '../views/format';
import { clusterStateWords } from '../views/treeItems';

/**
 * EnvironmentStatusBar shows the kube context in use and, for the environment whose paths or
 * inputs contain the active file, its drift count. Clicking it focuses the Environments view on
 * that environment.
 */
export class EnvironmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gitopsWorkbench.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly args: { model: EnvironmentsModel; contexts: KubeContexts }) {
    this.item.name = 'GitOps Workbench';
    this.disposables.push(
      this.item,
      args.model.onDidChange(() => this.update()),
      args.contexts.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  /** text is what the item shows now (for tests). */
  get text(): string {
    return this.item.text;
  }

  /** command is what clicking the item runs (for tests). */
  get command(): vscode.Command | undefined {
    const command = this.item.command;
    return typeof command === 'string' ? { command, title: '' } : command;
  }

  update(): void {
    const { model, contexts } = this.args;
    if (model.environments.length === 0) {
      this.item.hide();
      return;
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    const entry = active ? model.environmentsOfFile(active)[0] : undefined;
    const chosen = contexts.selected;
    const context = entry?.status?.cluster.context ?? chosen ?? entry?.environment.context ?? contexts.current ?? 'no context';
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**GitOps Workbench**\n\nKube context: \`${context}\`${chosen ? ' (selected)' : ''}\n\n`);
    let text = `$(server-environment) ${context}`;
    const failed = model.viewState === 'clusterUnreachable' || model.viewState === 'clusterError' || model.viewState === 'noKubeconfig';
    if (!entry && failed) {
      text += ' $(error)';
      md.appendMarkdown(`$(error) No environment could reach its cluster: ${escapeMarkdown(model.viewDescription ?? '')}\n\n`);
    }
    if (entry) {
      const status = entry.status;
      md.appendMarkdown(`Environment of this file: **${escapeMarkdown(entry.environment.name)}**\n\n`);
      if (!status) text += ' $(loading~spin)';
      else if (status.cluster.state !== 'connected') {
        text += ` $(error) ${entry.environment.name}`;
        md.appendMarkdown(`$(error) ${escapeMarkdown(clusterStateWords(status.cluster.state))}: ${escapeMarkdown(status.cluster.message ?? '')}\n\n`);
      } else {
        const drifted = driftCount(status);
        text += drifted > 0 ? ` $(warning) ${entry.environment.name}: ${drifted} drifted` : ` $(pass) ${entry.environment.name}`;
        md.appendMarkdown(drifted > 0 ? `Drift: ${escapeMarkdown(driftSummary(status.drift.counts))}\n\n` : 'In sync with Git\n\n');
        const pending = status.pending.count ?? status.pending.commits.length;
        if (pending > 0) md.appendMarkdown(`${plural(pending, 'commit')} pending\n\n`);
      }
    }
    md.appendMarkdown('_Click to show the Environments view._');
    this.item.text = text;
    this.item.tooltip = md;
    this.item.command = { command: 'gitopsWorkbench.revealEnvironment', title: 'Show Environment', arguments: entry ? [entry.key] : [] };
    this.item.backgroundColor = entry?.status && entry.status.cluster.state === 'connected' && driftCount(entry.status) > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
