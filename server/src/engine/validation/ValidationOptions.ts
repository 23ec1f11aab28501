import type { RuleSetting } from './Finding';

/** ValidationOptions are the user's choices that change findings. */
export interface ValidationOptions {
  /** Target Kubernetes version "X.Y" for the api-deprecated and api-removed rules. */
  kubernetesVersion: string;
  /** Files larger than this many bytes are not parsed. */
  maxFileSize: number;
  /** Severity overrides from the editor settings; the repository's config file wins over them. */
  ruleSettings: Record<string, RuleSetting>;
}

export function defaultValidationOptions(): ValidationOptions {
  return { kubernetesVersion: '1.34', maxFileSize: 5 * 1024 * 1024, ruleSettings: {} };
}
