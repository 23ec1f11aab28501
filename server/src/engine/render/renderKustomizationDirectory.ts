import type { PlainMap } from '../manifests/plainData';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { buildKustomization } from './buildKustomization';
import { addRendered, messageOf, type RenderContext } from './RenderContext';
import { helmNotFoundReason, kustomizeNotFoundReason } from './RenderTools';
import { usesHelmCharts } from './usesHelmCharts';

/**
 * renderKustomizationDirectory runs kustomize on a directory of the repository with kustomize's
 * defaults (LoadRestrictionsRootOnly), as `kustomize build DIR` would, plus `overlay` fields (Argo
 * CD's kustomize options). `helmCharts` are inflated with the helm found on PATH; without helm, a
 * kustomization that uses them is listed as not rendered.
 */
export async function renderKustomizationDirectory(args: { context: RenderContext; directory: string; kustomizationFile: string; overlay?: PlainMap; components?: string[]; label?: string }): Promise<void> {
  const { context, directory } = args;
  const { tools, options, index } = context;
  const relative = repoRelativePath(index.root, directory);
  const where = { source: args.label ?? relative, file: repoRelativePath(index.root, args.kustomizationFile), line: 1 };
  if (!tools.kustomize) {
    context.notRendered.push({ ...where, code: 'KustomizeNotFound', reason: kustomizeNotFoundReason });
    return;
  }
  const helm = usesHelmCharts({ index, kustomizationFile: args.kustomizationFile });
  if (helm && !tools.helm) {
    context.notRendered.push({ ...where, code: 'HelmNotFound', reason: `${helmNotFoundReason} (the kustomization uses helmCharts)` });
    return;
  }
  const producedBy = `${tools.kustomize.label} ${relative}`;
  try {
    const built = await buildKustomization({
      kustomize: tools.kustomize,
      directory,
      overlay: args.overlay,
      components: args.components,
      loadRestrictor: 'LoadRestrictionsRootOnly',
      ...(helm && tools.helm ? { helmCommand: tools.helm } : {}),
      env: options.env,
      timeoutMs: options.toolTimeoutMs,
      signal: options.signal,
    });
    addRendered(context, built, args.label ?? producedBy);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const remote = helm && /pull|fetch|repo|dial|lookup|network|could not find/i.test(messageOf(error)) ? ' (helmCharts from remote Helm repositories cannot be fetched here)' : '';
    context.notRendered.push({ ...where, code: remote ? 'RemoteChart' : 'BuildFailed', reason: `${tools.kustomize.label} failed: ${messageOf(error)}${remote}` });
  }
}
