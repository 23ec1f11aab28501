import * as fs from 'node:fs';
import * as path from 'node:path';
import { newClusters, newContexts, newUsers, type Cluster, type Context, type User } from '@kubernetes/client-node/dist/config_types.js';
import { load } from 'js-yaml';
import { KubeconfigError } from './errors/KubeconfigError';

/** KubeconfigUser is a kubeconfig user as client-node reads it, plus what client-node gets wrong or drops. */
export type KubeconfigUser = User & {
  /**
   * `tokenFile`, absolute. client-node reads only a `token-file` key, once, relative to the process's
   * working directory and untrimmed; kubectl's key is `tokenFile`, relative to the kubeconfig, re-read.
   */
  tokenFile?: string;
};

/** KubeconfigFile is one kubeconfig file, parsed, with every file path in it made absolute. */
export interface KubeconfigFile {
  path: string;
  clusters: Cluster[];
  users: KubeconfigUser[];
  contexts: Context[];
  currentContext?: string;
}

/**
 * readKubeconfigFile parses one kubeconfig file. Relative paths (certificate-authority,
 * client-certificate, client-key, tokenFile, and an exec command with a directory part) are resolved
 * against the file's directory, as kubectl does. Unreadable or malformed files are KubeconfigInvalid
 * errors naming the file; credentials never appear in a message.
 */
export function readKubeconfigFile(args: { path: string }): KubeconfigFile {
  const file = path.resolve(args.path);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new KubeconfigError('KubeconfigInvalid', `cannot read the kubeconfig ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = load(text);
  } catch (error) {
    // js-yaml's message quotes the offending lines, which may hold a token: keep only its reason and position.
    const reason = (error as { reason?: string }).reason ?? 'not valid YAML';
    const line = (error as { mark?: { line?: number } }).mark?.line;
    throw new KubeconfigError('KubeconfigInvalid', `the kubeconfig ${file} is not valid YAML: ${reason}${line !== undefined ? ` (line ${line + 1})` : ''}`);
  }
  if (raw === null || raw === undefined) return { path: file, clusters: [], users: [], contexts: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new KubeconfigError('KubeconfigInvalid', `the kubeconfig ${file} is not a mapping`);
  const document = raw as Record<string, unknown>;
  const directory = path.dirname(file);
  const absolute = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? path.resolve(directory, value) : undefined);

  const tokenFiles = new Map<string, string>();
  const rawUsers = Array.isArray(document.users) ? document.users : [];
  const users = rawUsers.map((entry: unknown) => {
    const named = entry as { name?: unknown; user?: Record<string, unknown> } | null;
    if (!named || typeof named !== 'object' || !named.user || typeof named.user !== 'object') return entry;
    const { tokenFile, 'token-file': legacyTokenFile, ...user } = named.user;
    const tokenPath = absolute(tokenFile ?? legacyTokenFile);
    if (tokenPath && typeof named.name === 'string') tokenFiles.set(named.name, tokenPath);
    const exec = user.exec as Record<string, unknown> | undefined;
    if (exec && typeof exec.command === 'string' && exec.command.includes('/') && !path.isAbsolute(exec.command)) {
      user.exec = { ...exec, command: path.resolve(directory, exec.command) };
    }
    return { ...named, user };
  });

  try {
    const clusters = newClusters(document.clusters).map((cluster) => ({ ...cluster, caFile: absolute(cluster.caFile) }));
    const parsedUsers: KubeconfigUser[] = newUsers(users).map((user) => ({
      ...user,
      certFile: absolute(user.certFile),
      keyFile: absolute(user.keyFile),
      ...(tokenFiles.has(user.name) ? { tokenFile: tokenFiles.get(user.name) } : {}),
    }));
    const contexts = newContexts(document.contexts);
    const current = document['current-context'];
    return { path: file, clusters, users: parsedUsers, contexts, currentContext: typeof current === 'string' && current !== '' ? current : undefined };
  } catch (error) {
    // client-node's messages name the entry (`clusters[0].cluster.server is missing`), never its values.
    throw new KubeconfigError('KubeconfigInvalid', `the kubeconfig ${file} is invalid: ${(error as Error).message}`);
  }
}
