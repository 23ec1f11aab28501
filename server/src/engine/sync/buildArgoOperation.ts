import { asList, asMap, asText, type PlainMap } from '../manifests/plainData';

/** argoOperationUser is the `initiatedBy.username` of the operations GitOps Workbench sets. */
export const argoOperationUser = 'gitops-workbench';

/**
 * buildArgoOperation is the `operation` Argo CD's API server sets for `argocd app sync <app>`
 * (server/application Sync, then argo.SetAppOperation), from the live Application: `sync` with the
 * source's targetRevision as `revision` (multi-source Applications: every source's in `revisions`),
 * `prune` when asked, `initiatedBy.username`, and the Application's syncPolicy.retry as `retry`, as
 * the API server copies it. Field names are those of Argo CD's Operation / SyncOperation types.
 */
export function buildArgoOperation(args: { application: PlainMap; prune?: boolean; username?: string }): PlainMap {
  const spec = asMap(args.application.spec) ?? {};
  const sources = asList(spec.sources).map(asMap).filter((source): source is PlainMap => source !== undefined);
  const sync: PlainMap = {};
  if (sources.length > 0) sync.revisions = sources.map((source) => asText(source.targetRevision) ?? '');
  else {
    const revision = asText(asMap(spec.source)?.targetRevision);
    if (revision) sync.revision = revision;
  }
  if (args.prune) sync.prune = true;
  const retry = asMap(asMap(spec.syncPolicy)?.retry);
  return {
    sync,
    initiatedBy: { username: args.username ?? argoOperationUser },
    ...(retry ? { retry } : {}),
  };
}
