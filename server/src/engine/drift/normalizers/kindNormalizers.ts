import type { PlainMap } from '../../manifests/plainData';
import { normalizeClusterRole } from './normalizeClusterRole';
import { normalizeSecret } from './normalizeSecret';

/**
 * KindNormalizer rewrites both sides of one kind so equal meanings compare equal. It may replace or
 * delete top-level fields but must not edit nested values: the sides are shallow copies.
 */
export type KindNormalizer = (args: { desired: PlainMap; live: PlainMap }) => void;

/** kindNormalizers holds the normaliser of each built-in kind that needs one, by `<group>/<kind>`. */
export const kindNormalizers: Readonly<Record<string, KindNormalizer>> = {
  '/Secret': normalizeSecret,
  'rbac.authorization.k8s.io/ClusterRole': normalizeClusterRole,
};
