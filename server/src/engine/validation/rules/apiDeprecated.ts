import type { DocumentRule } from '../Rule';
import { findApiDeprecation } from './support/findApiDeprecation';

/** api-deprecated: the apiVersion is deprecated in the target Kubernetes version (not yet removed). */
export const apiDeprecated: DocumentRule = {
  id: 'api-deprecated',
  defaultSeverity: 'warning',
  description: 'The apiVersion is deprecated in the target Kubernetes version; the message names the replacement.',
  scope: 'document',
  check({ document, context }) {
    const deprecation = findApiDeprecation(document, context);
    if (deprecation?.status !== 'deprecated') return [];
    return [deprecation.fix ? { path: ['apiVersion'], message: deprecation.message, fix: deprecation.fix } : { path: ['apiVersion'], message: deprecation.message }];
  },
};
