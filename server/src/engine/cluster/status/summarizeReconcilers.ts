import type { StatusProblem } from './ReconciledRevision';

/** ReconcilerState is what summarizeReconcilers needs of one Kustomization or Application. */
export interface ReconcilerState {
  /** `Kustomization flux-system/apps`, `Application argocd/shop-staging`. */
  label: string;
  found: boolean;
  /** The commit it reconciled. */
  revision?: string;
  ref?: string;
  ready?: boolean;
  /** Why it is not ready (condition or health message). */
  message?: string;
  reconciledAt?: string;
  /** False when its source is another repository: its revision says nothing about this one. */
  inThisRepository: boolean;
  /** Extra things to say even when ready (suspended, stale status). */
  notes?: string[];
  problem?: StatusProblem;
}

/** ReconcilerSummary is an environment's revision, readiness and message from its reconciling objects. */
export interface ReconcilerSummary {
  revision?: string;
  ref?: string;
  ready?: boolean;
  message?: string;
  reconciledAt?: string;
}

/**
 * summarizeReconcilers combines the states of an environment's Kustomizations (or Applications)
 * into one: the revision is the one furthest behind the branch head. `behindBySha` gives, per
 * reported commit, how many commits the head is ahead of it (undefined: not in the local
 * repository, which counts as furthest behind: nothing can be said of what it lacks). Without
 * it, differing commits leave the revision unknown. An object in this repository that was not
 * found or never applied anything leaves it unknown too. Objects whose source is another
 * repository do not count for the revision. `ready` is false when one object is not Ready or
 * not found, true when all are Ready, else undefined; the message says which and why.
 */
export function summarizeReconcilers(args: { states: readonly ReconcilerState[]; behindBySha?: ReadonlyMap<string, number | undefined> }): ReconcilerSummary {
  const { states } = args;
  const messages: string[] = [];
  for (const state of states) {
    if (state.problem) messages.push(state.problem.message);
    else if (state.ready === false) messages.push(`${state.label} is not ready${state.message ? `: ${state.message}` : ''}`);
    else if (state.ready === undefined && state.found) messages.push(`${state.label}: readiness unknown${state.message ? ` (${state.message})` : ''}`);
    for (const note of state.notes ?? []) messages.push(`${state.label}: ${note}`);
  }

  const counted = states.filter((state) => state.inThisRepository);
  // "the Kustomizations", "the Applications": what the labels name.
  const kinds = new Set(states.map((state) => state.label.split(' ')[0]));
  const objects = kinds.size === 1 ? `the ${[...kinds][0]}s` : 'the objects';
  let chosen: ReconcilerState | undefined;
  if (states.length === 0) {
    messages.push('no Kustomization or Application reconciles this environment');
  } else if (counted.length === 0) {
    messages.push('every source is another repository: no commit of this one is reconciled');
  } else {
    const missing = counted.filter((state) => state.revision === undefined);
    if (missing.length > 0) {
      for (const state of missing) if (state.found && !state.problem) messages.push(`${state.label} has not applied a commit of this repository yet`);
    } else {
      const shas = [...new Set(counted.map((state) => state.revision!))];
      if (shas.length === 1) {
        chosen = counted[0];
      } else if (args.behindBySha) {
        const behind = args.behindBySha;
        const unknown = shas.find((sha) => behind.get(sha) === undefined);
        const furthest = unknown ?? shas.reduce((best, sha) => (behind.get(sha)! > behind.get(best)! ? sha : best));
        chosen = counted.find((state) => state.revision === furthest);
        messages.push(`${objects} run different commits (${shas.map((sha) => sha.slice(0, 12)).join(', ')}); ${furthest.slice(0, 12)} is furthest behind`);
      } else {
        messages.push(`${objects} run different commits (${shas.map((sha) => sha.slice(0, 12)).join(', ')}); the repository is needed to tell which is furthest behind`);
      }
    }
  }

  const anyNotReady = states.some((state) => state.ready === false || state.problem?.code === 'NotFound');
  const allReady = states.length > 0 && states.every((state) => state.ready === true);
  return {
    ...(chosen?.revision ? { revision: chosen.revision } : {}),
    ...(chosen?.ref ? { ref: chosen.ref } : {}),
    ...(anyNotReady ? { ready: false } : allReady ? { ready: true } : {}),
    ...(messages.length > 0 ? { message: messages.join('; ') } : {}),
    ...(chosen?.reconciledAt ? { reconciledAt: chosen.reconciledAt } : {}),
  };
}
