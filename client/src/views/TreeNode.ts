import type * as vscode from 'vscode';
import type { CommitDto, FieldDriftDto, ResourceDriftDto } from '../../../server/src/protocol/dtos';
import type { EnvironmentEntry, RepositoryEntry } from '../model/EnvironmentsModel';

/**
 * TreeNode is one row of the Environments view. Repository and environment nodes are kept (the
 * same object per repository / environment), so the view can refresh one environment alone;
 * the rows below are rebuilt from the environment's status, with stable ids.
 */
export type TreeNode =
  | { type: 'repository'; repo: RepositoryEntry }
  | { type: 'environment'; entry: EnvironmentEntry }
  | { type: 'reconciled'; entry: EnvironmentEntry }
  | { type: 'pending'; entry: EnvironmentEntry }
  | { type: 'commit'; entry: EnvironmentEntry; commit: CommitDto }
  | { type: 'drift'; entry: EnvironmentEntry }
  | { type: 'kind'; entry: EnvironmentEntry; kind: string; resources: ResourceDriftDto[] }
  | { type: 'resource'; entry: EnvironmentEntry; resource: ResourceDriftDto }
  | { type: 'field'; entry: EnvironmentEntry; resource: ResourceDriftDto; field: FieldDriftDto }
  | { type: 'problems'; entry: EnvironmentEntry; messages: string[] }
  | MessageNode;

/** MessageNode is a leaf that says something (an error, a state) or offers an action. */
export interface MessageNode {
  type: 'message';
  /** Unique among its siblings. */
  id: string;
  entry?: EnvironmentEntry;
  label: string;
  description?: string;
  tooltip?: string | vscode.MarkdownString;
  icon: vscode.ThemeIcon;
  command?: vscode.Command;
}

/** nodeEntry is the environment a node belongs to, if any. */
export function nodeEntry(node: TreeNode | undefined): EnvironmentEntry | undefined {
  if (!node || node.type === 'repository') return undefined;
  return node.entry;
}

/** isTreeNode tells a tree node (a command's argument from a menu) from anything else. */
export function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && ('entry' in value || 'repo' in value);
}
