import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Environment, FluxKustomization } from '../environments/Environment';
import { createManifestIndex } from '../environments/ManifestIndex';
import { readRepositoryManifests } from '../environments/readRepositoryManifests';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { asMap, asText } from '../manifests/plainData';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import { fingerprintInputs } from './fingerprintInputs';
import { renderArgoApplication } from './renderArgoApplication';
import type { RenderContext } from './RenderContext';
import type { RenderResult } from './RenderedObject';
import { renderFluxKustomization } from './renderFluxKustomization';
import { renderHelmRelease } from './renderHelmRelease';
import { defaultRenderOptions, type RenderOptions } from './RenderOptions';
import { renderPlainPath } from './renderPlainPath';
import { findRenderTools } from './RenderTools';
import { setDefaultNamespace } from './setDefaultNamespace';

type Unit = (context: RenderContext) => Promise<void>;

/**
 * renderEnvironment renders an environment's desired state as its reconciler would: Flux
 * Kustomizations as kustomize-controller builds them (with postBuild substitution), Argo CD
 * Applications as the repo-server does, other paths as plain YAML or `kustomize build`; then the
 * chart of every HelmRelease among the objects, with `helm template`. Every object keeps the file
 * and line it came from. Parts that cannot be rendered here (no kustomize or helm on PATH, remote
 * charts, other repositories) are listed in `notRendered` with the reason; it never throws for
 * those, only for cancellation. Results are cached by a fingerprint of the environment's inputs
 * (see fingerprintInputs), the environment itself and the tools found.
 */
export async function renderEnvironment(args: { root: string; environment: Environment; documents?: readonly ManifestDocument[]; options?: Partial<RenderOptions> }): Promise<RenderResult> {
  const options: RenderOptions = { ...defaultRenderOptions(), ...args.options };
  const root = path.resolve(args.root);
  const { environment } = args;
  const tools = findRenderTools({ env: options.env });
  const key = createHash('sha256')
    .update(JSON.stringify({ root, environment, tools, strict: options.strictSubstitution }))
    .update(fingerprintInputs({ root, inputs: environment.inputs }))
    .digest('hex');
  const cached = options.cache ? options.cache.get(key) : undefined;
  if (cached) return { ...structuredClone(cached), cached: true };

  const documents = args.documents ?? readRepositoryManifests({ root });
  const index = createManifestIndex({ root, documents });
  const inputs = environment.inputs.map((input) => resolveRepoPath(root, input));
  const candidates = documents.filter((document) => inputs.some((input) => document.file === input || document.file.startsWith(input + path.sep)));
  const newContext = (): RenderContext => ({ index, environment, tools, options, candidates, objects: [], notRendered: [], problems: [] });

  const units: Unit[] = [];
  const kustomizations = environment.flux?.kustomizations ?? [];
  const applications = environment.argocd?.applications ?? [];
  for (const kustomization of kustomizations) units.push((context) => renderFluxKustomization({ context, kustomization }));
  for (const application of applications) units.push((context) => renderArgoApplication({ context, application }));
  const covered = new Set([...kustomizations.map((kustomization) => kustomization.path), ...applications.flatMap((application) => application.sources.map((source) => source.path ?? ''))]);
  for (const written of environment.paths) {
    if (covered.has(written)) continue;
    // A Flux cluster directory that no Kustomization in the repository applies is built as Flux would build it.
    if (environment.source === 'flux') units.push((context) => renderFluxKustomization({ context, kustomization: clusterDirectoryKustomization(written), label: `${written} (Flux cluster directory)` }));
    else units.push((context) => renderPlainPath({ context, path: written }));
  }
  const result = newContext();
  for (const partial of await runAll(units, newContext, options.signal)) merge(result, partial);

  const releases = result.objects.filter((object) => object.identity.group === 'helm.toolkit.fluxcd.io' && object.identity.kind === 'HelmRelease');
  const helmUnits: Unit[] = releases.map((release) => (context) => renderHelmRelease({ context, release }));
  for (const partial of await runAll(helmUnits, newContext, options.signal)) merge(result, partial);

  if (environment.source === 'config' && environment.namespace) {
    const clusterScoped = new Set(
      result.objects
        .filter((object) => object.identity.kind === 'CustomResourceDefinition' && asText(asMap(object.object.spec)?.scope) === 'Cluster')
        .map((object) => `${asText(asMap(object.object.spec)?.group) ?? ''}/${asText(asMap(asMap(object.object.spec)?.names)?.kind) ?? ''}`),
    );
    for (const object of result.objects) setDefaultNamespace({ object: object.object, identity: object.identity, namespace: environment.namespace, clusterScopedKinds: clusterScoped });
  }
  const producers = new Map<string, string>();
  for (const object of result.objects) {
    const { group, kind, namespace, name } = object.identity;
    const id = `${group}/${kind}/${namespace ?? ''}/${name}`;
    const first = producers.get(id);
    if (first !== undefined && first !== object.producedBy) result.problems.push({ severity: 'warning', ...(object.origin ?? {}), message: `${kind} ${namespace ? `${namespace}/` : ''}${name} is rendered by both ${first} and ${object.producedBy}` });
    else producers.set(id, object.producedBy);
  }
  const rendered: RenderResult = { objects: result.objects, notRendered: result.notRendered, problems: result.problems, cached: false };
  if (options.cache) options.cache.set(key, structuredClone(rendered));
  return rendered;
}

/** runAll runs units two at a time (tools are processes; the machine may have two cores), results in unit order. */
async function runAll(units: readonly Unit[], newContext: () => RenderContext, signal: AbortSignal | undefined): Promise<RenderContext[]> {
  const contexts = units.map(() => newContext());
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < units.length) {
      const position = next++;
      signal?.throwIfAborted();
      await units[position](contexts[position]);
    }
  };
  await Promise.all([worker(), worker()]);
  return contexts;
}

function merge(into: RenderContext, from: RenderContext): void {
  into.objects.push(...from.objects);
  into.notRendered.push(...from.notRendered);
  into.problems.push(...from.problems);
}

function clusterDirectoryKustomization(written: string): FluxKustomization {
  return {
    name: written,
    file: written,
    line: 1,
    path: written,
    sourceRef: { kind: 'GitRepository', name: '', inThisRepository: true },
    dependsOn: [],
    patches: [],
    images: [],
    components: [],
    suspended: false,
  };
}
