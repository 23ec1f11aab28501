import type { ManifestDocument } from '../manifests/ManifestDocument';
import { parseManifestText } from '../manifests/parseManifestText';
import { findManifestFiles } from '../validation/findManifestFiles';
import { readManifestText } from './readManifestText';

/**
 * readRepositoryManifests parses every *.yaml / *.yml file of the repository (honouring .gitignore,
 * skipping Helm chart templates). Unreadable or unparsable files contribute no documents: discovery
 * works with what it can read, and validation reports the rest.
 */
export function readRepositoryManifests(args: { root: string }): ManifestDocument[] {
  const documents: ManifestDocument[] = [];
  for (const file of findManifestFiles({ root: args.root })) {
    const text = readManifestText(file);
    if (text !== undefined) documents.push(...parseManifestText({ file, text }).documents);
  }
  return documents;
}
