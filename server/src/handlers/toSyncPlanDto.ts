import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EnvironmentInspection } from '../engine/inspect/EnvironmentInspection';
import type { ObjectOrigin } from '../engine/render/RenderedObject';
import type { PlannedApply, SyncNote, SyncObjectRef, SyncPlan } from '../engine/sync/SyncPlan';
import type { LocationDto, ObjectRefDto, PlanSyncResult, PlannedApplyDto, SyncNoteDto } from '../protocol/dtos';

/** locationOf turns an object's origin (repository-relative file, 1-based line) into a LocationDto. */
export function locationOf(root: string, origin: ObjectOrigin | undefined): { location?: LocationDto } {
  return origin ? { location: { uri: pathToFileURL(path.join(root, origin.file)).toString(), line: Math.max(0, origin.line - 1) } } : {};
}

export function objectRefDto(ref: SyncObjectRef): ObjectRefDto {
  return { apiVersion: ref.apiVersion, kind: ref.kind, ...(ref.namespace ? { namespace: ref.namespace } : {}), name: ref.name };
}

/** toSyncPlanDto converts a sync plan to gitops/planSync's result (locations as URIs, zero-based lines). */
export function toSyncPlanDto(args: { root: string; planId: string; plan: SyncPlan; inspection: EnvironmentInspection }): PlanSyncResult {
  const { root, plan, inspection } = args;
  const apply = (object: PlannedApply): PlannedApplyDto => ({
    ...objectRefDto(object),
    ...locationOf(root, object.origin),
    action: object.action,
    fields: object.fields,
    ...(object.afterCrd ? { afterCrd: true } : {}),
    ...(object.dryRunError ? { dryRunError: object.dryRunError } : {}),
    ...(object.joins ? { joins: true } : {}),
    ...(object.ownedBy ? { ownedBy: object.ownedBy } : {}),
  });
  const note = (object: SyncNote): SyncNoteDto => ({ ...objectRefDto(object), ...locationOf(root, object.origin), reason: object.reason });
  const base: PlanSyncResult = {
    planId: args.planId,
    environment: plan.environment,
    reconciler: plan.reconciler,
    cluster: { ...(inspection.cluster.context ? { context: inspection.cluster.context } : {}), ...(inspection.cluster.server ? { server: inspection.cluster.server } : {}) },
    ...(plan.head ? { head: plan.head } : {}),
    ...(plan.ref ? { ref: plan.ref } : {}),
    blockers: plan.blockers.map((blocker) => ({ code: blocker.code, message: blocker.message, ...(blocker.files ? { files: blocker.files } : {}) })),
    warnings: plan.warnings,
  };
  if (plan.reconciler === 'push') {
    return {
      ...base,
      push: {
        parent: plan.parent,
        creates: plan.creates.map(apply),
        updates: plan.updates.map(apply),
        unchanged: plan.unchanged.map(apply),
        prunes: plan.prunes.map(note),
        kept: plan.kept.map(note),
        skipped: plan.skipped.map(note),
        blocked: plan.blocked.map(note),
      },
    };
  }
  const originOf = new Map(inspection.drift.map((resource) => [`${resource.apiVersion}|${resource.kind}|${resource.namespace ?? ''}|${resource.name}`, resource.origin]));
  const drift = {
    counts: plan.drift.counts,
    resources: plan.drift.changes.map((change) => ({ ...objectRefDto(change), status: change.status, fields: change.fields, ...(change.reason ? { reason: change.reason } : {}), ...locationOf(root, originOf.get(`${change.apiVersion}|${change.kind}|${change.namespace ?? ''}|${change.name}`)) })),
  };
  if (plan.reconciler === 'flux') return { ...base, flux: { targets: plan.targets.map((target) => ({ kind: target.kind, namespace: target.namespace, name: target.name, stage: target.stage })) }, drift };
  return { ...base, argocd: { applications: plan.applications.map((application) => ({ name: application.name, namespace: application.namespace, operation: application.operation })) }, drift };
}
