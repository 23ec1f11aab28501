import type { ManifestDocument, ResourceIdentity } from '../manifests/ManifestDocument';
import type { SchemaRegistry } from '../schemas/SchemaRegistry';
import type { RepoView } from '../manifests/RepoView';
import type { RuleFinding, Severity } from './Finding';
import type { ValidationScope } from './ValidationScope';

/** RuleContext is what every rule may read besides the documents. */
export interface RuleContext {
  /** Target Kubernetes version as "1.34". */
  kubernetesVersion: string;
  schemas: SchemaRegistry;
  repo: RepoView;
  /** Absolute paths of kustomize patch files: partial objects, so required fields may be absent. */
  patchFiles: ReadonlySet<string>;
}

/** DocumentFinding is a rule finding about one document among many. */
export interface DocumentFinding extends RuleFinding {
  document: ManifestDocument;
}

interface RuleBase {
  /** Stable id used in settings, suppression comments and output, e.g. "image-latest". */
  id: string;
  defaultSeverity: Severity;
  /** One sentence for the rules reference and hovers. */
  description: string;
}

/** DocumentRule looks at one document at a time; its results are cached with the document text. */
export interface DocumentRule extends RuleBase {
  scope: 'document';
  check(args: { document: ManifestDocument; context: RuleContext }): RuleFinding[];
}

/** EnvironmentRule looks at all documents of one environment (a kustomization's inputs, a directory). */
export interface EnvironmentRule extends RuleBase {
  scope: 'environment';
  /**
   * `memo` is the same object on every run for the same scope while the rule inputs other than
   * documents hold (absent for one-shot runs): a rule may key what it remembers of its last run on
   * it, to re-check only what an edit can change. The findings must be those of a run without it.
   */
  check(args: { environment: ValidationScope; context: RuleContext; memo?: object }): DocumentFinding[];
}

/** RepositoryRule looks at every document of the repository (Flux sources, dependency graphs). */
export interface RepositoryRule extends RuleBase {
  scope: 'repository';
  /**
   * concerns picks the documents the rule reads: it is given only those, and re-runs only when one
   * of them (or the repository) changes. Without it, the rule gets every document and re-runs on
   * any change.
   */
  concerns?(identity: ResourceIdentity): boolean;
  check(args: { documents: readonly ManifestDocument[]; context: RuleContext }): DocumentFinding[];
}

export type Rule = DocumentRule | EnvironmentRule | RepositoryRule;
