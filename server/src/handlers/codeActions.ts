import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticSource } from './toDiagnostic';
import type { Workspace } from './ValidationService';

/**
 * codeActions offers each finding's own fix (e.g. the replacement apiVersion) and a way to
 * suppress the rule on that line with a `# gitops-workbench-disable-next-line` comment.
 */
export function codeActions(args: { workspace: Workspace; file: string; document: TextDocument; params: CodeActionParams }): CodeAction[] {
  const actions: CodeAction[] = [];
  const findings = args.workspace.findings.get(args.file) ?? [];
  const uri = args.params.textDocument.uri;
  for (const diagnostic of args.params.context.diagnostics) {
    if (diagnostic.source !== diagnosticSource || typeof diagnostic.code !== 'string') continue;
    const finding = findings.find(
      (candidate) =>
        candidate.rule === diagnostic.code &&
        candidate.message === diagnostic.message &&
        candidate.range.start.line === diagnostic.range.start.line &&
        candidate.range.start.character === diagnostic.range.start.character,
    );
    if (finding?.fix) {
      actions.push({ title: finding.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: finding.fix.edits } } });
    }
    if (diagnostic.code === 'yaml-syntax') continue;
    const line = diagnostic.range.start.line;
    const indentation = /^[ \t-]*/.exec(args.document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }))?.[0].replace(/-/g, ' ') ?? '';
    actions.push({
      title: `Disable ${diagnostic.code} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indentation}# gitops-workbench-disable-next-line ${diagnostic.code}\n` }] } },
    });
  }
  return actions;
}
