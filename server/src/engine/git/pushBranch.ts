import * as git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { AuthenticationError } from './errors/AuthenticationError';
import { PushRejectedError } from './errors/PushRejectedError';
import { RemoteError } from './errors/RemoteError';
import type { GitRepository } from './openRepository';

/** GitCredentials are a user name and a password or token for a smart HTTP remote. */
export interface GitCredentials {
  username: string;
  password: string;
}

/**
 * CredentialProvider supplies credentials when a remote asks for them (VS Code: the
 * authentication API or a prompt; the CLI: GIT_USERNAME / GIT_PASSWORD or git's credential
 * helper). Nothing here writes them anywhere.
 */
export interface CredentialProvider {
  /** Credentials for a URL, or undefined when there are none. */
  get(args: { url: string }): Promise<GitCredentials | undefined>;
  /** Told when the remote refused what `get` returned (a prompt may forget them). */
  rejected?(args: { url: string; username: string }): void | Promise<void>;
}

/** PushResult says what was pushed where. */
export interface PushResult {
  remote: string;
  /** The remote URL without credentials. */
  url: string;
  /** Local ref pushed ("refs/heads/main"). */
  ref: string;
  /** Ref updated on the remote. */
  remoteRef: string;
  oid: string;
  /** What the server said on the side channel (hook output), one line each. */
  messages: string[];
}

/**
 * pushBranch pushes a branch (default: the current one) to its remote (default: the branch's
 * push remote, its upstream remote, then "origin") over smart HTTP(S), as a fast-forward only.
 * Failures keep every local commit and come back as:
 * - PushRejectedError: not a fast-forward, or the server refused (a hook); with the server's words;
 * - AuthenticationError: no credentials, or the server refused them;
 * - RemoteError: no such remote, a non-HTTP URL, or the server could not be reached.
 */
export async function pushBranch(args: { repo: GitRepository; remote?: string; branch?: string; credentials?: CredentialProvider; signal?: AbortSignal }): Promise<PushResult> {
  const { repo } = args;
  const common = { fs: repo.fs, gitdir: repo.gitdir };
  const branch = args.branch ?? (await git.currentBranch({ ...common, fullname: false }));
  if (!branch) throw new RemoteError('HEAD is detached: check out the branch to push, or name it');
  const config = (path: string) => git.getConfig({ ...common, path }) as Promise<string | undefined>;
  const remote = args.remote ?? (await config(`branch.${branch}.pushRemote`)) ?? (await config('remote.pushDefault')) ?? (await config(`branch.${branch}.remote`)) ?? 'origin';
  const url = (await config(`remote.${remote}.pushurl`)) ?? (await config(`remote.${remote}.url`));
  if (!url) throw new RemoteError(`no remote "${remote}" is configured (git remote add ${remote} <url>)`);
  const shownUrl = withoutCredentials(url);
  if (!/^https?:\/\//i.test(url)) throw new RemoteError(`${shownUrl}: only HTTP(S) remotes can be pushed to (SSH is not supported); add an https:// push URL`);
  const merge = await config(`branch.${branch}.merge`);
  const remoteRef = merge ?? `refs/heads/${branch}`;
  const ref = `refs/heads/${branch}`;

  const messages: string[] = [];
  let offered: GitCredentials | undefined;
  let refused = false;
  let none = false;
  try {
    const result = await git.push({
      ...common,
      http,
      cache: repo.cache(),
      remote,
      url,
      ref,
      remoteRef,
      signal: args.signal,
      onMessage: (line) => void messages.push(line.replace(/\s+$/, '')),
      onAuth: async (authUrl) => {
        offered = await args.credentials?.get({ url: withoutCredentials(authUrl) });
        if (!offered) {
          none = true;
          return { cancel: true };
        }
        return { username: offered.username, password: offered.password };
      },
      onAuthFailure: async (authUrl) => {
        refused = true;
        if (offered) await args.credentials?.rejected?.({ url: withoutCredentials(authUrl), username: offered.username });
        return { cancel: true };
      },
    });
    await drainMessages();
    const oid = await git.resolveRef({ ...common, ref });
    return { remote, url: shownUrl, ref, remoteRef: Object.keys(result.refs)[0] ?? remoteRef, oid, messages };
  } catch (error) {
    await drainMessages();
    const serverMessage = messages.filter((line) => line.trim() !== '').map((line) => `remote: ${line}`).join('\n');
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const data = error instanceof Error && 'data' in error ? (error as { data: Record<string, unknown> }).data : {};
    if (code === 'PushRejectedError') {
      const reason = data.reason === 'not-fast-forward' ? `the remote's ${remoteRef.replace(/^refs\/heads\//, '')} has commits that are not in yours (not a fast-forward)` : String(data.reason ?? 'rejected');
      throw new PushRejectedError(remoteRef, reason, serverMessage);
    }
    if (code === 'GitPushError') {
      const refs = ((data.result as { refs?: Record<string, { ok: boolean; error?: string }> } | undefined)?.refs) ?? {};
      const reasons = Object.entries(refs).filter(([, status]) => !status.ok).map(([name, status]) => `${name}: ${status.error ?? 'rejected'}`);
      throw new PushRejectedError(remoteRef, reasons.join('; ') || 'the server refused the update', serverMessage);
    }
    if (code === 'UserCanceledError' || (code === 'HttpError' && (data.statusCode === 401 || data.statusCode === 403))) {
      const detail = refused ? `the server refused the credentials${offered ? ` of "${offered.username}"` : ''}`
        : none ? 'the server asks for credentials and none were found (set GIT_USERNAME and GIT_PASSWORD, or configure a git credential helper)'
        : data.statusCode === 403 ? 'access denied (HTTP 403)' : 'the server refused the request (HTTP 401)';
      throw new AuthenticationError(shownUrl, detail);
    }
    if (code === 'HttpError') throw new RemoteError(`${shownUrl}: HTTP ${String(data.statusCode)} ${String(data.statusMessage ?? '')}`.trim());
    if (code === 'SmartHttpError' || code === 'ParseError' || code === 'UnknownTransportError' || code === 'UrlParseError') {
      throw new RemoteError(`${shownUrl}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (/^E[A-Z]+$/.test(code)) throw new RemoteError(`${shownUrl}: cannot reach the server (${code})`);
    throw error;
  }
}

/** withoutCredentials drops user:password@ from a URL before it is shown or handed out. */
export function withoutCredentials(url: string): string {
  return url.replace(/^(https?:\/\/)[^@/]*@/i, '$1');
}

/**
 * drainMessages lets isomorphic-git's side-band reader deliver the last lines: it hands them to
 * onMessage without awaiting, so they may still be queued when push settles.
 */
async function drainMessages(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}
