import type { ArgoApplication, Environment } from '../../environments/Environment';
import type { GitRepository } from '../../git/openRepository';
import type { KubeClient } from '../KubeClient';
import { countCommitsBehind } from './countCommitsBehind';
import { describeReadFailure } from './describeReadFailure';
import { getStatusObject } from './getStatusObject';
import { parseArgoApplicationStatus } from './parseArgoApplicationStatus';
import type { ArgoApplicationStatus, ReconciledRevision } from './ReconciledRevision';
import { summarizeReconcilers, type ReconcilerState } from './summarizeReconcilers';

/**
 * readArgoReconciledRevision reads every Argo CD Application of an environment and combines them
 * (see summarizeReconcilers): the deployed commit of the source in this repository, furthest
 * behind when they differ, healthy or not and why. Applications the repository writes without a
 * namespace are looked up in `defaultNamespace` (Argo CD's own, usually "argocd").
 */
export async function readArgoReconciledRevision(args: { client: KubeClient; environment: Environment; defaultNamespace: string; repo?: GitRepository; signal?: AbortSignal }): Promise<ReconciledRevision> {
  const { client, signal } = args;
  const written = args.environment.argocd?.applications ?? [];
  const applications = await Promise.all(
    written.map(async (application): Promise<ArgoApplicationStatus> => {
      const namespace = application.namespace ?? args.defaultNamespace;
      const sourceIndex = Math.max(0, application.sources.findIndex((source) => source.inThisRepository));
      const inThisRepository = application.sources.some((source) => source.inThisRepository);
      try {
        const object = await getStatusObject({ client, object: { group: 'argoproj.io', versions: ['v1alpha1'], plural: 'applications', namespace, name: application.name }, signal });
        return parseArgoApplicationStatus({ object, name: application.name, namespace, sourceIndex, inThisRepository });
      } catch (error) {
        const problem = describeReadFailure({
          error,
          object: `Application ${namespace}/${application.name}`,
          resource: 'applications.argoproj.io',
          hint: hintFor(application),
        });
        return { name: application.name, namespace, found: false, sourceIndex, history: [], errors: [], inThisRepository, problem };
      }
    }),
  );
  const states = applications.map(stateOf);
  const shas = [...new Set(states.filter((state) => state.inThisRepository && state.revision).map((state) => state.revision!))];
  const behindBySha = shas.length > 1 && args.repo ? await countCommitsBehind({ repo: args.repo, environment: args.environment, shas, reconciledRef: states.find((state) => state.ref)?.ref, signal }) : undefined;
  const summary = summarizeReconcilers({ states, ...(behindBySha ? { behindBySha } : {}) });
  return {
    source: 'argocd',
    ...summary,
    applications,
    problems: applications.flatMap((status) => (status.problem ? [status.problem] : [])),
    markers: { fluxKustomizations: [], fluxInventory: [], argoApplications: applications.map((status) => status.name) },
  };
}

function hintFor(application: ArgoApplication): string {
  const where = `the repository defines it in ${application.file}:${application.line}`;
  return application.applicationSet ? `${where} (ApplicationSet ${application.applicationSet}); has Argo CD generated it yet?` : `${where}; has it been created in Argo CD yet?`;
}

function stateOf(status: ArgoApplicationStatus): ReconcilerState {
  const notes: string[] = [];
  if (status.syncStatus === 'OutOfSync' && status.ready !== false) notes.push(`OutOfSync with ${status.comparedRevision ? status.comparedRevision.slice(0, 12) : 'its target revision'}`);
  return {
    label: `Application ${status.namespace}/${status.name}`,
    found: status.found,
    ...(status.revision ? { revision: status.revision } : {}),
    ...(status.targetRevision ? { ref: status.targetRevision } : {}),
    ...(status.ready !== undefined ? { ready: status.ready } : {}),
    ...(status.message ? { message: status.message } : {}),
    ...(status.deployedAt ? { reconciledAt: status.deployedAt } : {}),
    inThisRepository: status.inThisRepository,
    notes,
    ...(status.problem ? { problem: status.problem } : {}),
  };
}
