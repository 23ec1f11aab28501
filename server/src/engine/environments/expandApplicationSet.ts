import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { asList, asMap, asText, type PlainMap } from '../manifests/plainData';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { documentLine } from '../validation/rules/support/documentLine';
import type { EnvironmentProblem } from './Environment';
import { goPathPattern } from './goPathPattern';
import type { ManifestIndex } from './ManifestIndex';

/** Params are one generator result: the values a template refers to. */
type Params = Record<string, unknown>;

/**
 * expandApplicationSet produces the Applications that an ApplicationSet's generators give without
 * a cluster: `list` elements and `git` directories of this repository (Go `path.Match` patterns,
 * `exclude` entries, hidden directories skipped, as Argo CD does). Other generators (clusters,
 * matrix, merge, SCM, pull requests, git files) need the cluster or the network and are reported.
 * Templates use Argo CD's fasttemplate `{{key}}` syntax, or `{{ .key }}` / `{{ index .path.segments N }}`
 * with `goTemplate: true`; other Go template constructs are reported and left as written.
 */
export function expandApplicationSet(args: { document: ManifestDocument; index: ManifestIndex }): { applications: PlainMap[]; problems: EnvironmentProblem[] } {
  const { document, index } = args;
  const spec = asMap(asMap(document.value)?.spec) ?? {};
  const where = { file: repoRelativePath(index.root, document.file), line: documentLine(document) };
  const setName = document.identity?.name ?? '';
  const problems: EnvironmentProblem[] = [];
  const goTemplate = spec.goTemplate === true;
  const template = asMap(spec.template);
  if (!template) return { applications: [], problems: [{ ...where, message: `ApplicationSet ${setName}: no spec.template` }] };
  const paramSets: Params[] = [];
  for (const generator of asList(spec.generators).map(asMap)) {
    if (!generator) continue;
    const kind = Object.keys(generator).find((key) => key !== 'selector' && key !== 'values') ?? 'unknown';
    if (kind === 'list') {
      for (const element of asList(asMap(generator.list)?.elements)) {
        const params = asMap(element);
        if (params) paramSets.push(goTemplate ? { ...params } : flatten(params));
      }
      if (asMap(generator.list)?.elementsYaml !== undefined) problems.push({ ...where, message: `ApplicationSet ${setName}: list elementsYaml is not expanded` });
    } else if (kind === 'git' && asList(asMap(generator.git)?.directories).length > 0) {
      const git = asMap(generator.git) ?? {};
      if (!index.isThisRepository(asText(git.repoURL))) {
        problems.push({ ...where, message: `ApplicationSet ${setName}: git generator reads ${asText(git.repoURL) ?? 'another repository'}, not this repository` });
        continue;
      }
      for (const directory of gitDirectories(index.root, asList(git.directories))) paramSets.push(directoryParams(directory, goTemplate));
    } else {
      problems.push({ ...where, message: `ApplicationSet ${setName}: the ${kind} generator needs a cluster or the network; its Applications are not listed` });
    }
  }
  const applications: PlainMap[] = [];
  for (const params of paramSets) {
    const unresolved = new Set<string>();
    const value = renderTemplate(template, params, goTemplate, unresolved);
    for (const tag of unresolved) problems.push({ ...where, message: `ApplicationSet ${setName}: template ${tag} could not be resolved statically` });
    const application = asMap(value) ?? {};
    applications.push({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', ...application, metadata: { ...(asMap(application.metadata) ?? {}), ...(document.identity?.namespace && !asMap(application.metadata)?.namespace ? { namespace: document.identity.namespace } : {}) } });
  }
  return { applications, problems };
}

function flatten(params: PlainMap, prefix = '', into: Params = {}): Params {
  for (const [key, value] of Object.entries(params)) {
    const map = asMap(value);
    if (map) flatten(map, `${prefix}${key}.`, into);
    else into[`${prefix}${key}`] = value;
  }
  return into;
}

function directoryParams(relative: string, goTemplate: boolean): Params {
  const segments = relative.split('/');
  const basename = segments[segments.length - 1];
  const basenameNormalized = basename.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  if (goTemplate) return { path: { path: relative, basename, basenameNormalized, segments } };
  const params: Params = { path: relative, 'path.basename': basename, 'path.basenameNormalized': basenameNormalized };
  segments.forEach((segment, position) => (params[`path[${position}]`] = segment));
  return params;
}

/** gitDirectories lists the repository's directories matching the generator's include and exclude patterns. */
function gitDirectories(root: string, entries: readonly unknown[]): string[] {
  const all: string[] = [];
  const walk = (directory: string): void => {
    let children: fs.Dirent[];
    try {
      children = fs.readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const child of children) {
      if (!child.isDirectory() || child.name.startsWith('.') || child.name === 'node_modules') continue;
      const full = path.join(directory, child.name);
      all.push(repoRelativePath(root, full));
      walk(full);
    }
  };
  walk(root);
  const patterns = entries.map(asMap).filter((entry): entry is PlainMap => asText(entry?.path) !== undefined);
  const included = patterns.filter((entry) => entry.exclude !== true).map((entry) => goPathPattern(entry.path as string));
  const excluded = patterns.filter((entry) => entry.exclude === true).map((entry) => goPathPattern(entry.path as string));
  return all.filter((directory) => included.some((pattern) => pattern.test(directory)) && !excluded.some((pattern) => pattern.test(directory))).sort();
}

function renderTemplate(value: unknown, params: Params, goTemplate: boolean, unresolved: Set<string>): unknown {
  if (typeof value === 'string') return renderString(value, params, goTemplate, unresolved);
  if (Array.isArray(value)) return value.map((item) => renderTemplate(item, params, goTemplate, unresolved));
  const map = asMap(value);
  if (!map) return value;
  const result: PlainMap = {};
  for (const [key, entry] of Object.entries(map)) result[renderString(key, params, goTemplate, unresolved)] = renderTemplate(entry, params, goTemplate, unresolved);
  return result;
}

function renderString(text: string, params: Params, goTemplate: boolean, unresolved: Set<string>): string {
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (tag, expression: string) => {
    const resolved = goTemplate ? goValue(expression, params) : params[expression];
    if (resolved === undefined || (typeof resolved === 'object' && resolved !== null)) {
      unresolved.add(tag);
      return tag;
    }
    return String(resolved);
  });
}

function goValue(expression: string, params: Params): unknown {
  const index = /^index\s+(\.[\w.]+)\s+(\d+)$/.exec(expression);
  if (index) {
    const list = fieldValue(index[1], params);
    return Array.isArray(list) ? list[Number(index[2])] : undefined;
  }
  return /^\.[\w.]+$/.test(expression) ? fieldValue(expression, params) : undefined;
}

function fieldValue(expression: string, params: Params): unknown {
  let current: unknown = params;
  for (const key of expression.slice(1).split('.')) current = asMap(current)?.[key];
  return current;
}
