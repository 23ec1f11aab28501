import type { JsonSchema } from './JsonSchema';

/** SchemaBundleEntry names the file of one schema in the bundle and where it came from. */
export interface SchemaBundleEntry {
  file: string;
  /** kubernetes | flux | argo-cd | kustomize | apiextensions | workbench (see THIRD_PARTY_NOTICES). */
  source: string;
}

/** SchemaBundleIndex is the bundle's index.json, written by scripts/generateSchemas.mjs. */
export interface SchemaBundleIndex {
  format: number;
  /** File holding the shared definitions that kind files refer to as "definitions.json#/definitions/…". */
  definitions: string;
  /** Name of the Kubernetes ObjectMeta among the shared definitions. */
  objectMeta: string;
  /** Schemas by "<apiVersion>/<kind>", e.g. "apps/v1/Deployment", "v1/Pod". */
  kinds: Record<string, SchemaBundleEntry>;
  /** Schemas of files that have no apiVersion/kind, by file name (".gitops-workbench.yaml"). */
  fileNames: Record<string, SchemaBundleEntry>;
  /** File names whose documents without apiVersion/kind are of a given "<apiVersion>/<kind>" (kustomization.yaml). */
  headerless: Record<string, string>;
}

/** SchemaBundle is the offline schema bundle on disk; schema files are read on first use. */
export interface SchemaBundle {
  /** Absolute directory of index.json. */
  dir: string;
  index: SchemaBundleIndex;
  /** The parsed schema of one file of the bundle (cached; callers must not change it). */
  readSchema(file: string): JsonSchema;
  /** The shared definitions by name (parsed once). */
  definitions(): Record<string, JsonSchema>;
}
