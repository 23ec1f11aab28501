import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRemoteUrls } from '../manifests/createFileSystemRepoView';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { asMap } from '../manifests/plainData';
import { isKustomizationFile, kustomizationFileNames, readKustomization, type Kustomization } from '../manifests/readKustomization';
import { normaliseGitUrl } from '../validation/rules/support/normaliseGitUrl';

/** ManifestIndex answers discovery's questions about the repository's documents and files. */
export interface ManifestIndex {
  root: string;
  documents: readonly ManifestDocument[];
  /** Documents by absolute file, in file order. */
  byFile: ReadonlyMap<string, ManifestDocument[]>;
  /** kustomize kustomizations by absolute file. */
  kustomizations: ReadonlyMap<string, Kustomization>;
  /** The kustomization file of a directory, if it has one. */
  kustomizationIn(directory: string): string | undefined;
  /** Documents of a group and kind ('' for the core group). */
  ofKind(group: string, kind: string): ManifestDocument[];
  isDirectory(absolutePath: string): boolean;
  isFile(absolutePath: string): boolean;
  /**
   * Whether a git URL names this repository: true when it matches a remote, or when the
   * repository has no remotes (a fresh clone or a fixture cannot say otherwise).
   */
  isThisRepository(url: string | undefined): boolean;
}

/** createManifestIndex indexes documents once for the discovery of every kind of environment. */
export function createManifestIndex(args: { root: string; documents: readonly ManifestDocument[] }): ManifestIndex {
  const { root, documents } = args;
  const byFile = new Map<string, ManifestDocument[]>();
  for (const document of documents) {
    const list = byFile.get(document.file) ?? [];
    list.push(document);
    byFile.set(document.file, list);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.index - b.index);
  const kustomizations = new Map<string, Kustomization>();
  for (const [file, list] of byFile) {
    if (!isKustomizationFile(file)) continue;
    const first = list.find((document) => asMap(document.value) !== undefined);
    const kustomization = first ? readKustomization({ file, value: first.value }) : undefined;
    if (kustomization) kustomizations.set(file, kustomization);
  }
  const byKind = new Map<string, ManifestDocument[]>();
  for (const document of documents) {
    if (!document.identity) continue;
    const key = `${document.identity.group}/${document.identity.kind}`;
    const list = byKind.get(key) ?? [];
    list.push(document);
    byKind.set(key, list);
  }
  let remotes: Set<string> | undefined;
  const kustomizationByDirectory = new Map<string, string | undefined>();
  const stat = (absolutePath: string): fs.Stats | undefined => {
    try {
      return fs.statSync(absolutePath);
    } catch {
      return undefined;
    }
  };
  const findKustomizationFile = (directory: string): string | undefined => {
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
  return {
    root,
    documents,
    byFile,
    kustomizations,
    kustomizationIn(directory) {
      if (kustomizationByDirectory.has(directory)) return kustomizationByDirectory.get(directory);
      const found = findKustomizationFile(directory);
      kustomizationByDirectory.set(directory, found);
      return found;
    },
    ofKind: (group, kind) => byKind.get(`${group}/${kind}`) ?? [],
    isDirectory: (absolutePath) => stat(absolutePath)?.isDirectory() === true,
    isFile: (absolutePath) => stat(absolutePath)?.isFile() === true,
    isThisRepository(url) {
      remotes ??= new Set(readRemoteUrls(root).map(normaliseGitUrl));
      if (remotes.size === 0) return true;
      return url !== undefined && remotes.has(normaliseGitUrl(url));
    },
  };
}
