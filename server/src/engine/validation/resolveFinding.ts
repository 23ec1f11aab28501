import { locateInDocument } from '../manifests/locateInDocument';
import type { Finding, Severity } from './Finding';
import type { DocumentFinding } from './Rule';

/** resolveFinding turns a rule's path-based finding into a file finding with a range and edits. */
export function resolveFinding(args: { finding: DocumentFinding; rule: string; severity: Severity }): Finding {
  const { finding } = args;
  const resolved: Finding = {
    file: finding.document.file,
    range: locateInDocument({ document: finding.document, path: finding.path, target: finding.target }),
    severity: args.severity,
    rule: args.rule,
    message: finding.message,
  };
  if (finding.fix) {
    const range = locateInDocument({ document: finding.document, path: finding.fix.path, target: finding.fix.target ?? 'value' });
    resolved.fix = { title: finding.fix.title, edits: [{ range, newText: finding.fix.newValue }] };
  }
  return resolved;
}
