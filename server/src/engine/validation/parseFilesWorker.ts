// The parse worker of setFilesWithWorker: claims files by index from a shared counter (the
// validating thread claims from the same counter when it is idle), reads, decodes and quickly
// parses each, runs the document rules on what it parsed when asked, and posts
// `{ index, prepared }` back. It needs js-yaml, not the `yaml` package.
import { parentPort, workerData } from 'node:worker_threads';
import { createFileSystemRepoView } from '../manifests/createFileSystemRepoView';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { prepareManifestFile } from '../manifests/prepareManifestFile';
import { createSchemaRegistry } from '../schemas/createSchemaRegistry';
import type { DocumentRule, RuleContext } from './Rule';
import { allRules } from './ruleCatalog';
import { runDocumentRules } from './runDocumentRules';
import type { ParseFilesWorkerData } from './setFilesWithWorker';
import type { DocumentChecks } from './WorkspaceValidator';

const data = workerData as ParseFilesWorkerData;
const claims = new Int32Array(data.claims);
const check = data.checkDocuments ? documentChecker(data.checkDocuments) : undefined;
for (let index = Atomics.add(claims, 0, 1); index < data.files.length; index = Atomics.add(claims, 0, 1)) {
  if (data.failAt === index) throw new Error('parse worker failure requested by a test');
  parentPort?.postMessage({ index, prepared: prepareManifestFile({ file: data.files[index], maxFileSize: data.maxFileSize, check }) });
}

/**
 * documentChecker runs the document rules as WorkspaceValidator does (same rules, same order, only
 * those that found something), with a registry of the bundled schemas only and no patch files:
 * the validating thread uses the results of a document only while its own registry gives the same
 * schema key (no workspace CRD of its kind) and the file is no patch.
 */
function documentChecker(args: { root: string; kubernetesVersion: string }): (document: ManifestDocument) => DocumentChecks {
  const context: RuleContext = { kubernetesVersion: args.kubernetesVersion, schemas: createSchemaRegistry(), repo: createFileSystemRepoView(args.root), patchFiles: new Set() };
  const rules = allRules.filter((rule): rule is DocumentRule => rule.scope === 'document');
  return (document) => ({
    schemaKey: context.schemas.schemaKeyOf(document),
    results: runDocumentRules({ rules, document, context }).map(([rule, findings]) => [rule.id, findings]),
  });
}
