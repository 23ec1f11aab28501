import { displayPath } from './displayPath';
import type { PathsValidation } from '../../engine/validation/validatePaths';

/** formatFindingsJson prints the documented JSON object: resources and 1-based findings. */
export function formatFindingsJson(args: { result: PathsValidation; cwd: string }): string {
  const findings = args.result.findings.map((finding) => ({
    file: displayPath({ cwd: args.cwd, file: finding.file }),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    severity: finding.severity,
    rule: finding.rule,
    message: finding.message,
  }));
  return `${JSON.stringify({ resources: args.result.resources, findings }, null, 2)}\n`;
}
