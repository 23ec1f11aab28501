import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { startLanguageServer, type LanguageServerSession } from '../support/startLanguageServer';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
          envFrom:
            - configMapRef:
                name: api-config
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
`;

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
  namespace: shop
data:
  LOG_LEVEL: info
`;

let folder: string;
let server: LanguageServerSession;
let version = 1;

before(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-lsp-'));
  fs.writeFileSync(path.join(folder, 'configmap.yaml'), configMap);
  fs.writeFileSync(path.join(folder, 'deployment.yaml'), deployment);
  server = await startLanguageServer({ folder });
});

after(async () => {
  await server.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** uriOf names a file; each test uses its own folder, so environments do not overlap. */
function uriOf(name: string): string {
  fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
  return pathToFileURL(path.join(folder, name)).toString();
}

async function open(name: string, text: string): Promise<string> {
  const uri = uriOf(name);
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: version++, text } });
  return uri;
}

async function replace(uri: string, text: string): Promise<void> {
  await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: version++ }, contentChanges: [{ text }] });
}

const ours = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((diagnostic) => diagnostic.source === 'gitops-workbench');

test('an unknown field is published as a schema error on its key, and fixing it clears it', async () => {
  const offset = `${configMap}---\n`.split('\n').length - 1;
  const text = `${configMap}---\n${deployment.replace('  replicas: 2', '  replica: 2')}`;
  const published = server.nextDiagnostics(uriOf('broken/broken.yaml'), (params) => ours(params.diagnostics).length > 0);
  const uri = await open('broken/broken.yaml', text);
  const diagnostics = ours((await published).diagnostics);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.equal(diagnostics[0].code, 'schema');
  assert.equal(diagnostics[0].message, 'unknown field "replica" in spec (did you mean "replicas"?)');
  assert.deepEqual(diagnostics[0].range, { start: { line: offset + 6, character: 2 }, end: { line: offset + 6, character: 9 } });
  assert.equal(diagnostics[0].severity, 1);

  const cleared = server.nextDiagnostics(uri, (params) => ours(params.diagnostics).length === 0);
  await replace(uri, `${configMap}---\n${deployment}`);
  assert.deepEqual(ours((await cleared).diagnostics), []);
});

test('a problem in the third document of a file is reported on that document line', async () => {
  const text = `${configMap}---\n${deployment}---\n${deployment.replace('name: api\n  namespace', 'name: api2\n  namespace').replace('image: registry.example.com/shop/api:1.4.2', 'image: nginx:latest')}`;
  const uri = uriOf('multi/multi.yaml');
  const published = server.nextDiagnostics(uri, (params) => ours(params.diagnostics).some((diagnostic) => diagnostic.code === 'image-latest'));
  await open('multi/multi.yaml', text);
  const diagnostics = ours((await published).diagnostics);
  assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ['image-latest']);
  const expectedLine = text.split('\n').findIndex((line) => line.includes('nginx:latest'));
  assert.equal(diagnostics[0].range.start.line, expectedLine);
});

test('hover on a field shows its schema description', async () => {
  const uri = await open('hover/hover.yaml', deployment);
  const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 4 } });
  assert.ok(hover, 'a hover');
  const contents = hover.contents as MarkupContent;
  assert.match(contents.value, /Number of desired pods/);
});

test('completion inside a Deployment spec offers its fields', async () => {
  const text = deployment.replace('  replicas: 2\n', '  replicas: 2\n  \n');
  const uri = await open('complete/complete.yaml', text);
  const result = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 7, character: 2 } })) as CompletionList | CompletionItem[] | null;
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  const labels = items.map((item) => item.label);
  assert.ok(labels.includes('strategy'), `strategy among ${labels.join(', ')}`);
  assert.ok(labels.includes('minReadySeconds'));
});

test('document symbols list one entry per resource', async () => {
  // Requests are answered in order, so the symbols reflect the text just opened.
  const uri = await open('symbols/symbols.yaml', `${configMap}---\n${deployment}`);
  const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(symbols.map((symbol) => symbol.name), ['ConfigMap api-config', 'Deployment api']);
  assert.equal(symbols[1].range.start.line, configMap.split('\n').length);
});

test('go to definition jumps from configMapRef.name to the ConfigMap', async () => {
  const uri = await open('deployment.yaml', deployment);
  const line = deployment.split('\n').findIndex((candidate) => candidate.includes('name: api-config'));
  const character = deployment.split('\n')[line].indexOf('api-config') + 2;
  const locations = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line, character } })) as Location[];
  assert.equal(locations.length, 1);
  assert.equal(locations[0].uri, uriOf('configmap.yaml'));
  assert.equal(locations[0].range.start.line, 3);
});

test('a removed apiVersion gets a quick fix that rewrites it', async () => {
  const text = deployment.replace('apiVersion: apps/v1', 'apiVersion: extensions/v1beta1');
  const uri = uriOf('removed/removed.yaml');
  const published = server.nextDiagnostics(uri, (params) => ours(params.diagnostics).some((diagnostic) => diagnostic.code === 'api-removed'));
  await open('removed/removed.yaml', text);
  const diagnostics = ours((await published).diagnostics).filter((diagnostic) => diagnostic.code === 'api-removed');
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0].message, /apps\/v1/);
  const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } })) as Array<{ title: string; edit?: { changes?: Record<string, Array<{ newText: string }>> } }>;
  const fix = actions.find((action) => action.edit?.changes?.[uri]?.[0]?.newText === 'apps/v1');
  assert.ok(fix, `a fix to apps/v1 among ${actions.map((action) => action.title).join('; ')}`);
});

test('the server survives bad input and still answers', async () => {
  const uri = uriOf('bad/bad.yaml');
  const published = server.nextDiagnostics(uri, (params) => ours(params.diagnostics).some((diagnostic) => diagnostic.code === 'yaml-syntax'));
  await open('bad/bad.yaml', `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`);
  const diagnostics = ours((await published).diagnostics);
  assert.ok(diagnostics.some((diagnostic) => /alias/i.test(diagnostic.message)), JSON.stringify(diagnostics));
  const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  assert.ok(Array.isArray(symbols));
});

test('a CustomResourceDefinition in the workspace validates its custom resources, and editing it re-validates them', async () => {
  const crd = (sizeType: string): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.org
spec:
  group: example.org
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: ${sizeType} }
`;
  const widget = 'apiVersion: example.org/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n';
  const crdUri = await open('crd/crd.yaml', crd('integer'));
  const widgetUri = uriOf('crd/widget.yaml');
  const invalid = server.nextDiagnostics(widgetUri, (params) => ours(params.diagnostics).some((diagnostic) => diagnostic.code === 'schema' && diagnostic.severity === 1));
  await open('crd/widget.yaml', widget);
  const [error] = ours((await invalid).diagnostics);
  assert.equal(error.range.start.line, 5);
  assert.match(error.message, /spec\.size: expected integer/);
  const valid = server.nextDiagnostics(widgetUri, (params) => ours(params.diagnostics).length === 0);
  await replace(crdUri, crd('string'));
  assert.deepEqual(ours((await valid).diagnostics), []);
});

test('a misspelt field gets a quick fix that renames the key', async () => {
  const text = `${configMap}---\n${deployment.replace('  replicas: 2', '  replica: 2')}`;
  const uri = uriOf('rename/rename.yaml');
  const published = server.nextDiagnostics(uri, (params) => ours(params.diagnostics).some((diagnostic) => diagnostic.code === 'schema'));
  await open('rename/rename.yaml', text);
  const diagnostics = ours((await published).diagnostics);
  const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } })) as Array<{ title: string; edit?: { changes?: Record<string, Array<{ newText: string; range: { start: { line: number; character: number } } }>> } }>;
  const rename = actions.find((action) => action.title === 'Rename "replica" to "replicas"');
  assert.ok(rename, actions.map((action) => action.title).join('; '));
  const [edit] = rename.edit?.changes?.[uri] ?? [];
  assert.equal(edit.newText, 'replicas');
  assert.deepEqual(edit.range.start, diagnostics[0].range.start);
  const disable = actions.find((action) => action.title === 'Disable schema for this line');
  assert.equal(disable?.edit?.changes?.[uri]?.[0].newText, '  # gitops-workbench-disable-next-line schema\n');
});

test('go to definition follows a Flux sourceRef and a kustomization resources entry', async () => {
  const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: fleet\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.com/fleet.git\n  ref: { branch: main }\n';
  const sync = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 5m\n  path: ./flux/apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: fleet\n';
  fs.mkdirSync(path.join(folder, 'flux', 'apps'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'flux', 'source.yaml'), source);
  fs.writeFileSync(path.join(folder, 'flux', 'apps', 'app.yaml'), configMap);
  await open('flux/source.yaml', source);
  const uri = await open('flux/sync.yaml', sync);
  const line = sync.split('\n').indexOf('    name: fleet');
  const toSource = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line, character: 12 } })) as Location[];
  assert.deepEqual(toSource.map((location) => [location.uri, location.range.start.line]), [[uriOf('flux/source.yaml'), 3]]);

  const kustomization = 'resources:\n  - apps/app.yaml\n';
  fs.writeFileSync(path.join(folder, 'flux', 'kustomization.yaml'), kustomization);
  const kustomizationUri = await open('flux/kustomization.yaml', kustomization);
  const toFile = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: kustomizationUri }, position: { line: 1, character: 8 } })) as Location[];
  assert.deepEqual(toFile.map((location) => location.uri), [uriOf('flux/apps/app.yaml')]);
});

test('hover works in the repository config file, which has no apiVersion or kind', async () => {
  const config = 'environments:\n  - name: staging\n    paths: [apps/staging]\n';
  const uri = await open('.gitops-workbench.yaml', config);
  const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 6 } });
  assert.ok(hover, 'a hover on paths');
  assert.match((hover.contents as MarkupContent).value, /relative to the repository root/);
});
