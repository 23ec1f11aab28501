import type { IgnoreDifference } from '../config/RepoConfig';
import { resourceIdentity } from '../manifests/resourceIdentity';
import { asList, asMap, type PlainMap } from '../manifests/plainData';
import type { ObjectOrigin, RenderedObject } from '../render/RenderedObject';
import { belongsToEnvironment } from './belongsToEnvironment';
import { compareObject } from './compareObject';
import type { DriftStatus, FieldDrift, ResourceDrift } from './Drift';
import type { LiveState } from './LiveState';
import { notComparedReason } from './notComparedReason';
import { objectKey } from './objectKey';

/** EarlyComparison is compareObject's answer for one desired object against one live object. */
export interface EarlyComparison {
  desired: PlainMap;
  live: PlainMap;
  fields: FieldDrift[];
}

const compareOptions = 'argocd.argoproj.io/compare-options';

/**
 * Kinds whose objects are made by controllers from the ones Git declares and copy their labels
 * (Endpoints copy the Service's labels): never extra. Argo CD excludes them by default too.
 */
const derivedKinds = new Set(['/Endpoints', 'discovery.k8s.io/EndpointSlice', '/Event', 'events.k8s.io/Event', 'coordination.k8s.io/Lease']);

function ignoresExtraneous(object: PlainMap): boolean {
  const value = asMap(asMap(object.metadata)?.annotations)?.[compareOptions];
  return typeof value === 'string' && value.split(',').some((option) => option.trim() === 'IgnoreExtraneous');
}

function hasControllerOwner(object: PlainMap): boolean {
  return asList(asMap(object.metadata)?.ownerReferences).some((reference) => asMap(reference)?.controller === true);
}

/**
 * verdictOf builds one verdict, its fields set one by one in the order the output shows them
 * (apiVersion, kind, namespace, name, origin, status, fields, reason): object spreads here were
 * most of computeDrift's own time for 10,000 objects.
 */
function verdictOf(identity: { apiVersion: string; kind: string; namespace?: string; name: string }, origin: ObjectOrigin | undefined, status: DriftStatus, fields: FieldDrift[], reason?: string): ResourceDrift {
  const verdict = { apiVersion: identity.apiVersion, kind: identity.kind } as ResourceDrift; // completed below
  if (identity.namespace !== undefined) verdict.namespace = identity.namespace;
  verdict.name = identity.name;
  if (origin) verdict.origin = origin;
  verdict.status = status;
  verdict.fields = fields;
  if (reason !== undefined) verdict.reason = reason;
  return verdict;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * computeDrift gives the drift verdict of every object of an environment: for each desired object
 * (namespaces resolved) `missing`, `modified` (with its fields), `in-sync` or `unknown` (with the reason
 * the live state could not be read); objects Flux will not apply and hooks are `in-sync` with the reason.
 * Live candidates that belong to the environment (see belongsToEnvironment) and that Git does not declare
 * are `extra`, unless annotated `argocd.argoproj.io/compare-options: IgnoreExtraneous`, made by a
 * controller (a controller ownerReference) or of a derived kind (Endpoints, EndpointSlice, Event, Lease).
 * A desired object listed twice is reported once. The result is sorted by namespace, kind and name
 * (stable); origins come from the rendered objects.
 */
export function computeDrift(args: {
  desired: readonly RenderedObject[];
  live: LiveState;
  ignoreDifferences: readonly IgnoreDifference[];
  /** Comparisons already made (compareObject's fields by objectKey, e.g. while other kinds were still being listed); each is used only for the same desired and live objects. */
  compared?: ReadonlyMap<string, EarlyComparison>;
}): ResourceDrift[] {
  const { live, ignoreDifferences } = args;
  const results: ResourceDrift[] = [];
  const desiredKeys = new Set<string>();
  // A desired object the adapter listed as a candidate but did not put in `objects` is still live.
  const candidatesByKey = new Map<string, PlainMap>();
  for (const candidate of live.candidates) {
    const identity = resourceIdentity(candidate);
    if (identity && identity.name !== '') candidatesByKey.set(objectKey(identity), candidate);
  }
  for (const rendered of args.desired) {
    const { identity } = rendered;
    const key = objectKey(identity);
    if (desiredKeys.has(key)) continue;
    desiredKeys.add(key);
    const liveObject = live.objects.get(key) ?? candidatesByKey.get(key);
    const skipped = notComparedReason({ desired: rendered.object, live: liveObject });
    const unknownReason = live.unknown.get(key);
    if (skipped) results.push(verdictOf(identity, rendered.origin, 'in-sync', [], skipped));
    else if (unknownReason !== undefined) results.push(verdictOf(identity, rendered.origin, 'unknown', [], unknownReason));
    else if (!liveObject) results.push(verdictOf(identity, rendered.origin, 'missing', []));
    else {
      const early = args.compared?.get(key);
      const fields = early && early.desired === rendered.object && early.live === liveObject ? early.fields : compareObject({ desired: rendered.object, live: liveObject, ignoreDifferences });
      results.push(verdictOf(identity, rendered.origin, fields.length > 0 ? 'modified' : 'in-sync', fields));
    }
  }
  for (const [key, candidate] of candidatesByKey) {
    const identity = resourceIdentity(candidate)!;
    if (desiredKeys.has(key)) continue;
    if (derivedKinds.has(`${identity.group}/${identity.kind}`) || hasControllerOwner(candidate) || ignoresExtraneous(candidate)) continue;
    const reason = belongsToEnvironment({ object: candidate, markers: live.markers });
    if (!reason) continue;
    results.push(verdictOf(identity, undefined, 'extra', [], reason));
  }
  return results.sort((a, b) => compareText(a.namespace ?? '', b.namespace ?? '') || compareText(a.kind, b.kind) || compareText(a.name, b.name));
}
