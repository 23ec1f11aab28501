import type { ResourceIdentity } from '../../manifests/ManifestDocument';
import type { DocumentRule } from '../Rule';

/**
 * schemaRule (rule id "schema"): the document matches the schema of its apiVersion and kind, strictly like
 * kubeconform -strict (unknown fields, wrong types, missing required fields, values outside an
 * enum). A kind without a schema gets one info finding on its `kind`, never an error: custom
 * resources whose CRD is not in the repository are normal. Routing and strictness live in the
 * SchemaRegistry (createSchemaRegistry.ts), so the CLI, the editor and this rule agree. Kustomize
 * patch files are partial objects: they are checked for unknown fields and types, not for
 * required fields.
 */
export const schemaRule: DocumentRule = {
  id: 'schema',
  defaultSeverity: 'error',
  description:
    'The document matches the schema of its apiVersion and kind (Kubernetes 1.34, Flux, Argo CD, kustomize, CRDs in the repository): no unknown fields, wrong types, missing required fields or invalid values.',
  scope: 'document',
  check({ document, context }) {
    const schemas = context.schemas;
    if (schemas.schemaFor(document)) return schemas.validate(document, { partial: context.patchFiles.has(document.file) });
    if (!document.identity) return [];
    return [{ path: ['kind'], severity: 'info', message: missingSchemaMessage(document.identity, schemas.knownApiVersions(document.identity.kind)) }];
  },
};

const maxListed = 6;

/** missingSchemaMessage names the versions that do exist, those of the same group first. */
function missingSchemaMessage(identity: ResourceIdentity, known: readonly string[]): string {
  const message = `no schema for ${identity.apiVersion} ${identity.kind}`;
  if (known.length === 0) return message;
  const sameGroup = known.filter((apiVersion) => groupOf(apiVersion) === identity.group);
  const listed = sameGroup.length > 0 ? sameGroup : known;
  const shown = listed.slice(0, maxListed).join(', ') + (listed.length > maxListed ? `, and ${listed.length - maxListed} more` : '');
  return `${message}; known versions: ${shown}`;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
