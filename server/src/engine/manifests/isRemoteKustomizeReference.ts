const scheme = /^[a-z][a-z0-9+.-]*:\/\//i;
const knownHosts = /^(github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com|ssh\.dev\.azure\.com|gitee\.com|codeberg\.org)([/:]|$)/i;

/**
 * isRemoteKustomizeReference tells a kustomization entry that kustomize fetches (a URL, a git
 * repository with `?ref=`, `git@host:…`, `github.com/owner/repo/…`) from a local path.
 */
export function isRemoteKustomizeReference(entry: string): boolean {
  const value = entry.trim();
  return scheme.test(value) || /^git@/i.test(value) || /^git::/i.test(value) || /[?&](ref|version|submodules|timeout)=/.test(value) || knownHosts.test(value);
}
