import type { IgnoreDifference } from '../../config/RepoConfig';

function globMatches(pattern: string | undefined, text: string): boolean {
  if (pattern === undefined || pattern === '*') return true;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(text);
}

/**
 * matchesIgnoreDifference tells whether an `ignoreDifferences` entry applies to an object. Like Argo CD,
 * `group` and `kind` are globs (`*` any run of characters, `?` one character) and `name` and `namespace`
 * must be equal. Unlike Argo CD, where a missing `group` means the core group, a missing filter matches
 * everything (the .gitops-workbench.yaml filters are all optional); write `group: ""` for the core group.
 */
export function matchesIgnoreDifference(args: {
  rule: IgnoreDifference;
  object: { group: string; kind: string; name: string; namespace?: string };
}): boolean {
  const { rule, object } = args;
  return (
    globMatches(rule.group, object.group) &&
    globMatches(rule.kind, object.kind) &&
    (rule.name === undefined || rule.name === '' || rule.name === object.name) &&
    (rule.namespace === undefined || rule.namespace === '' || rule.namespace === (object.namespace ?? ''))
  );
}
