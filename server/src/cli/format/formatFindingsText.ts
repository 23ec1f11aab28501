import { displayPath } from './displayPath';
import type { PathsValidation } from '../../engine/validation/validatePaths';

/** formatFindingsText prints findings like compilers do: `file:line:col: severity rule: message`. */
export function formatFindingsText(args: { result: PathsValidation; cwd: string }): string {
  const { result } = args;
  const lines = result.findings.map((finding) => {
    const file = displayPath({ cwd: args.cwd, file: finding.file });
    return `${file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}: ${finding.severity} ${finding.rule}: ${finding.message}`;
  });
  const count = (severity: string): number => result.findings.filter((finding) => finding.severity === severity).length;
  lines.push(`${result.resources} resources validated: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos`);
  return `${lines.join('\n')}\n`;
}
