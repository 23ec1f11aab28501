import type { ManifestDocument } from '../manifests/ManifestDocument';
import type { ScopeLayout } from './scopeLayoutsOf';
import type { DocumentTransform, ValidationScope } from './ValidationScope';

/**
 * materializeScope turns a layout back into the ValidationScope buildValidationScopes would give
 * for the files' current documents.
 */
export function materializeScope(args: { layout: ScopeLayout; documentsOf: (file: string) => readonly ManifestDocument[] }): ValidationScope {
  const { layout } = args;
  const documents: ManifestDocument[] = [];
  let transforms: Map<ManifestDocument, DocumentTransform> | undefined = layout.alwaysTransforms ? new Map() : undefined;
  layout.files.forEach((file, index) => {
    const transform = layout.transforms[index];
    for (const document of args.documentsOf(file)) {
      documents.push(document);
      if (transform) (transforms ??= new Map()).set(document, transform);
    }
  });
  // The fields of buildValidationScopes' scopes, in its order: the rules reading them see one shape.
  return { name: layout.name, root: layout.root, kind: layout.kind, documents, namespaceOverride: layout.namespaceOverride, generated: layout.generated, transforms };
}
