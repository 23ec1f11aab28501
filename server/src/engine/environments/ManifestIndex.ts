import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRemoteUrls } from '../manifests/createFileSystemRepoView';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { parseManifestText } from '../manifests/parseManifestText';
import { asMap } from '../manifests/plainData';
import { isKustomizationFile, kustomizationFileNames, readKustomization, type Kustomization } from '../manifests/readKustomization';
import { findManifestFiles } from '../validation/findManifestFiles';
import { normaliseGitUrl } from '../validation/rules/support/normaliseGitUrl';
import { readManifestText } from './readManifestText';

/** ManifestIndex answers discovery's questions about the repository's documents and files. */
export interface ManifestIndex {
  root: string;
  /** Every document, in file order. */
  readonly documents: readonly ManifestDocument[];
  /** Documents by absolute file, in file order; only files with documents. */
  readonly byFile: ReadonlyMap<string, ManifestDocument[]>;
  /** The documents of one manifest file ([] for a file without any, or not a manifest file). */
  documentsOf(file: string): readonly ManifestDocument[];
  /** kustomize kustomizations by absolute file. */
  readonly kustomizations: ReadonlyMap<string, Kustomization>;
  /** The kustomization file of a directory, if it has one. */
  kustomizationIn(directory: string): string | undefined;
  /** Documents of a group and kind ('' for the core group), or of any of several kinds, in document order. */
  ofKind(group: string, kind: string | readonly string[]): ManifestDocument[];
  isDirectory(absolutePath: string): boolean;
  isFile(absolutePath: string): boolean;
  /**
   * Whether a git URL names this repository: true when it matches a remote, or when the
   * repository has no remotes (a fresh clone or a fixture cannot say otherwise).
   */
  isThisRepository(url: string | undefined): boolean;
}

/** ManifestSource is where an index gets documents: given ones, or the repository's files read on demand. */
interface ManifestSource {
  /** The files that may have documents, in document order. */
  files: readonly string[];
  documentsOf(file: string): readonly ManifestDocument[];
  /** The documents of a group and kinds, in document order, reading only files that may hold them. */
  ofKinds(group: string, kinds: readonly string[]): ManifestDocument[];
}

/**
 * createManifestIndex indexes documents once for the discovery of every kind of environment.
 * Without `documents`, it reads the repository's manifest files itself, and only those a
 * question needs: the kustomization files for `kustomizations`, the files whose text names a
 * kind for `ofKind`, every file only for `documents` and `byFile`. Discovery in a repository
 * configured by .gitops-workbench.yaml then parses a quarter of the files, and parsing every
 * file was most of a CLI `history --env`. The answers are those of the index of every document.
 */
export function createManifestIndex(args: { root: string; documents?: readonly ManifestDocument[] }): ManifestIndex {
  const { root } = args;
  const source = args.documents ? givenDocuments(args.documents) : repositoryFiles(root);
  let documents: readonly ManifestDocument[] | undefined = args.documents;
  let byFile: Map<string, ManifestDocument[]> | undefined;
  let kustomizations: Map<string, Kustomization> | undefined;
  const byKind = new Map<string, ManifestDocument[]>();
  let remotes: Set<string> | undefined;
  const kustomizationByDirectory = new Map<string, string | undefined>();
  const stat = (absolutePath: string): fs.Stats | undefined => {
    try {
      // Without an exception for a missing path: inputs name many files that do not exist.
      return fs.statSync(absolutePath, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  };
  const readKustomizations = (): Map<string, Kustomization> => {
    const found = new Map<string, Kustomization>();
    for (const file of source.files) {
      if (!isKustomizationFile(file)) continue;
      const first = source.documentsOf(file).find((document) => asMap(document.value) !== undefined);
      const kustomization = first ? readKustomization({ file, value: first.value }) : undefined;
      if (kustomization) found.set(file, kustomization);
    }
    return found;
  };
  const findKustomizationFile = (directory: string): string | undefined => {
    kustomizations ??= readKustomizations();
    for (const name of kustomizationFileNames) {
      const file = path.join(directory, name);
      if (kustomizations.has(file)) return file;
    }
    // A kustomization that did not parse is still the directory's kustomization for kustomize.
    for (const name of kustomizationFileNames) {
      const file = path.join(directory, name);
      if (stat(file)?.isFile()) return file;
    }
    return undefined;
  };
  const index: ManifestIndex = {
    root,
    get documents() {
      return (documents ??= source.files.flatMap((file) => source.documentsOf(file)));
    },
    get byFile() {
      if (!byFile) {
        byFile = new Map();
        for (const file of source.files) {
          const list = source.documentsOf(file);
          if (list.length > 0) byFile.set(file, [...list]);
        }
      }
      return byFile;
    },
    documentsOf: (file) => source.documentsOf(file),
    get kustomizations() {
      return (kustomizations ??= readKustomizations());
    },
    kustomizationIn(directory) {
      if (kustomizationByDirectory.has(directory)) return kustomizationByDirectory.get(directory);
      const found = findKustomizationFile(directory);
      kustomizationByDirectory.set(directory, found);
      return found;
    },
    ofKind(group, kind) {
      const kinds = typeof kind === 'string' ? [kind] : kind;
      const key = `${group}/${kinds.join(',')}`;
      let list = byKind.get(key);
      if (!list) {
        list = source.ofKinds(group, kinds);
        byKind.set(key, list);
      }
      return list;
    },
    isDirectory: (absolutePath) => stat(absolutePath)?.isDirectory() === true,
    isFile: (absolutePath) => stat(absolutePath)?.isFile() === true,
    isThisRepository(url) {
      remotes ??= new Set(readRemoteUrls(root).map(normaliseGitUrl));
      if (remotes.size === 0) return true;
      return url !== undefined && remotes.has(normaliseGitUrl(url));
    },
  };
  return index;
}

/** givenDocuments serves documents a caller parsed (the editor's, with unsaved changes). */
function givenDocuments(documents: readonly ManifestDocument[]): ManifestSource {
  const byFile = new Map<string, ManifestDocument[]>();
  for (const document of documents) {
    const list = byFile.get(document.file) ?? [];
    list.push(document);
    byFile.set(document.file, list);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.index - b.index);
  return {
    files: [...byFile.keys()],
    documentsOf: (file) => byFile.get(file) ?? [],
    ofKinds: (group, kinds) => documents.filter((document) => matchesKind(document, group, kinds)),
  };
}

function matchesKind(document: ManifestDocument, group: string, kinds: readonly string[]): boolean {
  return document.identity !== undefined && document.identity.group === group && kinds.includes(document.identity.kind);
}

/**
 * repositoryFiles reads and parses the repository's manifest files (see readRepositoryManifests)
 * on demand, each once. A file can hold a document of a kind only if its text has the kind's name:
 * a YAML string equal to it is written out, unless a double-quoted escape spells it (hence a
 * backslash anywhere means "maybe").
 */
function repositoryFiles(root: string): ManifestSource {
  const files = findManifestFiles({ root });
  const texts = new Map<string, string | undefined>();
  const parsed = new Map<string, readonly ManifestDocument[]>();
  const textOf = (file: string): string | undefined => {
    if (!texts.has(file)) texts.set(file, readManifestText(file));
    return texts.get(file);
  };
  const known = new Set(files);
  const documentsOf = (file: string): readonly ManifestDocument[] => {
    let documents = parsed.get(file);
    if (!documents) {
      const text = known.has(file) ? textOf(file) : undefined;
      documents = text === undefined ? [] : parseManifestText({ file, text }).documents;
      parsed.set(file, documents);
    }
    return documents;
  };
  const mayHoldKind = (file: string, kind: string): boolean => {
    if (parsed.has(file)) return true;
    const text = textOf(file);
    return text !== undefined && (text.includes(kind) || text.includes('\\'));
  };
  return {
    files,
    documentsOf,
    ofKinds(group, kinds) {
      const found: ManifestDocument[] = [];
      for (const file of files) {
        if (!kinds.some((kind) => mayHoldKind(file, kind))) continue;
        for (const document of documentsOf(file)) if (matchesKind(document, group, kinds)) found.push(document);
      }
      return found;
    },
  };
}
