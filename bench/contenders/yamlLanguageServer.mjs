// Contender "yaml-language-server": its language service alone (getLanguageService, validate: true,
// isKubernetes: false) with the project's schemas, doValidation on every document of every file.
//   node bench/contenders/yamlLanguageServer.mjs <corpusDir> [--provider] [--limit N]
// Each `---` document is fed separately (cut by the project's splitDocuments), with the schema of its
// apiVersion/kind from the project's registry: yaml-language-server gives every document of a file
// the same schema, so feeding documents one by one is what lets each get its own. Default: schemas
// associated per kind (the `yaml.schemas` way, resolved once); --provider: the custom schema
// provider, which yaml-language-server resolves again for every document (slow; use --limit).
// Prints BENCH_RESULT {seconds, documents, diagnostics, ...}; seconds = list + read + split + validate.
import * as fs from 'node:fs';
import { schemasDir, listYamlFiles, loadEngine } from '../lib/project.mjs';
import { createCustomProviderValidator, createDocumentValidator, schemaUriOf } from '../lib/ylsService.mjs';

const args = process.argv.slice(2);
const provider = args.includes('--provider');
const limitIndex = args.indexOf('--limit');
const limit = limitIndex === -1 ? Infinity : Number(args[limitIndex + 1]);
const { createSchemaRegistry, splitDocuments } = loadEngine();

const started = performance.now();
const cpuStarted = process.cpuUsage();
const registry = createSchemaRegistry({ bundleDir: schemasDir() });
const work = [];
for (const file of listYamlFiles(args[0])) {
  const text = fs.readFileSync(file, 'utf8');
  for (const chunk of splitDocuments(text) ?? [{ text, startLine: 0 }]) {
    if (work.length >= limit) break;
    work.push({ text: chunk.text, schemaUri: schemaUriOf(registry, chunk.text) });
  }
}
const validator = provider
  ? createCustomProviderValidator({ registry })
  : createDocumentValidator({ registry, schemaUris: new Set(work.map((item) => item.schemaUri).filter(Boolean)) });
let diagnostics = 0;
let documentsWithDiagnostics = 0;
const bySeverity = {};
for (const item of work) {
  const found = await validator.validate(item.text, item.schemaUri);
  diagnostics += found.length;
  if (found.length > 0) documentsWithDiagnostics++;
  for (const diagnostic of found) bySeverity[diagnostic.severity] = (bySeverity[diagnostic.severity] ?? 0) + 1;
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(`BENCH_RESULT ${JSON.stringify({ seconds, cpuSeconds, documents: work.length, diagnostics, documentsWithDiagnostics, bySeverity, mode: provider ? 'custom-schema-provider' : 'schema-association' })}`);
