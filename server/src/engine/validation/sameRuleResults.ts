import type { PathFix, YamlPath } from './Finding';
import type { DocumentFinding, Rule } from './Rule';

/** RuleResult is one finding of a cross-file rule, before severities and positions. */
export interface RuleResult {
  rule: Rule;
  finding: DocumentFinding;
}

/**
 * sameRuleResults: two lists of cross-file results for one file are the same findings about the
 * same document objects. Documents of a file that did not change are the same objects, so equal
 * lists resolve to equal findings.
 */
export function sameRuleResults(a: readonly RuleResult[] | undefined, b: readonly RuleResult[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    const x = a[index];
    const y = b[index];
    if (x.rule !== y.rule) return false;
    const f = x.finding;
    const g = y.finding;
    if (f.document !== g.document || f.message !== g.message || f.severity !== g.severity || f.target !== g.target || !samePath(f.path, g.path) || !sameFix(f.fix, g.fix)) return false;
  }
  return true;
}

function samePath(a: YamlPath, b: YamlPath): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

function sameFix(a: PathFix | undefined, b: PathFix | undefined): boolean {
  if (a === b) return true;
  return !!a && !!b && a.title === b.title && a.newValue === b.newValue && a.target === b.target && samePath(a.path, b.path);
}
