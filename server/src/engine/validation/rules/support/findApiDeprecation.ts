import type { ManifestDocument } from '../../../manifests/ManifestDocument';
import type { PathFix } from '../../Finding';
import type { RuleContext } from '../../Rule';
import { deprecatedApis, type DeprecatedApi } from '../deprecatedApis.generated';
import { compareKubernetesVersions, defaultKubernetesVersion, parseKubernetesVersion } from './compareKubernetesVersions';

const byApiAndKind = new Map<string, DeprecatedApi>(deprecatedApis.map((entry) => [`${entry.apiVersion} ${entry.kind}`, entry]));

/** ApiDeprecation is what the target version makes of a document's apiVersion. */
export interface ApiDeprecation {
  status: 'removed' | 'deprecated';
  message: string;
  fix?: PathFix;
}

/**
 * findApiDeprecation looks a document's apiVersion and kind up in the deprecated-API table:
 * "removed" when the target version is at or past removed-in, else "deprecated" when at or past
 * deprecated-in. The fix rewrites apiVersion when the replacement exists in the target version
 * and has a schema for the kind.
 */
export function findApiDeprecation(document: ManifestDocument, context: RuleContext): ApiDeprecation | undefined {
  const identity = document.identity;
  if (!identity) return undefined;
  const entry = byApiAndKind.get(`${identity.apiVersion} ${identity.kind}`);
  if (!entry) return undefined;
  const target = parseKubernetesVersion(context.kubernetesVersion) ? context.kubernetesVersion.trim().replace(/^v/, '') : defaultKubernetesVersion;
  const reached = (version: string | undefined): boolean => version !== undefined && compareKubernetesVersions(target, version) >= 0;
  const status = reached(entry.removedIn) ? 'removed' : reached(entry.deprecatedIn) ? 'deprecated' : undefined;
  if (!status) return undefined;
  const subject = `${entry.apiVersion} ${entry.kind}`;
  const replacement = finalReplacement(entry, reached);
  const replacementReady = replacement.apiVersion !== undefined && (replacement.availableIn === undefined || reached(replacement.availableIn));
  const advice = replacement.apiVersion === undefined
    ? 'it has no replacement API'
    : `use ${replacement.apiVersion}${replacementReady ? '' : ` (served from Kubernetes ${replacement.availableIn})`}`;
  let message: string;
  if (status === 'removed') {
    message = `${subject} was removed in Kubernetes ${entry.removedIn}; ${advice}`;
  } else {
    const removal = entry.removedIn !== undefined ? `, removed in ${entry.removedIn}` : '';
    message = `${subject} was deprecated in ${entry.deprecatedIn}${removal}; ${advice}`;
  }
  let fix: PathFix | undefined;
  if (replacement.apiVersion !== undefined && replacementReady && safeLookup(context, replacement.apiVersion, entry.kind)) {
    fix = { title: `Change apiVersion to ${replacement.apiVersion}`, path: ['apiVersion'], newValue: replacement.apiVersion };
  }
  return { status, message, fix };
}

/**
 * finalReplacement follows replacements that are themselves removed by the target version
 * (flowcontrol v1beta1 → v1beta3 → v1), so the advice names an API the target still serves.
 */
function finalReplacement(entry: DeprecatedApi, reached: (version: string | undefined) => boolean): { apiVersion?: string; availableIn?: string } {
  let current = { apiVersion: entry.replacementApi, availableIn: entry.replacementAvailableIn };
  for (let step = 0; step < 10 && current.apiVersion !== undefined; step++) {
    const next = byApiAndKind.get(`${current.apiVersion} ${entry.kind}`);
    if (!next || !reached(next.removedIn) || next.replacementApi === undefined) break;
    current = { apiVersion: next.replacementApi, availableIn: next.replacementAvailableIn };
  }
  return current;
}

function safeLookup(context: RuleContext, apiVersion: string, kind: string): boolean {
  try {
    return context.schemas.lookup(apiVersion, kind) !== undefined;
  } catch {
    return false;
  }
}
