import * as path from 'node:path';
import type * as vscode from 'vscode';

/** PushCredentials are a username and a password or token for a push; never logged. */
export interface PushCredentials {
  username?: string;
  password: string;
}

/**
 * PushCredentialStore keeps push credentials the user asked to remember, per repository, in VS
 * Code's SecretStorage (the operating system's keychain, or the editor's encrypted storage) —
 * never in settings, files or logs. Nothing is kept unless the user says so.
 */
export class PushCredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(root: string): Promise<PushCredentials | undefined> {
    const raw = await this.secrets.get(keyOf(root));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as { username?: unknown; password?: unknown };
      if (typeof parsed.password !== 'string' || parsed.password === '') return undefined;
      return { ...(typeof parsed.username === 'string' && parsed.username !== '' ? { username: parsed.username } : {}), password: parsed.password };
    } catch {
      return undefined;
    }
  }

  store(root: string, credentials: PushCredentials): Thenable<void> {
    return this.secrets.store(keyOf(root), JSON.stringify(credentials));
  }

  /** delete forgets a repository's credentials; resolves to whether there were any. */
  async delete(root: string): Promise<boolean> {
    const had = (await this.secrets.get(keyOf(root))) !== undefined;
    if (had) await this.secrets.delete(keyOf(root));
    return had;
  }
}

function keyOf(root: string): string {
  return `gitopsWorkbench.pushCredentials:${path.resolve(root)}`;
}
