import type { ApiResource, KubeClient } from '../cluster/KubeClient';
import { watchObjects, type ObjectWatch } from '../cluster/watchObjects';
import type { EnvironmentInspection } from './EnvironmentInspection';

/** EnvironmentWatch follows an environment's live objects until closed. */
export interface EnvironmentWatch {
  close(): void;
}

/**
 * watchEnvironmentObjects watches, per kind and namespace, the live objects an inspection compared
 * (and the reconciler's Kustomizations or Applications), and calls onChange — debounced by
 * `debounceMs` — when any of them is added, changed or deleted, or a watch had to relist. Watches
 * that end in a refusal are dropped quietly: the next inspection reports the reason.
 */
export function watchEnvironmentObjects(args: { client: KubeClient; resources: readonly ApiResource[]; inspection: EnvironmentInspection; onChange: () => void; debounceMs?: number }): EnvironmentWatch {
  const debounceMs = args.debounceMs ?? 1000;
  const targets = new Map<string, { resource: ApiResource; namespace?: string }>();
  const add = (group: string, kind: string, namespace: string | undefined): void => {
    const resource = args.resources.find((candidate) => candidate.group === group && candidate.kind === kind && !candidate.plural.includes('/'));
    if (!resource) return;
    const scope = resource.namespaced ? namespace : undefined;
    targets.set(`${resource.group}/${resource.plural}/${scope ?? '*'}`, { resource, namespace: scope });
  };
  for (const rendered of args.inspection.desired) add(rendered.identity.group, rendered.identity.kind, rendered.identity.namespace);
  for (const kustomization of args.inspection.reconciled?.kustomizations ?? []) add('kustomize.toolkit.fluxcd.io', 'Kustomization', kustomization.namespace);
  for (const application of args.inspection.reconciled?.applications ?? []) add('argoproj.io', 'Application', application.namespace);
  if (args.inspection.reconciled?.applySet) add('', 'ConfigMap', args.inspection.reconciled.applySet.namespace);

  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const changed = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) args.onChange();
    }, debounceMs);
  };
  const watches: ObjectWatch[] = [];
  for (const { resource, namespace } of targets.values()) {
    const watch = watchObjects({
      client: args.client,
      resource,
      namespace,
      onChange: changed,
      onResync: (resync) => {
        // The initial list is the state the inspection already reported; only a relist can hide changes.
        if (resync.reason === 'expired') changed();
      },
    });
    watch.done.catch(() => undefined);
    watches.push(watch);
  }
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watch of watches) watch.close();
    },
  };
}
