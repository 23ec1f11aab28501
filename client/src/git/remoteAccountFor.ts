import * as vscode from 'vscode';

/** RemoteAccount is the VS Code authentication provider whose account can push to a remote. */
export interface RemoteAccount {
  provider: string;
  scopes: string[];
  host: string;
}

/**
 * remoteAccountFor names the authentication provider that holds push credentials for the remote
 * at `url` (http(s), credentials already removed), from gitopsWorkbench.git.authenticationProviders;
 * undefined when the host has none.
 */
export function remoteAccountFor(url: string | undefined): RemoteAccount | undefined {
  if (!url) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const configured = vscode.workspace.getConfiguration('gitopsWorkbench').get<Record<string, { provider?: unknown; scopes?: unknown }>>('git.authenticationProviders') ?? {};
  const entry = Object.entries(configured).find(([name]) => name.toLowerCase() === host)?.[1];
  if (!entry || typeof entry.provider !== 'string' || entry.provider === '') return undefined;
  const scopes = Array.isArray(entry.scopes) ? entry.scopes.filter((scope): scope is string => typeof scope === 'string') : [];
  return { provider: entry.provider, scopes, host };
}
