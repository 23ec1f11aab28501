import { spawnSync } from 'node:child_process';
import type { CredentialProvider, GitCredentials } from './pushBranch';

/**
 * createProcessCredentialProvider is the command line's source of credentials: GIT_USERNAME and
 * GIT_PASSWORD when set, else git's credential helper (`git credential fill`, which asks the
 * helpers the user configured: store, cache, libsecret, a token manager…) with terminal prompts
 * off, so CI never hangs on a prompt. Credentials live in memory only; nothing is approved back
 * to the helper, so nothing is stored by us.
 */
export function createProcessCredentialProvider(args: { env: NodeJS.ProcessEnv; cwd: string }): CredentialProvider {
  return {
    async get({ url }) {
      const username = args.env.GIT_USERNAME;
      const password = args.env.GIT_PASSWORD;
      if (password !== undefined && password !== '') return { username: username ?? 'git', password };
      return fillFromCredentialHelper({ url, env: args.env, cwd: args.cwd });
    },
  };
}

/** fillFromCredentialHelper runs `git credential fill` for a URL; undefined when git has nothing. */
export function fillFromCredentialHelper(args: { url: string; env: NodeJS.ProcessEnv; cwd: string }): GitCredentials | undefined {
  const result = spawnSync('git', ['credential', 'fill'], {
    cwd: args.cwd,
    input: `url=${args.url}\n\n`,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...args.env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never' },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  if (result.status !== 0 || !result.stdout) return undefined;
  const values = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) values.set(line.slice(0, equals), line.slice(equals + 1));
  }
  const password = values.get('password');
  return password ? { username: values.get('username') ?? 'git', password } : undefined;
}
