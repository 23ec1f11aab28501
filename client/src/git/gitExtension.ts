import * as vscode from 'vscode';

/** The part of the built-in Git extension's API (vscode.git, API version 1) this extension uses. */
interface GitApi {
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
  getRepository(uri: vscode.Uri): GitRepositoryApi | null;
  openRepository?(root: vscode.Uri): Promise<GitRepositoryApi | null>;
}

interface GitRepositoryApi {
  readonly rootUri: vscode.Uri;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
  status(): Promise<void>;
}

interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/**
 * builtInGit returns the built-in Git extension's API when it is installed and enabled (it is not
 * in every editor, and `git.enabled` can be off); callers fall back when it is undefined.
 */
export async function builtInGit(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) return undefined;
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports?.enabled ? exports.getAPI(1) : undefined;
  } catch {
    return undefined;
  }
}

/** gitRepositoryAt is the Git extension's repository for a root, opening it when the extension has not yet. */
export async function gitRepositoryAt(root: vscode.Uri): Promise<{ api: GitApi; repository: GitRepositoryApi } | undefined> {
  const api = await builtInGit();
  if (!api) return undefined;
  const repository = api.getRepository(root) ?? (await api.openRepository?.(root).catch(() => null)) ?? null;
  return repository ? { api, repository } : undefined;
}

/** refreshGitStatus asks the Git extension to re-read a repository (after a commit it did not make). */
export async function refreshGitStatus(root: vscode.Uri): Promise<void> {
  const found = await gitRepositoryAt(root);
  await found?.repository.status().catch(() => undefined);
}
