import type { IgnoreDifference } from '../../config/RepoConfig';
import { parseJqPath } from './parseJqPath';
import { parseJsonPointer } from './parseJsonPointer';

/** IgnoreDifferenceProblem is an `ignoreDifferences` entry the drift core cannot use, and why. */
export interface IgnoreDifferenceProblem {
  /** Index of the entry in `ignoreDifferences`. */
  index: number;
  /** Which setting: `jsonPointers[0]`, `jqPathExpressions[1]`, `managedFieldsManagers[0]`. */
  field: string;
  message: string;
}

/**
 * ignoreDifferenceProblems checks `ignoreDifferences` entries: JSON pointers that are not RFC 6901
 * pointers (or point at the whole object), jq expressions outside the supported subset, empty manager
 * names. computeDrift skips what is listed here; callers show these problems to the user.
 */
export function ignoreDifferenceProblems(args: { ignoreDifferences: readonly IgnoreDifference[] }): IgnoreDifferenceProblem[] {
  const problems: IgnoreDifferenceProblem[] = [];
  args.ignoreDifferences.forEach((rule, index) => {
    (rule.jsonPointers ?? []).forEach((pointer, at) => {
      const tokens = typeof pointer === 'string' ? parseJsonPointer(pointer) : undefined;
      const field = `jsonPointers[${at}]`;
      if (!tokens) problems.push({ index, field, message: `${JSON.stringify(pointer)} is not a JSON pointer (RFC 6901): it must start with / and escape ~ and / as ~0 and ~1` });
      else if (tokens.length === 0) problems.push({ index, field, message: 'the empty pointer selects the whole object; name a field to ignore' });
    });
    (rule.jqPathExpressions ?? []).forEach((expression, at) => {
      const field = `jqPathExpressions[${at}]`;
      if (typeof expression !== 'string') {
        problems.push({ index, field, message: 'a jq path expression must be a string' });
        return;
      }
      const parsed = parseJqPath(expression);
      if (parsed.problem) problems.push({ index, field, message: `${JSON.stringify(expression)} cannot be used: ${parsed.problem}` });
    });
    (rule.managedFieldsManagers ?? []).forEach((manager, at) => {
      if (typeof manager !== 'string' || manager === '') problems.push({ index, field: `managedFieldsManagers[${at}]`, message: 'a field manager name must be a non-empty string' });
    });
  });
  return problems;
}
