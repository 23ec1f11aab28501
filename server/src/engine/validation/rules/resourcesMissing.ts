import { asMap } from '../../manifests/plainData';
import type { ManifestDocument } from '../../manifests/ManifestDocument';
import type { RuleFinding } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import { containerLabel, containersOf, podTemplates } from './support/podTemplates';

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
  check({ environment }) {
    const findings: DocumentFinding[] = [];
    for (const document of environment.documents) for (const finding of documentFindings(document)) findings.push({ ...finding, document });
    return findings;
  },
};

// A document's findings depend on its value alone (the parse of one text): worked out once per value.
const byValue = new WeakMap<object, readonly RuleFinding[]>();

function documentFindings(document: ManifestDocument): readonly RuleFinding[] {
  const value = document.value;
  const cached = typeof value === 'object' && value !== null ? byValue.get(value) : undefined;
  if (cached) return cached;
  const findings: RuleFinding[] = [];
  for (const template of podTemplates(document)) {
    // Ephemeral containers may not set resources.
    for (const at of containersOf(template, { ephemeral: false })) {
      const resources = asMap(at.container.resources);
      const missing = fields.filter(([group, resource]) => {
        const value = asMap(resources?.[group])?.[resource];
        return value === undefined || value === null || value === '';
      });
      if (missing.length === 0) continue;
      const list = missing.map(([group, resource]) => `${group}.${resource}`).join(', ');
      const hasResources = Object.prototype.hasOwnProperty.call(at.container, 'resources');
      const message = `${containerLabel(at)} does not set resources ${list}`;
      findings.push(hasResources ? { path: [...at.path, 'resources'], target: 'key', message } : { path: at.path, message });
    }
  }
  if (typeof value === 'object' && value !== null) byValue.set(value, findings);
  return findings;
}
