import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { serverVersion } from '../version';
import { codeActions } from './codeActions';
import { definition } from './definition';
import { documentSymbols } from './documentSymbols';
import { PieceTextDocument } from './PieceTextDocument';
import { readEditorSettings } from './readEditorSettings';
import { registerRepositoryHandlers } from './registerRepositoryHandlers';
import { SchemaLanguageService } from './schemaLanguageService';
import { fileOf, ValidationService } from './ValidationService';

/** startServer wires the LSP handlers to the engine. */
export function startServer(args: { connection: Connection }): void {
  const { connection } = args;
  // Edits to large files must not copy their whole text (see PieceTextDocument).
  const documents = new TextDocuments(PieceTextDocument);
  let validation: ValidationService | undefined;
  let schemaService: SchemaLanguageService | undefined;
  let configurationSupported = false;
  let folders: string[] = [];

  connection.onInitialize((params) => {
    connection.console.info(`GitOps Workbench language server ${serverVersion} starting (Node ${process.version})`);
    const options = (params.initializationOptions ?? {}) as { validationDelayMs?: number };
    configurationSupported = params.capabilities?.workspace?.configuration === true;
    validation = new ValidationService({ connection, documents, delayMs: typeof options.validationDelayMs === 'number' ? options.validationDelayMs : 150 });
    const service = validation;
    schemaService = new SchemaLanguageService((file) => service.workspaceOf(file).schemas);
    folders = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).fsPath);
    if (folders.length === 0 && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-', '\n'] },
        documentSymbolProvider: true,
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'gitops-workbench', version: serverVersion },
    };
  });

  connection.onInitialized(async () => {
    if (configurationSupported) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gitopsWorkbench' });
      validation?.setSettings(await readEditorSettings(connection));
    }
    for (const folder of folders) validation?.addFolder(folder);
  });

  connection.onDidChangeConfiguration(async () => {
    if (configurationSupported) validation?.setSettings(await readEditorSettings(connection));
  });

  // Opening fires onDidChangeContent too. What an edit replaced lets the validator re-parse only
  // the documents it touched.
  documents.onDidChangeContent((event) => validation?.documentChanged(event.document, event.document instanceof PieceTextDocument ? event.document.lastChange : undefined));
  documents.onDidClose((event) => validation?.documentClosed(event.document));
  connection.onDidChangeWatchedFiles((params) => {
    validation?.filesChanged(params.changes.map((change) => ({ uri: change.uri, deleted: change.type === FileChangeType.Deleted })));
  });

  const withDocument = <T>(uri: string, run: (file: string, document: TextDocument) => T): T | null => {
    const document = documents.get(uri);
    const file = fileOf(uri);
    return document && file ? run(file, document) : null;
  };

  connection.onHover(async (params) =>
    (await withDocument(params.textDocument.uri, (file, document) => schemaService?.hover({ file, text: document.getText(), position: params.position }))) ?? null,
  );
  connection.onCompletion(async (params) =>
    (await withDocument(params.textDocument.uri, (file, document) => schemaService?.completion({ file, text: document.getText(), position: params.position }))) ?? null,
  );
  connection.onDocumentSymbol((params) => withDocument(params.textDocument.uri, (file) => (validation ? documentSymbols({ workspace: validation.workspaceOf(file), file }) : [])));
  connection.onDefinition((params) => withDocument(params.textDocument.uri, (file) => (validation ? definition({ workspace: validation.workspaceOf(file), file, position: params.position }) : [])));
  connection.onCodeAction((params) =>
    withDocument(params.textDocument.uri, (file, document) => (validation ? codeActions({ workspace: validation.workspaceOf(file), file, document, params }) : [])),
  );

  const repositoryHandlers = registerRepositoryHandlers({
    connection,
    workspaceOf: (file) => {
      if (!validation) throw new Error('the language server is not initialized');
      return validation.workspaceOf(file);
    },
  });
  // Watches keep sockets open: close them so the server exits promptly.
  connection.onShutdown(() => repositoryHandlers.dispose());

  documents.listen(connection);
}
