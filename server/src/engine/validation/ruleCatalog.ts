import type { Rule } from './Rule';
import { gitopsRules } from './rules/allRules';
import { schemaRule } from './rules/schema';

/** yamlSyntaxRule describes the parser's findings, which no rule module produces. */
export const yamlSyntaxRule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error' as const,
  description: 'The file is readable YAML: valid syntax and UTF-8, no duplicate keys, tabs, alias bombs or excessive nesting, within the size limit.',
};

/** allRules is every rule the validator runs, schema first. */
export const allRules: readonly Rule[] = [schemaRule, ...gitopsRules];

/** ruleDescriptions lists every rule id with its default severity, for SARIF and the docs. */
export const ruleDescriptions: ReadonlyArray<{ id: string; defaultSeverity: Rule['defaultSeverity']; description: string }> = [
  yamlSyntaxRule,
  ...allRules.map((rule) => ({ id: rule.id, defaultSeverity: rule.defaultSeverity, description: rule.description })),
];
