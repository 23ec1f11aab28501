import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, type Diagnostic, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { createFileSystemRepoView } from '../../server/src/engine/manifests/createFileSystemRepoView';
import { createSchemaRegistry } from '../../server/src/engine/schemas/createSchemaRegistry';
import { defaultValidationOptions } from '../../server/src/engine/validation/ValidationOptions';
import { WorkspaceValidator } from '../../server/src/engine/validation/WorkspaceValidator';
import { toDiagnostic } from '../../server/src/handlers/toDiagnostic';
import { seededRandom } from '../unit/validation/validatorHarness';
import { startLanguageServer, type LanguageServerSession } from '../support/startLanguageServer';

/**
 * Incremental didChange over the protocol: the server applies each change to its own copy of the
 * text and re-parses only what the change touched. After rounds of random edits (single changes
 * and several changes in one notification, line breaks, `---` lines, broken YAML), what it
 * publishes must equal what a validator built from scratch finds in the same text.
 */

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

const configMaps = Array.from({ length: 4 }, (_, index) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${index}\n  namespace: shop\ndata:\n  LEVEL: info\n`).join('---\n');

function deployment(index: number): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${index}\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: web-${index} }\n  template:\n    metadata:\n      labels: { app: web-${index} }\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:${index}.0\n          envFrom:\n            - configMapRef:\n                name: settings-${index % 5}\n          resources:\n            requests: { cpu: 100m, memory: 64Mi }\n            limits: { cpu: 200m, memory: 128Mi }\n`;
}

function service(index: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: web-${index}\n  namespace: shop\nspec:\n  selector: { app: web-${index} }\n  ports: [{ port: 80 }]\n`;
}

const snippets = ['a', ':', ' ', '\n', '# note\n', '---\n', '  replicas: three\n', '          image: nginx:latest\n', '\tbad: tab\n', 'kind: Gadget\n', 'x: [1, 2\n', '                name: settings-9\n', ''];

function randomChange(random: Random, document: TextDocument): TextDocumentContentChangeEvent {
  const position = (): { line: number; character: number } => ({ line: Math.floor(random() * document.lineCount), character: Math.floor(random() * 20) });
  const start = position();
  const end = random() < 0.5 ? start : { line: Math.min(document.lineCount - 1, start.line + Math.floor(random() * 3)), character: Math.floor(random() * 20) };
  return { range: { start, end }, text: pick(random, snippets) };
}

let folder: string;
let server: LanguageServerSession;

before(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-lsp-incremental-'));
  fs.mkdirSync(path.join(folder, 'apps'));
  fs.writeFileSync(path.join(folder, 'apps', 'settings.yaml'), configMaps);
  server = await startLanguageServer({ folder });
});

after(async () => {
  await server.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** expectedDiagnostics validates the workspace from scratch, with `text` as the open file's content. */
function expectedDiagnostics(file: string, text: string): Diagnostic[] {
  const validator = new WorkspaceValidator({ repo: createFileSystemRepoView(folder), schemas: createSchemaRegistry(), options: defaultValidationOptions(), incremental: false });
  validator.setFile({ file: path.join(folder, 'apps', 'settings.yaml'), text: configMaps });
  validator.setFile({ file, text });
  return (validator.validate().findingsByFile.get(file) ?? []).map(toDiagnostic);
}

const shown = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.range.start.character}-${diagnostic.range.end.line}:${diagnostic.range.end.character} ${diagnostic.severity} ${String(diagnostic.code)} ${diagnostic.message}`);

test('random incremental edits: after each round the published diagnostics equal a fresh validation of the text', async () => {
  const random = seededRandom(5150);
  const file = path.join(folder, 'apps', 'web.yaml');
  const uri = pathToFileURL(file).toString();
  const initial = Array.from({ length: 12 }, (_, index) => `${deployment(index)}---\n${service(index)}`).join('---\n');
  const client = TextDocument.create(uri, 'yaml', 1, initial);
  let version = 1;
  const opened = server.nextDiagnostics(uri);
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text: initial } });
  await opened;
  for (let round = 0; round < 8; round++) {
    for (let edit = 0; edit < 12; edit++) {
      // Several changes in one notification apply in order, each to the text the one before left.
      const changes: TextDocumentContentChangeEvent[] = [];
      for (let count = random() < 0.25 ? 3 : 1; count > 0; count--) {
        const change = randomChange(random, client);
        changes.push(change);
        TextDocument.update(client, [change], client.version + 1);
      }
      version++;
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    }
    // A last edit adds a document of a kind named after the round: once its "no schema" finding is
    // published, the server has validated every edit before it.
    const marker = `Marker${round}`;
    const change = { range: { start: { line: client.lineCount, character: 0 }, end: { line: client.lineCount, character: 0 } }, text: `\n---\napiVersion: example.org/v1\nkind: ${marker}\nmetadata: {name: m}\n` };
    TextDocument.update(client, [change], client.version + 1);
    version++;
    const published = server.nextDiagnostics(uri, (params) => params.diagnostics.some((diagnostic) => diagnostic.message.includes(`${marker}`)), 30_000);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    const { diagnostics } = await published;
    assert.deepEqual(shown(diagnostics), shown(expectedDiagnostics(file, client.getText())), `round ${round}`);
  }
});
