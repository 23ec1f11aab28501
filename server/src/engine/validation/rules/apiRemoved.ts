import type { DocumentRule } from '../Rule';
import { findApiDeprecation } from './support/findApiDeprecation';

/** api-removed: the apiVersion is no longer served by the target Kubernetes version. */
export const apiRemoved: DocumentRule = {
  id: 'api-removed',
  defaultSeverity: 'error',
  description: 'The apiVersion is removed by the target Kubernetes version; the message names the replacement.',
  scope: 'document',
  check({ document, context }) {
    const deprecation = findApiDeprecation(document, context);
    if (deprecation?.status !== 'removed') return [];
    return [deprecation.fix ? { path: ['apiVersion'], message: deprecation.message, fix: deprecation.fix } : { path: ['apiVersion'], message: deprecation.message }];
  },
};
