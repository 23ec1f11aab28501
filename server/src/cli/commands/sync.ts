import { parseArgs } from 'node:util';
import { discoverEnvironments } from '../../engine/environments/discoverEnvironments';
import { findEnvironment } from '../../engine/environments/findEnvironment';
import { openRepository, type GitRepository } from '../../engine/git/openRepository';
import { inspectEnvironment } from '../../engine/inspect/inspectEnvironment';
import { openClusterSession } from '../../engine/inspect/openClusterSession';
import { planSync } from '../../engine/sync/planSync';
import { readSyncSource } from '../../engine/sync/readSyncSource';
import { syncEnvironment } from '../../engine/sync/syncEnvironment';
import { syncReconcilerOf } from '../../engine/sync/syncReconcilerOf';
import { UsageError, exitCodes } from '../CliError';
import type { CliIo } from '../CliIo';
import { formatSyncOutcomeText, formatSyncPlanText } from '../format/formatSyncText';
import { repositoryRoot } from './envs';

export const syncUsage = `Usage: gitops-workbench sync --env NAME [--repo DIR] [--kubeconfig FILE[:FILE…]] [--context NAME] [--prune] [--yes] [--dry-run] [--timeout 5m] [--format text|json]

Makes an environment's cluster match Git, the way its reconciler works, and prints the plan first:
  push    GitOps Workbench server-side applies the rendered environment (field manager
          gitops-workbench) as a kubectl ApplySet whose parent, a ConfigMap, records the applied
          commit. The plan (creates, updates with their fields, prunes) is confirmed by a
          server-side dry-run. --prune deletes the set's members Git no longer declares, never
          objects another tool claims. Uncommitted changes to the environment's inputs refuse.
  flux    annotates the environment's sources and Kustomizations with
          reconcile.fluxcd.io/requestedAt, then waits until Flux reports them Ready, or failed.
  argocd  sets each Application's sync operation to its target revision (--prune: with prune),
          then waits until Argo CD finishes it.
Nothing changes without --yes: a CI job never applies by surprise (--dry-run never applies).
--timeout bounds the wait for Flux or Argo CD (Go durations: 90s, 5m, 1h30m). Secret values
are never printed. Exit 0 synced (or, without --yes, a plan that can run); 1 objects that
failed or would fail, a reconcile that failed or timed out; 2 usage error, cluster unreachable,
or a sync that cannot run (uncommitted changes, an ApplySet parent of another tool, a missing or
suspended Kustomization, an Argo CD operation already running); 130 interrupted (Ctrl-C or
SIGTERM: the sync stops before the next object, prunes nothing, and the ApplySet parent keeps the
last complete commit and records the cancelled attempt; a second Ctrl-C quits at once).`;

const options = {
  env: { type: 'string' },
  repo: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  format: { type: 'string' },
  prune: { type: 'boolean', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
  'dry-run': { type: 'boolean', default: false },
  timeout: { type: 'string' },
} as const;

/** sync is the `gitops-workbench sync` command. */
export async function sync(args: { argv: string[]; io: CliIo }): Promise<number> {
  const { io } = args;
  const { values } = parseArgs({ args: args.argv, options, allowPositionals: false });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const timeoutMs = parseDuration(values.timeout ?? '5m');
  if (values.env === undefined || values.env === '') throw new UsageError('--env NAME is required (gitops-workbench envs lists the names)');
  const root = repositoryRoot({ repo: values.repo, cwd: io.cwd });
  const environment = findEnvironment({ environments: discoverEnvironments({ root }).environments, name: values.env });
  const reconciler = syncReconcilerOf({ environment });
  let repo: GitRepository | undefined;
  try {
    repo = openRepository({ dir: root });
  } catch {
    // Without git there is no commit to record: the plan says so (a push sync refuses).
    repo = undefined;
  }
  const kubeconfigPaths = values.kubeconfig ? values.kubeconfig.split(':').filter((entry) => entry !== '') : [];
  const session = await openClusterSession({ context: values.context ?? environment.context, kubeconfigPaths, trusted: true, env: io.env });
  if (session.state !== 'connected') {
    io.stderr(`gitops-workbench sync: cluster ${session.state}: ${session.message}\n`);
    return exitCodes.error;
  }
  try {
    const inspection = await inspectEnvironment({ root, environment, repo, session, renderCache: false, env: io.env });
    const { cluster } = inspection;
    if (cluster.state !== 'connected') {
      io.stderr(`gitops-workbench sync: cluster ${cluster.state}: ${cluster.message ?? ''}\n`);
      return exitCodes.error;
    }
    for (const problem of inspection.problems) io.stderr(`warning: ${problem}\n`);
    const source = repo ? await readSyncSource({ repo, environment, reconciler }) : undefined;
    const plan = await planSync({ session, inspection, prune: values.prune, ...(source ? { source } : {}) });
    const execute = values.yes && !values['dry-run'];
    const header = { environment: environment.name, reconciler, head: plan.head ?? null, ref: plan.ref ?? null, cluster: { context: cluster.context, server: cluster.server } };
    if (format === 'text') {
      io.stdout(`Environment ${environment.name}  context ${cluster.context ?? ''}${cluster.server ? ` (${cluster.server})` : ''}\n`);
      io.stdout(formatSyncPlanText({ plan, prune: values.prune, timeoutMs }));
    }
    const wouldFail = plan.reconciler === 'push' && (plan.blocked.length > 0 || [...plan.creates, ...plan.updates].some((object) => object.dryRunError));
    if (!execute || plan.blockers.length > 0) {
      if (format === 'json') io.stdout(`${JSON.stringify({ ...header, plan, executed: false, result: null }, null, 2)}\n`);
      else if (plan.blockers.length === 0) io.stdout(values['dry-run'] ? 'Dry run: nothing was changed.\n' : 'Nothing was changed: run again with --yes to sync.\n');
      return plan.blockers.length > 0 ? exitCodes.error : wouldFail ? exitCodes.findings : exitCodes.clean;
    }
    // Ctrl-C stops the sync between objects, so the ApplySet parent still records the cancelled
    // attempt and nothing is pruned; a second Ctrl-C quits at once.
    const stop = new AbortController();
    const onInterrupt = (signal: NodeJS.Signals) => {
      if (stop.signal.aborted) process.exit(exitCodes.interrupted);
      io.stderr(`${signal}: stopping the sync — no further object is applied or pruned, and the ApplySet parent records the cancelled attempt (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again quits at once)\n`);
      stop.abort();
    };
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    let outcome;
    try {
      outcome = await syncEnvironment({
        session,
        inspection,
        plan,
        prune: values.prune,
        ...(plan.head ? { revision: plan.head } : {}),
        ...(plan.ref ? { ref: plan.ref } : {}),
        signal: stop.signal,
        ...(format === 'text' ? { onProgress: (progress: { message: string }) => io.stderr(`${progress.message}\n`) } : {}),
        options: { timeoutMs },
      });
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
    if (format === 'json') io.stdout(`${JSON.stringify({ ...header, plan, executed: true, result: outcome }, null, 2)}\n`);
    else io.stdout(formatSyncOutcomeText({ outcome }));
    if (outcome.outcome === 'cancelled') return exitCodes.interrupted;
    return outcome.outcome === 'succeeded' ? exitCodes.clean : exitCodes.findings;
  } finally {
    session.client.close();
  }
}

/** parseDuration reads a Go duration (300ms, 90s, 5m, 1h30m) or a number of seconds; at least one millisecond. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(1, Math.round(Number(trimmed) * 1000));
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = trimmed;
  while (rest !== '') {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) throw new UsageError(`--timeout ${text}: not a duration (like 90s, 5m, 1h30m)`);
    total += Number(match[1]) * units[match[2]];
    rest = rest.slice(match[0].length);
  }
  if (total < 1) throw new UsageError(`--timeout ${text}: must be more than zero`);
  return Math.round(total);
}
