import type { PlainMap } from '../../manifests/plainData';

/**
 * normalizeClusterRole drops `rules` from both sides of an aggregated ClusterRole (one with an
 * `aggregationRule`): the clusterrole-aggregation controller owns them and rewrites them from the
 * selected roles.
 */
export function normalizeClusterRole(args: { desired: PlainMap; live: PlainMap }): void {
  const { desired, live } = args;
  if (desired.aggregationRule === undefined || desired.aggregationRule === null) return;
  delete desired.rules;
  delete live.rules;
}
