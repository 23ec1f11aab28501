import type { ManifestDocument } from '../../../manifests/ManifestDocument';
import type { ValidationScope } from '../../ValidationScope';
import { containersOf, podTemplates, type ContainerAt, type PodTemplate } from './podTemplates';

/** Workload is a document of a scope that has pod templates, with their containers. */
export interface Workload {
  document: ManifestDocument;
  templates: readonly PodTemplate[];
  /** Per template (same order): its containers, init containers and ephemeral containers (containersOf). */
  containers: ReadonlyArray<readonly ContainerAt[]>;
}

/** ScopeWorkloads are the workloads of a scope: in document order, and by document index. */
export interface ScopeWorkloads {
  list: readonly Workload[];
  /** Undefined for the documents that are not workloads. */
  at: ReadonlyArray<Workload | undefined>;
}

/** The last scope asked about, with its workloads (see scopeWorkloads). */
let last: { scope: ValidationScope; workloads: ScopeWorkloads } | undefined;

/**
 * scopeWorkloads finds the workloads of a scope for a one-shot run (no memo; with one, rules read
 * what is remembered per value instead). The environment rules of a scope run one after the
 * other and several read every document's pod templates and containers: they are found once per
 * scope. Only the last scope's are kept, so nothing is kept for long (see rememberedPerValue).
 * Do not change the lists.
 */
export function scopeWorkloads(scope: ValidationScope): ScopeWorkloads {
  if (last?.scope === scope) return last.workloads;
  const list: Workload[] = [];
  const at = scope.documents.map((document): Workload | undefined => {
    const templates = podTemplates(document);
    if (templates.length === 0) return undefined;
    const workload = { document, templates, containers: templates.map((template) => containersOf(template)) };
    list.push(workload);
    return workload;
  });
  last = { scope, workloads: { list, at } };
  return last.workloads;
}
