import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { Environment, EnvironmentProblem } from '../engine/environments/Environment';
import { discoverEnvironments } from '../engine/environments/discoverEnvironments';
import type { EnvironmentDto, ListEnvironmentsResult, LocationDto, ProblemDto } from '../protocol/dtos';

/** listEnvironments answers gitops/listEnvironments for a repository root. */
export function listEnvironments(args: { root: string }): ListEnvironmentsResult {
  const discovered = discoverEnvironments({ root: args.root });
  return {
    root: args.root,
    environments: discovered.environments.map((environment) => toEnvironmentDto(args.root, environment)),
    problems: discovered.problems.map((problem) => toProblemDto(args.root, problem)),
  };
}

/** toEnvironmentDto converts an engine environment to its protocol form (locations as URIs, zero-based lines). */
export function toEnvironmentDto(root: string, environment: Environment): EnvironmentDto {
  const dto: EnvironmentDto = { name: environment.name, source: environment.source, paths: environment.paths, inputs: environment.inputs };
  if (environment.namespace) dto.namespace = environment.namespace;
  if (environment.context) dto.context = environment.context;
  if (environment.reconciler) dto.reconciler = environment.reconciler;
  if (environment.branch) dto.branch = environment.branch;
  if (environment.flux) {
    dto.flux = {
      kustomizations: environment.flux.kustomizations.map((kustomization) => ({
        name: kustomization.name,
        ...(kustomization.namespace ? { namespace: kustomization.namespace } : {}),
        path: kustomization.path,
        sourceRef: kustomization.sourceRef,
        ...(kustomization.targetNamespace ? { targetNamespace: kustomization.targetNamespace } : {}),
        dependsOn: kustomization.dependsOn,
        suspended: kustomization.suspended,
        location: toLocation(root, kustomization.file, kustomization.line),
      })),
    };
  }
  if (environment.argocd) {
    dto.argocd = {
      applications: environment.argocd.applications.map((application) => ({
        name: application.name,
        ...(application.namespace ? { namespace: application.namespace } : {}),
        ...(application.applicationSet ? { applicationSet: application.applicationSet } : {}),
        sources: application.sources.map((source) => ({
          ...(source.repoURL ? { repoURL: source.repoURL } : {}),
          ...(source.path ? { path: source.path } : {}),
          ...(source.targetRevision ? { targetRevision: source.targetRevision } : {}),
          ...(source.chart ? { chart: source.chart } : {}),
          inThisRepository: source.inThisRepository,
        })),
        destination: application.destination,
        ...(application.project ? { project: application.project } : {}),
        location: toLocation(root, application.file, application.line),
      })),
    };
  }
  return dto;
}

/** toLocation turns a repository-relative file and a 1-based line into a URI and a zero-based line. */
export function toLocation(root: string, file: string, line: number): LocationDto {
  return { uri: pathToFileURL(path.resolve(root, file)).toString(), line: Math.max(0, line - 1) };
}

function toProblemDto(root: string, problem: EnvironmentProblem): ProblemDto {
  return { severity: 'warning', message: problem.message, ...(problem.file ? { location: toLocation(root, problem.file, problem.line ?? 1) } : {}) };
}
