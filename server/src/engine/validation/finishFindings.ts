import { compareFindings } from './compareFindings';
import type { Finding, RuleSetting } from './Finding';
import { suppressedRules } from './suppressedRules';

/**
 * finishFindings makes a file's findings final: the yaml-syntax setting applied, identical
 * findings (one problem seen from several environments) kept once, suppression comments honoured
 * (`lineAt` gives a line of the file, only when it has such comments), sorted.
 */
export function finishFindings(args: { findings: readonly Finding[]; syntaxSetting?: RuleSetting; lineAt?: (line: number) => string | undefined }): Finding[] {
  const { syntaxSetting } = args;
  const seen = new Set<string>();
  const kept: Finding[] = [];
  for (const finding of args.findings) {
    if (finding.rule === 'yaml-syntax' && syntaxSetting === 'off') continue;
    // Like any rule's setting, a yaml-syntax severity replaces the default (error); the parser's
    // own warnings and notices keep theirs.
    const adjusted = finding.rule === 'yaml-syntax' && syntaxSetting && syntaxSetting !== 'off' && finding.severity === 'error' ? { ...finding, severity: syntaxSetting } : finding;
    const key = `${finding.rule}|${finding.range.start.line}:${finding.range.start.character}|${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (args.lineAt && finding.range.start.line > 0) {
      const suppressed = suppressedRules(args.lineAt(finding.range.start.line - 1));
      if (suppressed === 'all' || suppressed?.has(finding.rule)) continue;
    }
    kept.push(adjusted);
  }
  return kept.sort(compareFindings);
}
