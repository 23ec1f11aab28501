import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuthorUnknownError } from './errors/AuthorUnknownError';
import type { GitRepository } from './openRepository';

/** GitSignature is who made a commit and when, in git's terms. */
export interface GitSignature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** Minutes east of UTC (+0100 is 60). */
  offsetMinutes: number;
}

/** CommitIdentities are the author and committer of a new commit. */
export interface CommitIdentities {
  author: GitSignature;
  committer: GitSignature;
}

/**
 * readGitConfigAuthor finds the author and committer of a new commit the way git does: the
 * GIT_AUTHOR_* / GIT_COMMITTER_* variables, then author.* / committer.* and user.* from the
 * repository's config, the global config (GIT_CONFIG_GLOBAL, ~/.gitconfig,
 * $XDG_CONFIG_HOME/git/config) and the system config (/etc/gitconfig), then EMAIL.
 * GIT_AUTHOR_DATE / GIT_COMMITTER_DATE ("<seconds> <+zone>", "@<seconds> <+zone>" or ISO 8601)
 * fix the dates, which makes commits reproducible. `include` / `includeIf` are not followed.
 */
export function readGitConfigAuthor(args: { repo: GitRepository; env?: NodeJS.ProcessEnv; now?: Date }): CommitIdentities {
  const env = args.env ?? process.env;
  const config = readConfigValues(args.repo.gitdir, env);
  const now = args.now ?? new Date();
  const resolve = (role: 'author' | 'committer'): GitSignature => {
    const upper = role.toUpperCase();
    const name = env[`GIT_${upper}_NAME`] ?? config.get(`${role}.name`) ?? config.get('user.name');
    const email = env[`GIT_${upper}_EMAIL`] ?? config.get(`${role}.email`) ?? config.get('user.email') ?? env.EMAIL;
    const missing = [name ? undefined : 'user.name', email ? undefined : 'user.email'].filter((item): item is string => item !== undefined);
    if (missing.length > 0) throw new AuthorUnknownError(missing);
    const date = parseGitDate(env[`GIT_${upper}_DATE`]) ?? { timestamp: Math.floor(now.getTime() / 1000), offsetMinutes: -now.getTimezoneOffset() };
    return { name: name!, email: email!, ...date };
  };
  return { author: resolve('author'), committer: resolve('committer') };
}

/** readConfigValues merges the config files, later (more local) files winning, keys lower-cased. */
function readConfigValues(gitdir: string, env: NodeJS.ProcessEnv): Map<string, string> {
  const files: string[] = [];
  if (!env.GIT_CONFIG_NOSYSTEM) files.push(env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig');
  if (env.GIT_CONFIG_GLOBAL !== undefined) {
    files.push(env.GIT_CONFIG_GLOBAL);
  } else {
    const home = env.HOME ?? os.homedir();
    files.push(path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'git', 'config'));
    files.push(path.join(home, '.gitconfig'));
  }
  files.push(path.join(gitdir, 'config'));
  const values = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [key, value] of parseGitConfig(text)) values.set(key, value);
  }
  return values;
}

/**
 * parseGitConfig reads git's INI dialect: `[section]` / `[section "sub"]` headers, `key = value`
 * lines, `#` and `;` comments, double quotes and backslash escapes. Keys come out as
 * "section.key" or "section.sub.key" with section and key lower-cased.
 */
export function parseGitConfig(text: string): Array<[string, string]> {
  const values: Array<[string, string]> = [];
  let section = '';
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
    if (header) {
      section = header[2] !== undefined ? `${header[1].toLowerCase()}.${header[2].replace(/\\(.)/g, '$1')}` : header[1].toLowerCase();
      line = header[3].trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    }
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!entry || section === '') continue;
    values.push([`${section}.${entry[1].toLowerCase()}`, entry[2] === undefined ? 'true' : unquote(entry[2])]);
  }
  return values;
}

function unquote(raw: string): string {
  let out = '';
  let quoted = false;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (char === '"') quoted = !quoted;
    else if (char === '\\' && index + 1 < raw.length) {
      const next = raw[++index];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if ((char === '#' || char === ';') && !quoted) break;
    else out += char;
  }
  return out.trim();
}

/** parseGitDate reads the date forms scripts give git: "<seconds> <zone>", "@<seconds> <zone>", ISO 8601. */
export function parseGitDate(value: string | undefined): { timestamp: number; offsetMinutes: number } | undefined {
  if (!value) return undefined;
  const raw = /^@?(\d+)(?:\s+([+-])(\d\d):?(\d\d))?$/.exec(value.trim());
  if (raw) {
    const sign = raw[2] === '-' ? -1 : 1;
    return { timestamp: Number(raw[1]), offsetMinutes: raw[2] ? sign * (Number(raw[3]) * 60 + Number(raw[4])) : 0 };
  }
  const iso = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d)?)(?:\.\d+)?\s*(Z|[+-]\d\d:?\d\d)?$/.exec(value.trim());
  if (!iso) return undefined;
  const zone = iso[3] ?? 'Z';
  const zoneMatch = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  const offsetMinutes = zoneMatch ? (zoneMatch[1] === '-' ? -1 : 1) * (Number(zoneMatch[2]) * 60 + Number(zoneMatch[3])) : 0;
  const millis = Date.parse(`${iso[1]}T${iso[2].length === 5 ? `${iso[2]}:00` : iso[2]}${zone === 'Z' ? 'Z' : `${zoneMatch![1]}${zoneMatch![2]}:${zoneMatch![3]}`}`);
  return Number.isNaN(millis) ? undefined : { timestamp: Math.floor(millis / 1000), offsetMinutes };
}
