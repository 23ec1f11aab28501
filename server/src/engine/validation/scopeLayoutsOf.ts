import type { DocumentTransform, ValidationScope } from './ValidationScope';

/**
 * ScopeLayout is a ValidationScope by file rather than by document: which files, in order, and what
 * their kustomizations do to them. It stays valid while no file's scope structure changes (see
 * scopeStructureKey), whatever the documents of its files become.
 */
export interface ScopeLayout {
  /** Unique among the layouts of one build: kind, root, name and, for a repeated one, its rank. */
  key: string;
  name: string;
  root: string;
  kind: ValidationScope['kind'];
  namespaceOverride?: string;
  generated: ValidationScope['generated'];
  files: string[];
  /** Per file (same order), the transform of its documents. */
  transforms: Array<DocumentTransform | undefined>;
  /** Kustomization scopes carry a transform map even when it is empty. */
  alwaysTransforms: boolean;
  /** Everything above as text: equal signatures, equal scopes for equal files ('' when not asked for). */
  signature: string;
}

/**
 * scopeLayoutsOf turns scopes into layouts. A scope takes all documents of a file together, with
 * one transform (buildValidationScopes adds files whole), so the file list says it all.
 * `signatures` is false for one-shot validation, which never compares layouts.
 */
export function scopeLayoutsOf(scopes: readonly ValidationScope[], options: { signatures: boolean } = { signatures: true }): ScopeLayout[] {
  const seen = new Map<string, number>();
  return scopes.map((scope) => {
    const files: string[] = [];
    const transforms: Array<DocumentTransform | undefined> = [];
    let last: string | undefined;
    // forEach rather than for…of: once per document of every scope, mostly before the code is optimized.
    scope.documents.forEach((document) => {
      if (document.file === last) return;
      last = document.file;
      files.push(document.file);
      transforms.push(scope.transforms?.get(document));
    });
    const base = `${scope.kind}:${scope.root}:${scope.name}`;
    const rank = seen.get(base) ?? 0;
    seen.set(base, rank + 1);
    const alwaysTransforms = scope.kind === 'kustomization';
    return {
      key: rank === 0 ? base : `${base}#${rank}`,
      name: scope.name,
      root: scope.root,
      kind: scope.kind,
      namespaceOverride: scope.namespaceOverride,
      generated: scope.generated,
      files,
      transforms,
      alwaysTransforms,
      signature: !options.signatures ? '' : JSON.stringify([scope.name, scope.root, scope.kind, scope.namespaceOverride ?? null, scope.generated, files, transforms.map((transform) => transform ?? null), alwaysTransforms]),
    };
  });
}
