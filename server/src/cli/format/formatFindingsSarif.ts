import * as path from 'node:path';
import type { Severity } from '../../engine/validation/Finding';
import { ruleDescriptions } from '../../engine/validation/ruleCatalog';
import type { PathsValidation } from '../../engine/validation/validatePaths';
import { serverVersion } from '../../version';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * formatFindingsSarif prints SARIF 2.1.0 as GitHub code scanning reads it: rules in the driver,
 * repository-relative URIs under %SRCROOT%, 1-based UTF-16 columns.
 */
export function formatFindingsSarif(args: { result: PathsValidation }): string {
  const { result } = args;
  const ruleIndex = new Map(ruleDescriptions.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gitops-workbench',
            version: serverVersion,
            informationUri: 'https://github.com/gitops-workbench/gitops-workbench',
            rules: ruleDescriptions.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.description },
              defaultConfiguration: { level: levels[rule.defaultSeverity] },
              helpUri: `https://github.com/gitops-workbench/gitops-workbench/blob/main/docs/rules.md#${rule.id}`,
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileUri(result.root)}/` } },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((finding) => ({
          ruleId: finding.rule,
          ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
          level: levels[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(path.relative(result.root, finding.file).split(path.sep).join('/')), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: finding.range.start.line + 1,
                  startColumn: finding.range.start.character + 1,
                  endLine: finding.range.end.line + 1,
                  endColumn: Math.max(finding.range.end.character + 1, finding.range.start.line === finding.range.end.line ? finding.range.start.character + 1 : 1),
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function pathToFileUri(absolute: string): string {
  return `file://${encodeURI(absolute.split(path.sep).join('/'))}`;
}
