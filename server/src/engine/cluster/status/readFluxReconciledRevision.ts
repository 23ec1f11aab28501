import type { Environment, FluxKustomization } from '../../environments/Environment';
import type { GitRepository } from '../../git/openRepository';
import type { KubeClient } from '../KubeClient';
import { countCommitsBehind } from './countCommitsBehind';
import { describeReadFailure } from './describeReadFailure';
import { getStatusObject } from './getStatusObject';
import { parseFluxKustomizationStatus } from './parseFluxKustomizationStatus';
import { parseFluxSourceStatus } from './parseFluxSourceStatus';
import type { FluxKustomizationStatus, FluxSourceStatus, ReconciledRevision } from './ReconciledRevision';
import { summarizeReconcilers, type ReconcilerState } from './summarizeReconcilers';

const fluxVersions = ['v1', 'v1beta2'] as const;
const sourcePlurals: Record<string, string> = { GitRepository: 'gitrepositories', OCIRepository: 'ocirepositories', Bucket: 'buckets' };

/**
 * readFluxReconciledRevision reads every Flux Kustomization of an environment and its source
 * (GitRepository…), and combines them (see summarizeReconcilers): the revision furthest behind
 * the branch head (ordered with the repository when they differ), Ready or not and why.
 * Kustomizations the repository writes without a namespace are looked up in `defaultNamespace`.
 */
export async function readFluxReconciledRevision(args: { client: KubeClient; environment: Environment; defaultNamespace: string; repo?: GitRepository; signal?: AbortSignal }): Promise<ReconciledRevision> {
  const { client, signal } = args;
  const written = args.environment.flux?.kustomizations ?? [];
  const sources = new Map<string, Promise<FluxSourceStatus>>();
  const readSource = (ref: { kind: string; name: string; namespace: string }): Promise<FluxSourceStatus> => {
    const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
    let pending = sources.get(key);
    if (!pending) {
      pending = readFluxSource({ client, ref, signal });
      sources.set(key, pending);
    }
    return pending;
  };

  const kustomizations = await Promise.all(
    written.map(async (kustomization): Promise<FluxKustomizationStatus> => {
      const namespace = kustomization.namespace ?? args.defaultNamespace;
      let object: unknown;
      try {
        object = await getStatusObject({ client, object: { group: 'kustomize.toolkit.fluxcd.io', versions: fluxVersions, plural: 'kustomizations', namespace, name: kustomization.name }, signal });
      } catch (error) {
        const problem = describeReadFailure({
          error,
          object: `Kustomization ${namespace}/${kustomization.name}`,
          resource: 'kustomizations.kustomize.toolkit.fluxcd.io',
          hint: `the repository defines it in ${kustomization.file}:${kustomization.line}; has Flux applied it yet (is its parent Kustomization ready)?`,
        });
        return { name: kustomization.name, namespace, found: false, reconciling: false, stalled: false, suspended: kustomization.suspended, stale: false, inventory: [], inThisRepository: kustomization.sourceRef.inThisRepository, problem };
      }
      const status = parseFluxKustomizationStatus({ object, name: kustomization.name, namespace, inThisRepository: kustomization.sourceRef.inThisRepository });
      if (status.sourceRef && sourcePlurals[status.sourceRef.kind]) status.source = await readSource(status.sourceRef);
      return status;
    }),
  );

  const states = kustomizations.map((status, index) => stateOf(status, written[index]));
  const shas = [...new Set(states.filter((state) => state.inThisRepository && state.revision).map((state) => state.revision!))];
  const behindBySha = shas.length > 1 && args.repo ? await countCommitsBehind({ repo: args.repo, environment: args.environment, shas, reconciledRef: states.find((state) => state.ref)?.ref, signal }) : undefined;
  const summary = summarizeReconcilers({ states, ...(behindBySha ? { behindBySha } : {}) });
  return {
    source: 'flux',
    ...summary,
    kustomizations,
    problems: kustomizations.flatMap((status) => [...(status.problem ? [status.problem] : []), ...(status.source?.problem ? [status.source.problem] : [])]),
    markers: {
      fluxKustomizations: kustomizations.map((status) => ({ name: status.name, namespace: status.namespace })),
      fluxInventory: kustomizations.flatMap((status) => status.inventory.map((entry) => entry.id)),
      argoApplications: [],
    },
  };
}

async function readFluxSource(args: { client: KubeClient; ref: { kind: string; name: string; namespace: string }; signal?: AbortSignal }): Promise<FluxSourceStatus> {
  const { ref } = args;
  try {
    const object = await getStatusObject({ client: args.client, object: { group: 'source.toolkit.fluxcd.io', versions: fluxVersions, plural: sourcePlurals[ref.kind], namespace: ref.namespace, name: ref.name }, signal: args.signal });
    return parseFluxSourceStatus({ object, ...ref });
  } catch (error) {
    const problem = describeReadFailure({ error, object: `${ref.kind} ${ref.namespace}/${ref.name}`, resource: `${sourcePlurals[ref.kind]}.source.toolkit.fluxcd.io` });
    return { ...ref, found: false, problem };
  }
}

/** stateOf is what summarizeReconcilers needs of one Kustomization, with the notes worth showing. */
function stateOf(status: FluxKustomizationStatus, written: FluxKustomization): ReconcilerState {
  const label = `Kustomization ${status.namespace}/${status.name}`;
  const notes: string[] = [];
  if (status.suspended) notes.push('suspended (spec.suspend: true): it applies nothing until resumed');
  if (status.stale) notes.push('its status is older than its spec: the controller has not reconciled the latest change yet');
  if (status.attempted && status.ready !== false) notes.push(`applying ${status.attempted.raw}`);
  const source = status.source;
  if (source?.found && source.ready === false) notes.push(`its source ${source.kind} ${source.namespace}/${source.name} is not ready${source.message ? `: ${source.message}` : ''}`);
  if (source?.problem && source.problem.code !== 'NotFound') notes.push(source.problem.message);
  if (source?.problem?.code === 'NotFound') notes.push(`its source ${source.kind} ${source.namespace}/${source.name} was not found in the cluster`);
  const reason = [status.reason, status.message].filter(Boolean).join(': ');
  const ref = status.applied?.sha ? status.applied.ref : status.appliedOrigin?.ref;
  return {
    label,
    found: status.found,
    ...(status.revision ? { revision: status.revision } : {}),
    ...(ref ? { ref } : {}),
    ...(status.ready !== undefined ? { ready: status.ready } : {}),
    ...(reason ? { message: reason } : {}),
    ...(status.ready && status.readyChangedAt ? { reconciledAt: status.readyChangedAt } : {}),
    inThisRepository: written.sourceRef.inThisRepository,
    notes,
    ...(status.problem ? { problem: status.problem } : {}),
  };
}
