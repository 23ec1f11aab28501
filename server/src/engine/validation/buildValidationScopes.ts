import * as path from 'node:path';
import type { ManifestDocument, ResourceIdentity } from '../manifests/ManifestDocument';
import { asList, asMap, asText, valueAt } from '../manifests/plainData';
import { isKustomizationFile, kustomizationFileNames, readKustomization, type Kustomization, type KustomizeImage } from '../manifests/readKustomization';
import { repoRelativePath } from '../manifests/repoRelativePath';
import type { RepoView } from '../manifests/RepoView';
import { normaliseGitUrl } from './rules/support/normaliseGitUrl';
import { resolveRepoPath } from './rules/support/resolveRepoPath';
import type { DocumentTransform, ValidationScope } from './ValidationScope';

/**
 * buildValidationScopes splits the repository's documents into environments, as far as can be told
 * without rendering:
 * - one scope per top-level kustomization (one no other kustomization includes), holding its
 *   resources and components resolved recursively, with the namespace, name prefix/suffix and
 *   images each kustomization applies and the names its generators produce;
 * - one scope per Flux Kustomization `spec.path` / Argo CD Application source path that is a plain
 *   directory (no kustomization, no Chart.yaml): Flux takes the tree (subdirectories with a
 *   kustomization come in as kustomizations), Argo CD the directory's own files, or the tree with
 *   `directory.recurse: true`;
 * - one scope per directory for the files in no other scope (that directory's own files).
 * Kustomization files, the files they use as patches, generator inputs or values, and Helm chart
 * templates are not resources. Scopes and their documents come in a deterministic order.
 */
export function buildValidationScopes(args: { documents: readonly ManifestDocument[]; repo: RepoView }): ValidationScope[] {
  return new ScopeBuilder(args.documents, args.repo).build();
}

interface Level {
  kustomization: Kustomization;
}

class ScopeBuilder {
  private readonly byFile = new Map<string, ManifestDocument[]>();
  private readonly kustomizations = new Map<string, Kustomization>();
  private readonly notResources = new Set<string>();
  private readonly helmTemplateCache = new Map<string, boolean>();
  private readonly inScope = new Set<string>();
  /** The files with documents, sorted: the files under a directory are one stretch of it. */
  private sortedFiles?: string[];
  /** The files holding a Flux Kustomization or an Argo CD Application: few of all the files. */
  private readonly reconcilerFiles = new Set<string>();

  constructor(documents: readonly ManifestDocument[], private readonly repo: RepoView) {
    // forEach rather than for…of: once per document, before the code is optimized.
    documents.forEach((document) => {
      const list = this.byFile.get(document.file);
      if (list) list.push(document);
      else this.byFile.set(document.file, [document]);
      if (document.identity && (isFluxKustomization(document.identity) || isArgoApplication(document.identity))) this.reconcilerFiles.add(document.file);
    });
    // Documents mostly come in file order already: sort only the lists that are not.
    for (const list of this.byFile.values()) if (!inIndexOrder(list)) list.sort((a, b) => a.index - b.index);
    for (const [file, list] of this.byFile) {
      if (!isKustomizationFile(file)) continue;
      const first = list.find((document) => asMap(document.value) !== undefined);
      const kustomization = first ? readKustomization({ file, value: first.value }) : undefined;
      if (!kustomization) continue;
      this.kustomizations.set(file, kustomization);
      this.notResources.add(file);
      for (const entry of kustomization.entries) {
        if (entry.absolutePath && !['resource', 'base', 'component'].includes(entry.role)) this.notResources.add(entry.absolutePath);
      }
    }
  }

  build(): ValidationScope[] {
    const scopes: ValidationScope[] = [];
    for (const file of this.topLevelKustomizations()) scopes.push(this.kustomizationScope(file));
    scopes.push(...this.reconcilerScopes());
    scopes.push(...this.directoryScopes());
    return scopes;
  }

  /** The kustomization file of a directory, when the repository has one (every reconciler path and tree level asks). */
  private readonly kustomizationIn = onceEach((directory: string): string | undefined => {
    for (const name of kustomizationFileNames) {
      const file = path.join(directory, name);
      if (this.kustomizations.has(file)) return file;
    }
    return undefined;
  });

  private includedKustomizations(kustomization: Kustomization): string[] {
    const result: string[] = [];
    for (const entry of kustomization.entries) {
      if (!entry.absolutePath || !['resource', 'base', 'component'].includes(entry.role)) continue;
      const nested = this.kustomizationIn(entry.absolutePath);
      if (nested && nested !== kustomization.file) result.push(nested);
    }
    return result;
  }

  private topLevelKustomizations(): string[] {
    const included = new Set<string>();
    for (const kustomization of this.kustomizations.values()) for (const file of this.includedKustomizations(kustomization)) included.add(file);
    return [...this.kustomizations.keys()].filter((file) => !included.has(file)).sort();
  }

  private kustomizationScope(file: string): ValidationScope {
    const kustomization = this.kustomizations.get(file) as Kustomization;
    const collected = new Collected();
    this.collectKustomization(file, [], collected);
    return {
      name: repoRelativePath(this.repo.root, kustomization.directory),
      root: kustomization.directory,
      kind: 'kustomization',
      documents: collected.documents,
      namespaceOverride: kustomization.namespace,
      generated: { configMaps: [...new Set(collected.configMaps)], secrets: [...new Set(collected.secrets)] },
      transforms: collected.transforms,
    };
  }

  /** collectKustomization adds a kustomization's inputs; `outer` lists the including kustomizations, innermost first. */
  private collectKustomization(file: string, outer: readonly Level[], collected: Collected): void {
    const kustomization = this.kustomizations.get(file);
    if (!kustomization || outer.some((level) => level.kustomization.file === file)) return;
    const chain: Level[] = [{ kustomization }, ...outer];
    collected.configMaps.push(...kustomization.generatedConfigMaps);
    collected.secrets.push(...kustomization.generatedSecrets);
    for (const entry of kustomization.entries) {
      if (!entry.absolutePath || !['resource', 'base', 'component'].includes(entry.role)) continue;
      const nested = this.kustomizationIn(entry.absolutePath);
      if (nested) this.collectKustomization(nested, chain, collected);
      else this.collectFile(entry.absolutePath, chain, collected);
    }
  }

  private collectFile(file: string, chain: readonly Level[], collected: Collected): void {
    const documents = this.byFile.get(file);
    if (!documents || this.notResources.has(file)) return;
    this.inScope.add(file);
    collected.addFile(file, documents, chain.length > 0 ? transformOf(chain) : undefined);
  }

  private reconcilerScopes(): ValidationScope[] {
    const wanted = new Map<string, { directory: string; recursive: boolean; targetNamespace?: string }>();
    // The reconcilers of several clusters name the same paths and repositories: each is looked at once.
    const isPlainDirectory = onceEach((directory: string) => this.repo.isDirectory(directory) && !this.kustomizationIn(directory) && !this.repo.exists(path.join(directory, 'Chart.yaml')));
    const resolve = onceEach((relative: string) => resolveRepoPath(this.repo.root, relative));
    const remotes = new Set(this.repo.remoteUrls().map(normaliseGitUrl));
    const isOwnUrl = onceEach((url: string) => remotes.has(normaliseGitUrl(url)));
    const want = (directory: string, recursive: boolean, targetNamespace?: string): void => {
      const key = `${recursive ? 'tree' : 'dir'}:${targetNamespace ?? ''}:${directory}`;
      if (!wanted.has(key) && isPlainDirectory(directory)) wanted.set(key, { directory, recursive, targetNamespace });
    };
    // In the order of the files (as the documents came), then of their documents.
    for (const [file, list] of this.byFile) {
      if (!this.reconcilerFiles.has(file)) continue;
      for (const document of list) {
        const identity = document.identity;
        if (!identity) continue;
        if (isFluxKustomization(identity)) {
          const sourceKind = valueAt(document.value, ['spec', 'sourceRef', 'kind']);
          if (sourceKind !== undefined && sourceKind !== 'GitRepository') continue;
          const specPath = valueAt(document.value, ['spec', 'path']);
          const relative = specPath === undefined ? '' : asText(specPath);
          if (relative === undefined || relative.includes('${')) continue;
          want(resolve(relative), true, asText(valueAt(document.value, ['spec', 'targetNamespace'])));
        } else if (isArgoApplication(identity)) {
          const spec = asMap(asMap(document.value)?.spec);
          const sources = [spec?.source, ...asList(spec?.sources)].map(asMap);
          for (const source of sources) {
            const repoURL = asText(source?.repoURL);
            const sourcePath = asText(source?.path);
            if (!source || source.chart !== undefined || repoURL === undefined || sourcePath === undefined || /\{\{|\$/.test(sourcePath)) continue;
            if (!isOwnUrl(repoURL)) continue;
            want(resolve(sourcePath), valueAt(source, ['directory', 'recurse']) === true);
          }
        }
      }
    }
    const scopes: ValidationScope[] = [];
    const ordered = [...wanted.values()].sort((a, b) => compareText(a.directory, b.directory) || Number(a.recursive) - Number(b.recursive));
    for (const { directory, recursive, targetNamespace } of ordered) {
      const collected = new Collected();
      if (recursive) this.collectTree(directory, collected);
      else for (const file of this.filesIn(directory)) this.collectFile(file, [], collected);
      scopes.push({
        name: repoRelativePath(this.repo.root, directory),
        root: directory,
        kind: 'reconciler-path',
        documents: collected.documents,
        namespaceOverride: targetNamespace,
        generated: { configMaps: [...new Set(collected.configMaps)], secrets: [...new Set(collected.secrets)] },
        transforms: collected.transforms.size > 0 ? collected.transforms : undefined,
      });
    }
    return scopes;
  }

  /** collectTree follows Flux's generator: YAML files of the tree; a subdirectory with a kustomization comes in as that kustomization. */
  private collectTree(directory: string, collected: Collected): void {
    const prefix = directory.endsWith(path.sep) ? directory : directory + path.sep;
    const files = this.filesUnder(prefix).filter((file) => /\.ya?ml$/i.test(file));
    const taken = new Set<string>();
    for (const file of files) {
      // Is the file below a subdirectory (of the tree) that has a kustomization?
      let kustomizationDirectory: string | undefined;
      for (let current = path.dirname(file); current.startsWith(prefix); current = path.dirname(current)) {
        if (this.kustomizationIn(current)) kustomizationDirectory = current;
        if (path.dirname(current) === current) break;
      }
      if (kustomizationDirectory) {
        if (!taken.has(kustomizationDirectory)) {
          taken.add(kustomizationDirectory);
          this.collectKustomization(this.kustomizationIn(kustomizationDirectory) as string, [], collected);
        }
        continue;
      }
      if (!this.isHelmTemplate(file)) this.collectFile(file, [], collected);
    }
  }

  private filesIn(directory: string): string[] {
    const prefix = directory.endsWith(path.sep) ? directory : directory + path.sep;
    return this.filesUnder(prefix).filter((file) => path.dirname(file) === directory && /\.(ya?ml|json)$/i.test(file) && !this.isHelmTemplate(file));
  }

  /** filesUnder lists, sorted, the files whose path starts with `prefix` (found by binary search: every reconciler path asks). */
  private filesUnder(prefix: string): string[] {
    const files = (this.sortedFiles ??= [...this.byFile.keys()].sort());
    let low = 0;
    let high = files.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (files[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    const result: string[] = [];
    for (let at = low; at < files.length && files[at].startsWith(prefix); at++) result.push(files[at]);
    return result;
  }

  private directoryScopes(): ValidationScope[] {
    const byDirectory = new Map<string, string[]>();
    for (const [file, documents] of this.byFile) {
      if (this.inScope.has(file) || this.notResources.has(file) || this.isHelmTemplate(file)) continue;
      if (!documents.some((document) => document.identity)) continue;
      const directory = path.dirname(file);
      const list = byDirectory.get(directory) ?? [];
      list.push(file);
      byDirectory.set(directory, list);
    }
    return [...byDirectory.keys()].sort(compareText).map((directory) => {
      const collected = new Collected();
      for (const file of (byDirectory.get(directory) as string[]).sort(compareText)) collected.addFile(file, this.byFile.get(file) as ManifestDocument[], undefined);
      // Every scope has the same fields, in the same order: the rules reading them see one shape.
      return { name: repoRelativePath(this.repo.root, directory), root: directory, kind: 'directory' as const, documents: collected.documents, namespaceOverride: undefined, generated: { configMaps: [], secrets: [] }, transforms: undefined };
    });
  }

  /** isHelmTemplate: the file lies under a `templates` directory next to a Chart.yaml. */
  private isHelmTemplate(file: string): boolean {
    // Most paths have no `templates` directory at all: no need to walk them.
    if (!file.includes('templates')) return false;
    for (let current = path.dirname(file); path.dirname(current) !== current; current = path.dirname(current)) {
      if (path.basename(current) !== 'templates') continue;
      let known = this.helmTemplateCache.get(current);
      if (known === undefined) {
        known = this.repo.exists(path.join(path.dirname(current), 'Chart.yaml'));
        this.helmTemplateCache.set(current, known);
      }
      if (known) return true;
    }
    return false;
  }
}

class Collected {
  readonly documents: ManifestDocument[] = [];
  readonly transforms = new Map<ManifestDocument, DocumentTransform>();
  readonly configMaps: string[] = [];
  readonly secrets: string[] = [];
  private readonly seen = new Set<string>();

  /**
   * addFile keeps a file's documents once; the first way it was reached decides their transform.
   * Files come in whole, so remembering the file is remembering each of its documents.
   */
  addFile(file: string, documents: readonly ManifestDocument[], transform: DocumentTransform | undefined): void {
    if (this.seen.has(file)) return;
    this.seen.add(file);
    documents.forEach((document) => {
      this.documents.push(document);
      if (transform) this.transforms.set(document, transform);
    });
  }
}

function isFluxKustomization(identity: ResourceIdentity): boolean {
  return identity.kind === 'Kustomization' && identity.group === 'kustomize.toolkit.fluxcd.io';
}

function isArgoApplication(identity: ResourceIdentity): boolean {
  return identity.kind === 'Application' && identity.group === 'argoproj.io';
}

/** onceEach works out what `compute` makes of each key once, for the calls to come. */
function onceEach<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}

/** inIndexOrder: the documents of one file are listed by increasing index. */
function inIndexOrder(documents: readonly ManifestDocument[]): boolean {
  for (let at = 1; at < documents.length; at++) if (documents[at - 1].index > documents[at].index) return false;
  return true;
}

/** transformOf folds a chain of kustomizations (innermost first) into what they do to a document. */
function transformOf(chain: readonly Level[]): DocumentTransform {
  let namespace: string | undefined;
  let namePrefix = '';
  let nameSuffix = '';
  const images: KustomizeImage[] = [];
  for (const { kustomization } of chain) {
    if (kustomization.namespace !== undefined) namespace = kustomization.namespace;
    namePrefix = kustomization.namePrefix + namePrefix;
    nameSuffix = nameSuffix + kustomization.nameSuffix;
    images.push(...kustomization.images);
  }
  return { namespace, namePrefix, nameSuffix, images };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
