import { ManifestFileReader, type ManifestFileBytes } from '../manifests/ManifestFileReader';
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
  const reader = new ManifestFileReader();
  for (const file of plan.files) {
    let read: ManifestFileBytes;
    try {
      read = reader.read(file, { limit: args.options.maxFileSize });
    } catch (error) {
      if (plan.wanted.has(file)) findings.push(unreadableFinding(file, unreadableReason(error)));
      continue;
    }
    plan.validator.setFileBytes({ file, bytes: read.bytes, size: read.size });
  }
  return finishPathsValidation({ plan, findings });
}
