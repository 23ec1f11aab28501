import { asMap } from '../../manifests/plainData';
import type { ManifestDocument } from '../../manifests/ManifestDocument';
import type { RuleFinding } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import { containerLabel, containersOf, podTemplates } from './support/podTemplates';
import { rememberedPerValue } from './support/rememberedPerValue';

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
    const remember = memo !== undefined;
    const findings: DocumentFinding[] = [];
    for (const document of environment.documents) {
      // A document's findings depend on its value alone (see rememberedPerValue).
      for (const finding of rememberedPerValue(byValue, document.value, remember, () => documentFindings(document, remember))) findings.push({ ...finding, document });
    }
    return findings;
  },
};

const byValue = new WeakMap<object, readonly RuleFinding[]>();

function documentFindings(document: ManifestDocument, remember: boolean): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const template of podTemplates(document, remember)) {
    // Ephemeral containers may not set resources.
    for (const at of containersOf(template, { ephemeral: false, remember })) {
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
  return findings;
}
