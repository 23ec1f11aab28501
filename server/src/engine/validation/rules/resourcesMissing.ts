import type { ManifestDocument } from '../../manifests/ManifestDocument';
import { asMap } from '../../manifests/plainData';
import type { RuleFinding } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import { containerLabel, podContainers } from './support/podTemplates';
import { rememberedPerValue } from './support/rememberedPerValue';
import { scopeWorkloads, type Workload } from './support/scopeWorkloads';

const fields = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'cpu'],
  ['limits', 'memory'],
] as const;

/**
 * resources-missing: a container (or init container) that does not set cpu and memory requests
 * and limits. Runs per environment so that kustomize patch files, which hold partial workloads,
 * are not checked (they are in no scope).
 */
export const resourcesMissing: EnvironmentRule = {
  id: 'resources-missing',
  defaultSeverity: 'warning',
  description: 'A container does not set cpu and memory requests and limits.',
  scope: 'environment',
  check({ environment, memo }) {
    const findings: DocumentFinding[] = [];
    // A document's findings depend on its value alone (see rememberedPerValue).
    const report = (document: ManifestDocument, containers: () => Workload['containers']): void => {
      rememberedPerValue(byValue, document.value, memo !== undefined, () => checkContainers(containers())).forEach((finding) => findings.push({ ...finding, document }));
    };
    // forEach rather than for…of: these run once per document or workload of every scope, mostly
    // before the code is optimized, where for…of pays for an iterator at every step.
    if (memo) {
      // An edit re-checks scopes of mostly unchanged values: only a new value's containers are read.
      environment.documents.forEach((document) => report(document, () => podContainers(document, true)));
    } else {
      scopeWorkloads(environment).list.forEach((workload) => report(workload.document, () => workload.containers));
    }
    return findings;
  },
};

/** isSet: a resource quantity is written (not absent, null or empty). */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

const byValue = new WeakMap<object, readonly RuleFinding[]>();

const noFindings: readonly RuleFinding[] = [];

/** checkContainers checks the containers of each pod template of a document. */
function checkContainers(perTemplate: Workload['containers']): readonly RuleFinding[] {
  // Most documents have no findings: the list is made for the first one.
  let findings: RuleFinding[] | undefined;
  perTemplate.forEach((containers) => {
    containers.forEach((at) => {
      // Ephemeral containers may not set resources.
      if (at.field === 'ephemeralContainers') return;
      const resources = asMap(at.container.resources);
      const requests = asMap(resources?.requests);
      const limits = asMap(resources?.limits);
      // Most containers set all four: check that before listing what is missing.
      if (isSet(requests?.cpu) && isSet(requests?.memory) && isSet(limits?.cpu) && isSet(limits?.memory)) return;
      const missing = fields.filter(([group, resource]) => !isSet(asMap(resources?.[group])?.[resource]));
      const list = missing.map(([group, resource]) => `${group}.${resource}`).join(', ');
      const hasResources = Object.prototype.hasOwnProperty.call(at.container, 'resources');
      const message = `${containerLabel(at)} does not set resources ${list}`;
      (findings ??= []).push(hasResources ? { path: [...at.path, 'resources'], target: 'key', message } : { path: at.path, message });
    });
  });
  return findings ?? noFindings;
}
