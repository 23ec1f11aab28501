import type { ManifestDocument } from '../manifests/ManifestDocument';
import type { RuleFinding } from '../validation/Finding';

/** SchemaLookup says which schema, if any, validates a given apiVersion and kind. */
export interface SchemaLookup {
  /** A stable id of the schema, usable as a URI for yaml-language-server (e.g. "gitops-schema://apps/v1/Deployment"). */
  uri: string;
  /** Where the schema comes from: the bundle or a workspace CRD file. */
  origin: 'bundle' | 'workspace-crd';
}

/** SchemaValidateOptions says how much of a schema applies to a document. */
export interface SchemaValidateOptions {
  /**
   * The document is a strategic merge patch (a kustomization's `patches`/`patchesStrategicMerge`
   * file): it names only what it changes, so missing required fields are not reported. Unknown
   * fields and wrong types still are.
   */
  partial?: boolean;
}

/**
 * SchemaRegistry knows the bundled schemas and the workspace's CustomResourceDefinitions, and
 * validates documents against them strictly (unknown fields and wrong types are errors).
 */
export interface SchemaRegistry {
  lookup(apiVersion: string, kind: string): SchemaLookup | undefined;
  /**
   * schemaFor picks the schema of one document: by apiVersion and kind, or by file name for files
   * without them (.gitops-workbench.yaml, a kustomization.yaml without header). Undefined when none.
   */
  schemaFor(document: ManifestDocument): SchemaLookup | undefined;
  /** knownApiVersions lists the apiVersions that have a schema for a kind, sorted (for "known versions: …"). */
  knownApiVersions(kind: string): string[];
  /** validate returns schema findings (rule "schema") for one document; [] when there is no schema. */
  validate(document: ManifestDocument, options?: SchemaValidateOptions): RuleFinding[];
  /** The JSON text of a schema by its uri, for yaml-language-server's hover and completion. */
  schemaText(uri: string): string | undefined;
  /** Registers or replaces the CRDs defined by one file (documents of kind CustomResourceDefinition). */
  setWorkspaceCrds(file: string, documents: readonly ManifestDocument[]): void;
  /** Increases whenever a workspace CRD changes, so cached validation results can be dropped. */
  readonly generation: number;
  /**
   * schemaKeyOf names everything the registry contributes to a document's rule results: the
   * schema it resolves to (a changed CRD gets a new uri) and the versions known for its kind
   * (named by "no schema" findings, and deciding api-deprecated's fix). Results made under an equal
   * key hold, whatever the generation: a CRD edit re-checks only the documents of its kinds.
   */
  schemaKeyOf(document: ManifestDocument): string;
}
