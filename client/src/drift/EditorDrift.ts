import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DriftedFieldDto, DriftedObjectDto } from '../../../server/src/protocol/dtos';
import { FileDriftRequest } from '../../../server/src/protocol/requests';
import type { EnvironmentsModel } from '../model/EnvironmentsModel';
import { errorMessage, isCancelled } from '../model/requestErrors';
import { driftMessage, driftSource, isInside, toRange } from './driftTarget';

/** How long typing must pause before the drift of the edited text is asked for. */
const typingDebounceMs = 400;
/** Model changes come one environment at a time: one refresh of the open files for a burst. */
const modelDebounceMs = 150;

/** FileDriftState is what the server last said about one open manifest. */
export interface FileDriftState {
  /** The document version the answer is for. */
  version: number;
  fields: DriftedFieldDto[];
  objects: DriftedObjectDto[];
  /** The diagnostics made of `fields`, each with its field (for the code actions). */
  diagnostics: { diagnostic: vscode.Diagnostic; field: DriftedFieldDto }[];
  /** More than one environment has something in this file (a shared base): titles name the environment. */
  severalEnvironments: boolean;
}

/**
 * EditorDrift puts live drift into the open YAML manifests: it asks gitops/fileDrift for each open
 * manifest of a repository with environments (with the editor's text when it has unsaved
 * changes), makes an Information diagnostic (source "drift") per drifted field in the "drift"
 * collection, and keeps the objects' live status for the code lenses. It asks again when the
 * model's statuses change (debounced), when a document changes (debounced) or is saved.
 */
export class EditorDrift implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(driftSource);
  private readonly states = new Map<string, FileDriftState>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly requests = new Map<string, vscode.CancellationTokenSource>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when the state of a file changed (code lenses follow). */
  readonly onDidChange = this.changed.event;
  private modelTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly args: { client: LanguageClient; model: EnvironmentsModel; output: vscode.OutputChannel }) {
    this.disposables.push(
      this.collection,
      this.changed,
      args.model.onDidChange((entry) => {
        if (entry?.loading) return;
        clearTimeout(this.modelTimer);
        this.modelTimer = setTimeout(() => this.refreshAll(), modelDebounceMs);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document, typingDebounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
    );
    this.refreshAll();
  }

  /** stateOf is the drift last known for a file (undefined when it has none or is not a manifest of an environment's repository). */
  stateOf(uri: vscode.Uri): FileDriftState | undefined {
    return this.states.get(uri.toString());
  }

  /** fieldOf finds the drifted field a drift diagnostic was made of (the code actions get copies of the diagnostics). */
  fieldOf(uri: vscode.Uri, diagnostic: vscode.Diagnostic): DriftedFieldDto | undefined {
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    return this.stateOf(uri)?.diagnostics.find(
      (candidate) => candidate.diagnostic.range.isEqual(diagnostic.range) && candidate.diagnostic.message === diagnostic.message && String(candidate.diagnostic.code) === String(code),
    )?.field;
  }

  /** refresh asks for a document's drift now; resolves when the answer is applied. */
  async refresh(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (!this.relevant(document)) {
      this.forget(document.uri);
      return;
    }
    this.requests.get(key)?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.requests.set(key, source);
    const version = document.version;
    try {
      const result = await this.args.client.sendRequest(FileDriftRequest, { uri: key, ...(document.isDirty ? { text: document.getText() } : {}) }, source.token);
      if (source.token.isCancellationRequested || document.isClosed) return;
      this.apply(document.uri, version, result.fields, result.objects);
    } catch (error) {
      if (source.token.isCancellationRequested || isCancelled(error)) return;
      this.args.output.appendLine(`[client] gitops/fileDrift failed for ${document.uri.fsPath}: ${errorMessage(error)}`);
    } finally {
      if (this.requests.get(key) === source) this.requests.delete(key);
      source.dispose();
    }
  }

  /** refreshAll asks again for every open manifest (the environments' statuses changed). */
  refreshAll(): void {
    const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    for (const key of [...this.states.keys()]) if (!open.has(key)) this.forget(vscode.Uri.parse(key));
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  dispose(): void {
    clearTimeout(this.modelTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const source of this.requests.values()) source.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.uri.scheme !== 'file') return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.refresh(document), delayMs),
    );
  }

  /** relevant: an open YAML file inside a repository whose environments the model knows. */
  private relevant(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' || document.isClosed) return false;
    if (document.languageId !== 'yaml' && !/\.ya?ml$/i.test(document.uri.fsPath)) return false;
    return this.args.model.repositories.some((repo) => repo.environments.length > 0 && isInside(repo.root, document.uri.fsPath));
  }

  private apply(uri: vscode.Uri, version: number, fields: DriftedFieldDto[], objects: DriftedObjectDto[]): void {
    const key = uri.toString();
    const previous = this.states.get(key);
    if (fields.length === 0 && objects.length === 0) {
      if (previous) this.forget(uri);
      return;
    }
    const diagnostics = fields.map((field) => {
      const diagnostic = new vscode.Diagnostic(toRange(field.range), driftMessage(field), vscode.DiagnosticSeverity.Information);
      diagnostic.source = driftSource;
      diagnostic.code = field.environment;
      return { diagnostic, field };
    });
    const environments = new Set([...fields.map((field) => field.environment), ...objects.map((object) => object.environment)]);
    this.states.set(key, { version, fields, objects, diagnostics, severalEnvironments: environments.size > 1 });
    this.collection.set(uri, diagnostics.map((entry) => entry.diagnostic));
    this.changed.fire(uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.requests.get(key)?.cancel();
    const had = this.states.delete(key);
    this.collection.delete(uri);
    if (had) this.changed.fire(uri);
  }
}
