/**
 * normaliseGitUrl reduces the spellings of one git repository to `host/owner/repo`: scheme,
 * `user@`, port, trailing `.git` and `/` removed, `git@host:owner/repo` turned into
 * `host/owner/repo`, host lower-cased.
 */
export function normaliseGitUrl(url: string): string {
  let value = url.trim();
  const hadScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (!hadScheme) {
    // scp-like syntax: [user@]host:path (a colon before the first slash)
    const colon = value.indexOf(':');
    const slash = value.indexOf('/');
    if (colon !== -1 && (slash === -1 || colon < slash)) value = `${value.slice(0, colon)}/${value.slice(colon + 1)}`;
  }
  const firstSlash = value.indexOf('/');
  let host = firstSlash === -1 ? value : value.slice(0, firstSlash);
  let rest = firstSlash === -1 ? '' : value.slice(firstSlash);
  const at = host.lastIndexOf('@');
  if (at !== -1) host = host.slice(at + 1);
  host = host.replace(/:\d*$/, '').toLowerCase();
  rest = rest.replace(/\/+$/, '');
  while (/\.git\/*$/i.test(rest)) rest = rest.replace(/\.git\/*$/i, '').replace(/\/+$/, '');
  return host + rest;
}
