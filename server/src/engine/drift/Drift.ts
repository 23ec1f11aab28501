import type { ObjectOrigin } from '../render/RenderedObject';

/** driftStatuses lists an object's drift statuses in display order (worst first after in-sync is last). */
export const driftStatuses = ['modified', 'missing', 'extra', 'unknown', 'in-sync'] as const;
export type DriftStatus = (typeof driftStatuses)[number];

/** driftStatusWords are the display words of each status. */
export const driftStatusWords: Record<DriftStatus, string> = {
  modified: 'modified',
  missing: 'missing',
  extra: 'extra',
  unknown: 'unknown',
  'in-sync': 'in sync',
};

/**
 * FieldDrift is one field whose live value differs from what Git declares. `path` reads like
 * `spec.template.spec.containers[name=api].image` or `metadata.labels["app.kubernetes.io/name"]`.
 * Absent `desired`/`live` mean the field is not set on that side. Secret values are never here:
 * they are replaced by `<masked sha256:xxxxxxxx>` hashes of each side.
 */
export interface FieldDrift {
  path: string;
  desired?: unknown;
  live?: unknown;
}

/** ResourceDrift is the drift verdict for one object of an environment. */
export interface ResourceDrift {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  status: DriftStatus;
  /** The differing fields, for `modified`; empty otherwise. */
  fields: FieldDrift[];
  /** Why the status is `unknown` (403, kind not served…) or why an object is `extra` (which label/annotation/inventory says it belongs). */
  reason?: string;
  /** Where Git declares the object, for desired objects. */
  origin?: ObjectOrigin;
}
