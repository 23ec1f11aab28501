import type { ResourceIdentity } from '../manifests/ManifestDocument';
import type { PlainMap } from '../manifests/plainData';

/** ObjectOrigin is where a rendered object was written: a repository-relative file and a 1-based line. */
export interface ObjectOrigin {
  file: string;
  line: number;
}

/** RenderedObject is one object of an environment's desired state, with where it came from. */
export interface RenderedObject {
  object: PlainMap;
  identity: ResourceIdentity;
  /** Best effort: the document (or kustomize generator, or chart template) the object came from. */
  origin?: ObjectOrigin;
  /** What produced it: "kustomize build apps/staging", "Flux Kustomization flux-system/apps", "helm template …". */
  producedBy: string;
}

/** Why something could not be rendered, as a code clients can act on. */
export type NotRenderedCode =
  | 'HelmNotFound'
  | 'KustomizeNotFound'
  | 'RemoteChart'
  | 'OtherRepository'
  | 'Unsupported'
  | 'BuildFailed'
  | 'SubstitutionFailed'
  | 'PathMissing';

/** NotRendered is a part of an environment that has no rendered objects, and why. */
export interface NotRendered {
  /** What it is: "HelmRelease shop/frontend", "Application guestbook source 1", "apps/staging". */
  source: string;
  code: NotRenderedCode;
  reason: string;
  /** Repository-relative file (and 1-based line) of what was not rendered, when known. */
  file?: string;
  line?: number;
}

/** RenderProblem is something worth saying that did not stop rendering. */
export interface RenderProblem {
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
}

/** RenderResult is an environment's rendered desired state. */
export interface RenderResult {
  objects: RenderedObject[];
  notRendered: NotRendered[];
  problems: RenderProblem[];
  /** True when the result came from the render cache. */
  cached: boolean;
}
