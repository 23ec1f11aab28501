import type { IgnoreDifference } from '../config/RepoConfig';
import type { Environment } from '../environments/Environment';
import type { PendingCommits } from '../git/listPendingCommits';
import type { ReconciledRevision } from '../cluster/status/ReconciledRevision';
import type { ResourceDrift } from '../drift/Drift';
import type { LiveState } from '../drift/LiveState';
import type { RenderResult, RenderedObject } from '../render/RenderedObject';
import type { ClusterState } from './openClusterSession';

/** EnvironmentInspection is everything known about one environment's live state, for the tree, the CLI and diffs. */
export interface EnvironmentInspection {
  environment: Environment;
  cluster: { state: ClusterState; context?: string; server?: string; message?: string; warnings: string[] };
  /** The branch head's commit id, when the repository has one. */
  head?: string;
  /** Undefined when the cluster could not be read. */
  reconciled?: ReconciledRevision;
  pending?: PendingCommits;
  render: RenderResult;
  /** The desired objects as compared: namespaces resolved. */
  desired: RenderedObject[];
  /** Undefined when the cluster could not be read. */
  live?: LiveState;
  /** Every desired object's verdict (all `unknown` when the cluster could not be read), and the extras. */
  drift: ResourceDrift[];
  /** The repository's ignoreDifferences the drift was computed with (diff documents use them too). */
  ignoreDifferences: IgnoreDifference[];
  /** Sentences worth showing: ignore rules that could not be used, render problems, status problems. */
  problems: string[];
}
