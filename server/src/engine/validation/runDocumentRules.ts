import type { ManifestDocument } from '../manifests/ManifestDocument';
import type { RuleFinding } from './Finding';
import type { DocumentRule, RuleContext } from './Rule';
import { runSafely } from './runSafely';

/**
 * runDocumentRules runs the document rules on one document, in their order, and keeps only the
 * rules that found something: most documents have no findings at all.
 */
export function runDocumentRules(args: { rules: readonly DocumentRule[]; document: ManifestDocument; context: RuleContext }): Array<[DocumentRule, RuleFinding[]]> {
  const { document, context } = args;
  const results: Array<[DocumentRule, RuleFinding[]]> = [];
  for (const rule of args.rules) {
    const findings = runSafely(rule, () => rule.check({ document, context }));
    if (findings.length > 0) results.push([rule, findings]);
  }
  return results;
}
