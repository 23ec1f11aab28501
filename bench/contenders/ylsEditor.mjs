// Editor baseline: yaml-language-server's doValidation of a whole multi-document file after each
// edit, as its language server does on every change (it re-parses and re-validates the file).
//   node bench/contenders/ylsEditor.mjs <edits.json>   ({ uri, text, changes: [LSP content change] })
// Each document gets the schema of its apiVersion/kind through a schemaSequence (see ylsService.mjs).
// Prints BENCH_RESULT {openMs, editMs: [...], diagnosticsAfterOpen, diagnosticsAfterEdit: [...]}.
import * as fs from 'node:fs';
import { schemasDir, loadEngine, requireProject } from '../lib/project.mjs';
import { createFileValidator, schemaUriOf } from '../lib/ylsService.mjs';

const { TextDocument } = requireProject('vscode-languageserver-textdocument');
const { uri, text, changes } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const { createSchemaRegistry, splitDocuments } = loadEngine();

const openStarted = performance.now();
const registry = createSchemaRegistry({ bundleDir: schemasDir() });
const documentSchemaUris = (splitDocuments(text) ?? [{ text }]).map((chunk) => schemaUriOf(registry, chunk.text));
const validator = createFileValidator({ registry, uri, documentSchemaUris });
let document = TextDocument.create(uri, 'yaml', 1, text);
const diagnosticsAfterOpen = (await validator.validate(document.getText(), document.version)).length;
const openMs = performance.now() - openStarted;
const editMs = [];
const diagnosticsAfterEdit = [];
for (const change of changes) {
  document = TextDocument.update(document, [change], document.version + 1);
  const started = performance.now();
  const found = await validator.validate(document.getText(), document.version);
  editMs.push(performance.now() - started);
  diagnosticsAfterEdit.push(found.length);
}
console.log(`BENCH_RESULT ${JSON.stringify({ openMs, editMs, diagnosticsAfterOpen, diagnosticsAfterEdit })}`);
