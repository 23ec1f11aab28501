import { Buffer } from 'node:buffer';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import { asList, asMap, asText, type PlainMap } from '../manifests/plainData';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import { mergeValues } from './mergeValues';
import { addRendered, messageOf, type RenderContext } from './RenderContext';
import type { RenderedObject } from './RenderedObject';
import { renderHelmChart } from './renderHelmChart';
import { helmNotFoundReason } from './RenderTools';
import { setDefaultNamespace } from './setDefaultNamespace';

/**
 * renderHelmRelease renders a Flux HelmRelease's chart with `helm template`, as helm-controller
 * would install it: the chart from a GitRepository of this repository (`spec.chart.spec.chart`,
 * relative to the repository root) with its `valuesFiles`, then `valuesFrom` ConfigMaps/Secrets
 * of the repository (`valuesKey`, default values.yaml; `targetPath`), then `spec.values`;
 * release name `spec.releaseName` or `[targetNamespace-]name`; namespace `spec.targetNamespace`
 * or the HelmRelease's. Charts from Helm repositories, OCI or buckets cannot be fetched here and
 * are listed as not rendered, with the reason; so is everything when helm is not on PATH.
 */
export async function renderHelmRelease(args: { context: RenderContext; release: RenderedObject }): Promise<void> {
  const { context, release } = args;
  const { index, tools, options } = context;
  const spec = asMap(release.object.spec) ?? {};
  const name = release.identity.name;
  const ownNamespace = release.identity.namespace;
  const label = `HelmRelease ${ownNamespace ? `${ownNamespace}/` : ''}${name}`;
  const where = { source: label, ...(release.origin ? { file: release.origin.file, line: release.origin.line } : {}) };
  const chartRef = asMap(spec.chartRef);
  if (chartRef) {
    context.notRendered.push({ ...where, code: 'RemoteChart', reason: `chartRef ${asText(chartRef.kind) ?? '?'}/${asText(chartRef.name) ?? '?'}: charts from OCI repositories or HelmChart objects cannot be fetched here` });
    return;
  }
  const chartSpec = asMap(asMap(spec.chart)?.spec) ?? {};
  const chart = asText(chartSpec.chart) ?? '';
  const sourceRef = asMap(chartSpec.sourceRef) ?? {};
  const sourceKind = asText(sourceRef.kind) ?? 'HelmRepository';
  const sourceName = asText(sourceRef.name) ?? '';
  const sourceNamespace = asText(sourceRef.namespace) ?? ownNamespace;
  const sourceDocument = index.ofKind('source.toolkit.fluxcd.io', sourceKind).find((document) => document.identity?.name === sourceName && (sourceNamespace === undefined || document.identity.namespace === undefined || document.identity.namespace === sourceNamespace));
  const sourceUrl = asText(asMap(asMap(sourceDocument?.value)?.spec)?.url);
  if (sourceKind !== 'GitRepository') {
    const version = asText(chartSpec.version) ?? (typeof chartSpec.version === 'number' ? String(chartSpec.version) : undefined);
    context.notRendered.push({ ...where, code: 'RemoteChart', reason: `chart ${chart}${version ? `@${version}` : ''} from ${sourceKind} ${sourceName}${sourceUrl ? ` (${sourceUrl})` : ''}: charts from remote Helm repositories cannot be fetched here` });
    return;
  }
  if (sourceUrl !== undefined && !index.isThisRepository(sourceUrl)) {
    context.notRendered.push({ ...where, code: 'OtherRepository', reason: `chart ${chart} comes from GitRepository ${sourceName} (${sourceUrl}), another repository` });
    return;
  }
  const chartDirectory = resolveRepoPath(index.root, chart);
  if (!index.isFile(path.join(chartDirectory, 'Chart.yaml'))) {
    context.notRendered.push({ ...where, code: 'PathMissing', reason: `chart "${chart}" is not a chart directory of this repository (no Chart.yaml)` });
    return;
  }
  if (!tools.helm) {
    context.notRendered.push({ ...where, code: 'HelmNotFound', reason: helmNotFoundReason });
    return;
  }
  let values: PlainMap = {};
  for (const reference of asList(spec.valuesFrom).map(asMap)) {
    const loaded = valuesFromReference(context, reference, ownNamespace);
    if (typeof loaded === 'string') {
      if (reference?.optional !== true) context.problems.push({ severity: 'warning', ...(release.origin ?? {}), message: `${label}: ${loaded}` });
      continue;
    }
    values = mergeValues(values, loaded);
  }
  values = mergeValues(values, asMap(spec.values) ?? {});
  if (asList(spec.postRenderers).length > 0) context.problems.push({ severity: 'warning', ...(release.origin ?? {}), message: `${label}: postRenderers are not applied here` });
  const targetNamespace = asText(spec.targetNamespace);
  const namespace = targetNamespace ?? ownNamespace ?? 'default';
  const releaseName = asText(spec.releaseName) ?? (targetNamespace ? `${targetNamespace}-${name}` : name);
  const valuesFiles = asList(chartSpec.valuesFiles).filter((file): file is string => typeof file === 'string').map((file) => resolveRepoPath(index.root, file));
  try {
    const objects = await renderHelmChart({ helm: tools.helm, chartDirectory, releaseName, namespace, valuesFiles, values, env: options.env, timeoutMs: options.toolTimeoutMs, signal: options.signal });
    const added = addRendered(context, objects, `helm template ${releaseName} (${label})`);
    for (const object of added) setDefaultNamespace({ object: object.object, identity: object.identity, namespace });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    context.notRendered.push({ ...where, code: 'BuildFailed', reason: `helm template failed: ${messageOf(error)}` });
  }
}

/** valuesFromReference reads one `valuesFrom` entry from the repository, or says why it cannot. */
function valuesFromReference(context: RenderContext, reference: PlainMap | undefined, namespace: string | undefined): PlainMap | string {
  const kind = asText(reference?.kind);
  const name = asText(reference?.name);
  if (!reference || !name || (kind !== 'ConfigMap' && kind !== 'Secret')) return 'a valuesFrom entry is not a ConfigMap or Secret reference';
  const document = context.index.ofKind('', kind).find((candidate) => candidate.identity?.name === name && (namespace === undefined || candidate.identity.namespace === undefined || candidate.identity.namespace === namespace));
  if (!document) return `valuesFrom ${kind}/${name} is not defined in this repository; its values are not used here`;
  const key = asText(reference.valuesKey) ?? 'values.yaml';
  const value = asMap(document.value) ?? {};
  let text = asText(asMap(value.data)?.[key]);
  if (kind === 'Secret') text = text !== undefined ? Buffer.from(text, 'base64').toString('utf8') : asText(asMap(value.stringData)?.[key]);
  if (text === undefined) return `valuesFrom ${kind}/${name} has no key "${key}"`;
  const targetPath = asText(reference.targetPath);
  if (targetPath) {
    const result: PlainMap = {};
    let current = result;
    const segments = targetPath.split('.');
    segments.slice(0, -1).forEach((segment) => (current = current[segment] = {} as PlainMap));
    current[segments[segments.length - 1]] = text;
    return result;
  }
  try {
    return asMap(jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA })) ?? {};
  } catch (error) {
    return `valuesFrom ${kind}/${name} key "${key}" is not YAML: ${messageOf(error)}`;
  }
}

