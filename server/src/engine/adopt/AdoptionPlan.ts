import type { Range } from '../validation/Finding';

/** AdoptionEdit is one change to one repository file: a range replaced, or a new file created. */
export interface AdoptionEdit {
  /** Repository-relative file. */
  file: string;
  /** The range of the current text that `newText` replaces; absent when the file is created. */
  range?: Range;
  newText: string;
  /** True when the file does not exist yet and `newText` is its whole content. */
  create?: boolean;
}

/** How the live value goes into Git. */
export type AdoptionStrategy =
  /** The object's own declaration, edited in place. */
  | 'in-place'
  /** A patch of the environment's own overlay that already sets the field, edited in place. */
  | 'overlay-patch'
  /** The overlay kustomization's `images:` or `replicas:` transformer, which sets the field. */
  | 'overlay-transformer'
  /** The Flux postBuild variable the declaration uses, where the environment sets it. */
  | 'flux-variable'
  /** A new (or extended) strategic-merge patch in the environment's own overlay. */
  | 'drift-patch';

/** AdoptionPlan is what adopting one live value into Git changes, and a sentence saying so. */
export interface AdoptionPlan {
  strategy: AdoptionStrategy;
  edits: AdoptionEdit[];
  /** For the user: what is changed where, and why there (a shared base is left alone). */
  message: string;
  /** Repository-relative files the edits change or create. */
  files: string[];
}
