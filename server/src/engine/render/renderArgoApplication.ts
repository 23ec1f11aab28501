import { kubectlValueOf } from './kubectlValueOf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import type { ArgoApplication, ArgoSource } from '../environments/Environment';
import { asList, asMap, asText, type PlainMap } from '../manifests/plainData';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { documentLine } from '../validation/rules/support/documentLine';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import { addRendered, messageOf, type RenderContext } from './RenderContext';
import { renderHelmChart } from './renderHelmChart';
import { renderKustomizationDirectory } from './renderKustomizationDirectory';
import { helmNotFoundReason } from './RenderTools';
import { setDefaultNamespace } from './setDefaultNamespace';
import { readSortedEntries } from './readSortedEntries';

/**
 * renderArgoApplication renders each source of an Argo CD Application the way the repo-server
 * picks its tool: a directory with Chart.yaml is `helm template` (releaseName, valueFiles with
 * `$ref/` values sources, values/valuesObject, parameters, skipCrds); a directory with a
 * kustomization is `kustomize build` with the source's kustomize options (namePrefix, nameSuffix,
 * namespace, commonLabels, commonAnnotations, images, patches, components, replicas); otherwise
 * the directory's YAML and JSON files (`directory.recurse`, `include`, `exclude`). Namespaced
 * objects without a namespace get the destination namespace, where Argo CD applies them. Charts
 * from Helm repositories, other repositories, plugins and Jsonnet are listed as not rendered.
 */
export async function renderArgoApplication(args: { context: RenderContext; application: ArgoApplication }): Promise<void> {
  const { context, application } = args;
  const { index } = context;
  const before = context.objects.length;
  const references = new Map(application.sources.filter((source) => source.ref && source.inThisRepository).map((source) => [source.ref as string, index.root]));
  for (const [position, source] of application.sources.entries()) {
    const label = `Application ${application.name}${application.sources.length > 1 ? ` source ${position + 1}` : ''}`;
    const where = { source: label, file: application.file, line: application.line };
    if (source.ref && source.path === undefined && source.chart === undefined) continue;
    if (source.chart) {
      context.notRendered.push({ ...where, code: 'RemoteChart', reason: `chart ${source.chart}${source.targetRevision ? `@${source.targetRevision}` : ''} from Helm repository ${source.repoURL ?? '?'}: charts from remote Helm repositories cannot be fetched here` });
      continue;
    }
    if (!source.inThisRepository) {
      context.notRendered.push({ ...where, code: 'OtherRepository', reason: `source ${source.repoURL ?? '?'} is another repository; its files are not here` });
      continue;
    }
    if (source.path === undefined || /\{\{|\$/.test(source.path)) {
      context.notRendered.push({ ...where, code: 'Unsupported', reason: `source path ${source.path === undefined ? 'is missing' : `"${source.path}" is templated`}` });
      continue;
    }
    const directory = resolveRepoPath(index.root, source.path);
    if (!index.isDirectory(directory)) {
      context.notRendered.push({ ...where, code: 'PathMissing', reason: `path "${source.path}" is not a directory of this repository` });
      continue;
    }
    if (source.plugin) {
      context.notRendered.push({ ...where, code: 'Unsupported', reason: 'config management plugins are not run here' });
      continue;
    }
    const kustomizationFile = index.kustomizationIn(directory);
    if (index.isFile(path.join(directory, 'Chart.yaml'))) await renderHelmSource(context, application, source, directory, references, label);
    else if (kustomizationFile) await renderKustomizationDirectory({ context, directory, kustomizationFile, ...kustomizeOptions(source, directory), label: `kustomize build ${source.path} (${label})` });
    else renderDirectorySource(context, source, directory, label);
  }
  const namespace = application.destination.namespace;
  if (namespace) for (const object of context.objects.slice(before)) setDefaultNamespace({ object: object.object, identity: object.identity, namespace });
}

async function renderHelmSource(context: RenderContext, application: ArgoApplication, source: ArgoSource, directory: string, references: ReadonlyMap<string, string>, label: string): Promise<void> {
  const { tools, options } = context;
  const where = { source: label, file: application.file, line: application.line };
  if (!tools.helm) {
    context.notRendered.push({ ...where, code: 'HelmNotFound', reason: helmNotFoundReason });
    return;
  }
  const helm = source.helm ?? {};
  const valuesFiles: string[] = [];
  for (const file of asList(helm.valueFiles).filter((entry): entry is string => typeof entry === 'string')) {
    const reference = /^\$([^/]+)\/(.*)$/.exec(file);
    const resolved = reference ? (references.has(reference[1]) ? path.join(references.get(reference[1]) as string, reference[2]) : undefined) : path.resolve(directory, file);
    if (resolved && fs.existsSync(resolved)) valuesFiles.push(resolved);
    else if (helm.ignoreMissingValueFiles !== true) context.problems.push({ severity: 'warning', file: application.file, line: application.line, message: `${label}: values file ${file} is not in this repository; not used` });
  }
  let values: PlainMap = asMap(helm.valuesObject) ?? {};
  if (!asMap(helm.valuesObject) && typeof helm.values === 'string') {
    try {
      values = asMap(jsYaml.load(helm.values, { schema: jsYaml.CORE_SCHEMA })) ?? {};
    } catch (error) {
      context.problems.push({ severity: 'error', file: application.file, line: application.line, message: `${label}: helm.values is not YAML: ${messageOf(error)}` });
    }
  }
  const parameters = asList(helm.parameters)
    .map(asMap)
    .filter((entry): entry is PlainMap => asText(entry?.name) !== undefined)
    .map((entry) => ({ name: entry.name as string, value: String(entry.value ?? ''), forceString: entry.forceString === true }));
  const releaseName = asText(helm.releaseName) ?? application.name;
  try {
    const objects = await renderHelmChart({
      helm: tools.helm,
      chartDirectory: directory,
      releaseName,
      namespace: application.destination.namespace ?? 'default',
      valuesFiles,
      values,
      parameters,
      includeCrds: helm.skipCrds !== true,
      env: options.env,
      timeoutMs: options.toolTimeoutMs,
      signal: options.signal,
    });
    addRendered(context, objects, `helm template ${releaseName} (${label})`);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    context.notRendered.push({ ...where, code: 'BuildFailed', reason: `helm template failed: ${messageOf(error)}` });
  }
}

function kustomizeOptions(source: ArgoSource, directory: string): { overlay?: PlainMap; components?: string[] } {
  const options = source.kustomize;
  if (!options) return {};
  const overlay: PlainMap = {};
  for (const field of ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'commonAnnotations', 'patches', 'replicas'] as const) {
    if (options[field] !== undefined) overlay[field] = options[field];
  }
  const images = asList(options.images).filter((image): image is string => typeof image === 'string').map(argoImage);
  if (images.length > 0) overlay.images = images;
  const components = asList(options.components).filter((component): component is string => typeof component === 'string').map((component) => path.resolve(directory, component));
  return { overlay, components };
}

/** argoImage turns Argo CD's `[name=]image[:tag][@digest]` into a kustomize images entry. */
function argoImage(text: string): PlainMap {
  const equals = text.indexOf('=');
  const reference = equals === -1 ? text : text.slice(equals + 1);
  const at = reference.indexOf('@');
  const withoutDigest = at === -1 ? reference : reference.slice(0, at);
  const colon = withoutDigest.lastIndexOf(':');
  const tagged = colon > withoutDigest.lastIndexOf('/');
  const image = tagged ? withoutDigest.slice(0, colon) : withoutDigest;
  const entry: PlainMap = { name: equals === -1 ? image : text.slice(0, equals) };
  if (equals !== -1) entry.newName = image;
  if (tagged) entry.newTag = withoutDigest.slice(colon + 1);
  if (at !== -1) entry.digest = reference.slice(at + 1);
  return entry;
}

function renderDirectorySource(context: RenderContext, source: ArgoSource, directory: string, label: string): void {
  const options = source.directory ?? {};
  const include = globPattern(asText(options.include));
  const exclude = globPattern(asText(options.exclude));
  const recurse = options.recurse === true;
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readSortedEntries(current)) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (recurse && !entry.name.startsWith('.')) walk(full);
        continue;
      }
      const relative = path.relative(directory, full).split(path.sep).join('/');
      if (include && !include.test(relative)) continue;
      if (exclude?.test(relative)) continue;
      if (/\.(jsonnet|libsonnet)$/.test(entry.name)) {
        context.notRendered.push({ source: `${label} ${relative}`, code: 'Unsupported', reason: 'Jsonnet is not rendered here', file: repoRelativePath(context.index.root, full), line: 1 });
      } else if (/\.(ya?ml|json)$/i.test(entry.name)) files.push(full);
    }
  };
  walk(directory);
  for (const file of files) {
    let documents = context.index.byFile.get(file);
    if (!documents && file.endsWith('.json')) {
      try {
        const value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
        addRendered(context, (Array.isArray(value) ? value : [value]).map(asMap).filter((entry): entry is PlainMap => entry !== undefined).map((entry) => ({ value: entry, origin: { file: repoRelativePath(context.index.root, file), line: 1 } })), label);
      } catch (error) {
        context.problems.push({ severity: 'error', file: repoRelativePath(context.index.root, file), message: `not JSON: ${messageOf(error)}` });
      }
      continue;
    }
    documents ??= [];
    addRendered(
      context,
      documents.filter((document) => document.identity).map((document) => ({ value: kubectlValueOf(document) as PlainMap, origin: { file: repoRelativePath(context.index.root, file), line: documentLine(document) } })),
      label,
    );
  }
}

/** globPattern turns an Argo CD include/exclude glob (`*.yaml`, `{a.yaml,b.yaml}`) into a RegExp on the relative path. */
function globPattern(glob: string | undefined): RegExp | undefined {
  if (!glob) return undefined;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '{') source += '(?:';
    else if (c === '}') source += ')';
    else if (c === ',') source += '|';
    else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  // Argo CD matches the pattern against the path and the base name.
  return new RegExp(`^(?:${source})$|(?:^|/)(?:${source})$`);
}
