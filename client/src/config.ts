import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * ClientSettings are the `gitopsWorkbench` settings the client reads itself (the language server
 * reads the validation ones). package.json `contributes.configuration` declares them; the
 * settings test keeps that list and server/src/handlers/readEditorSettings.ts in sync.
 */
export interface ClientSettings {
  /** Absolute kubeconfig paths (setting gitopsWorkbench.kubeconfig); empty: KUBECONFIG, then ~/.kube/config. */
  kubeconfigPaths: string[];
  /** Push the branch after a revert or rollback commit (gitopsWorkbench.git.pushAfterCommit). */
  pushAfterCommit: boolean;
  /** Confirm modified objects with a server-side apply dry-run (gitopsWorkbench.drift.exact). */
  driftExact: boolean;
}

/** The settings whose change means the environments must be inspected again. */
export const inspectionSettings = ['gitopsWorkbench.kubeconfig', 'gitopsWorkbench.drift.exact'] as const;

/** readClientSettings reads the client's settings, for `scope` (a workspace folder) when given. */
export function readClientSettings(scope?: vscode.Uri): ClientSettings {
  const config = vscode.workspace.getConfiguration('gitopsWorkbench', scope);
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const raw = config.get<unknown>('kubeconfig');
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return {
    kubeconfigPaths: list.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '').map((entry) => resolveUserPath(entry.trim(), folder)),
    pushAfterCommit: config.get<boolean>('git.pushAfterCommit') === true,
    driftExact: config.get<boolean>('drift.exact') === true,
  };
}

/** resolveUserPath expands `~` and `${workspaceFolder}`, and makes a relative path absolute against the workspace folder. */
export function resolveUserPath(entry: string, workspaceFolder: string | undefined): string {
  let value = entry;
  if (workspaceFolder) value = value.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  if (value === '~' || value.startsWith('~/')) value = path.join(os.homedir(), value.slice(1));
  if (!path.isAbsolute(value) && workspaceFolder) value = path.join(workspaceFolder, value);
  return path.normalize(value);
}
