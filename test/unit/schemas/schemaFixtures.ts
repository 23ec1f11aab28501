import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import type { ManifestDocument } from '../../../server/src/engine/manifests/ManifestDocument';
import { resourceIdentity } from '../../../server/src/engine/manifests/resourceIdentity';
import type { SchemaRegistry } from '../../../server/src/engine/schemas/SchemaRegistry';
import type { RuleFinding } from '../../../server/src/engine/validation/Finding';
import { schemaRule } from '../../../server/src/engine/validation/rules/schema';

/** repoRoot is the checkout, found from out/test/unit/schemas/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** fixturesDir holds the scenario fixtures of these tests. */
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'schemas');

/**
 * documentsFromText splits YAML into ManifestDocuments with js-yaml and the parser's own identity
 * reader, so schema tests do not depend on the editor-grade parser.
 */
export function documentsFromText(text: string, file: string): ManifestDocument[] {
  return jsYaml.loadAll(text).map((value, index) => ({
    file,
    index,
    startLine: 0,
    value,
    identity: resourceIdentity(value),
    source: { text, startLine: 0, tree: {} },
  }));
}

/** fixtureDocuments reads test/fixtures/schemas/<name> (a file, or a path inside a scenario folder). */
export function fixtureDocuments(name: string): ManifestDocument[] {
  const file = path.join(fixturesDir, name);
  return documentsFromText(fs.readFileSync(file, 'utf8'), file);
}

/** checkFixture runs the schema rule on every document of a fixture: one list of findings per document. */
export function checkFixture(schemas: SchemaRegistry, name: string): RuleFinding[][] {
  return fixtureDocuments(name).map((document) => checkDocument(schemas, document));
}

/** checkDocument runs the schema rule on one document. */
export function checkDocument(schemas: SchemaRegistry, document: ManifestDocument): RuleFinding[] {
  const repo = { root: repoRoot, exists: () => false, isDirectory: () => false, remoteUrls: () => [] };
  return schemaRule.check({ document, context: { kubernetesVersion: '1.34', schemas, repo, patchFiles: new Set() } });
}

