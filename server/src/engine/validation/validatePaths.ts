import { unreadableReason } from '../manifests/unreadableReason';
import type { Finding } from './Finding';
import { finishPathsValidation, planPathsValidation, unreadableFinding, type PathsValidation } from './planPathsValidation';
import type { ValidationOptions } from './ValidationOptions';

export { PathNotFoundError, type PathsValidation } from './planPathsValidation';

/**
 * validatePaths validates the manifests under the given paths (planPathsValidation says which files
 * are read): the CLI's one-shot validation.
 */
export function validatePaths(args: { paths: string[]; cwd: string; options: ValidationOptions }): PathsValidation {
  const plan = planPathsValidation(args);
  const findings: Finding[] = [];
  for (const file of plan.files) {
    try {
      plan.validator.readFile({ file });
    } catch (error) {
      if (plan.wanted.has(file)) findings.push(unreadableFinding(file, unreadableReason(error)));
    }
  }
  return finishPathsValidation({ plan, findings });
}
