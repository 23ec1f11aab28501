import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../engine/validation/Finding';

const lspSeverity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** diagnosticSource names this extension in the Problems panel. */
export const diagnosticSource = 'gitops-workbench';

/** toDiagnostic converts an engine finding to an LSP diagnostic whose code is the rule id. */
export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: lspSeverity[finding.severity],
    source: diagnosticSource,
    code: finding.rule,
    codeDescription: { href: `https://github.com/gitops-workbench/gitops-workbench/blob/main/docs/rules.md#${finding.rule}` },
    message: finding.message,
  };
}
