import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { readRepoConfig } from '../engine/config/readRepoConfig';
import { repoConfigFileName } from '../engine/config/RepoConfig';
import { createFileSystemRepoView } from '../engine/manifests/createFileSystemRepoView';
import { isInside } from '../engine/manifests/isInside';
import type { TextChange } from '../engine/manifests/TextChange';
import { createSchemaRegistry } from '../engine/schemas/createSchemaRegistry';
import type { SchemaRegistry } from '../engine/schemas/SchemaRegistry';
import type { Finding } from '../engine/validation/Finding';
import { findManifestFiles } from '../engine/validation/findManifestFiles';
import { findRepositoryRoot } from '../engine/validation/findRepositoryRoot';
import { defaultValidationOptions, type ValidationOptions } from '../engine/validation/ValidationOptions';
import { WorkspaceValidator } from '../engine/validation/WorkspaceValidator';
import { toDiagnostic } from './toDiagnostic';

/** Workspace is one repository the server validates. */
export interface Workspace {
  root: string;
  validator: WorkspaceValidator;
  schemas: SchemaRegistry;
  timer?: NodeJS.Timeout;
  /** Per file, the revision of the findings last published (WorkspaceValidator revisions). */
  published: Map<string, number>;
  findings: Map<string, Finding[]>;
  ready: Promise<void>;
}

/**
 * ValidationService keeps one WorkspaceValidator per repository, feeds it the editor's text and
 * the disk's, and publishes diagnostics for the files whose findings changed.
 */
export class ValidationService {
  private readonly workspaces: Workspace[] = [];
  private options: ValidationOptions = defaultValidationOptions();
  private enabled = true;

  constructor(
    private readonly args: {
      connection: Connection;
      documents: TextDocuments<TextDocument>;
      /** Milliseconds to wait after the last change before validating. */
      delayMs: number;
    },
  ) {}

  /** addFolder indexes a workspace folder's repository in the background. */
  addFolder(folder: string): Workspace {
    const root = findRepositoryRoot(folder) ?? folder;
    const existing = this.workspaces.find((workspace) => workspace.root === root);
    if (existing) return existing;
    const schemas = createSchemaRegistry();
    const validator = new WorkspaceValidator({ repo: createFileSystemRepoView(root), schemas, options: this.options });
    validator.setRepoRuleSettings(readRepoConfig({ root }).rules);
    const workspace: Workspace = { root, validator, schemas, published: new Map(), findings: new Map(), ready: Promise.resolve() };
    this.workspaces.push(workspace);
    workspace.ready = this.index(workspace);
    return workspace;
  }

  private async index(workspace: Workspace): Promise<void> {
    const started = Date.now();
    const files = findManifestFiles({ root: workspace.root });
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      if (this.openDocument(file)) continue;
      try {
        workspace.validator.readFile({ file });
      } catch {
        // A file that vanished while indexing is simply not validated.
      }
      // Yield now and then so requests are answered while a large repository is indexed.
      if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
    }
    for (const document of this.args.documents.all()) {
      const file = fileOf(document.uri);
      if (file && this.workspaceOf(file) === workspace) workspace.validator.setFile({ file, text: document.getText() });
    }
    this.args.connection.console.info(`Indexed ${files.length} YAML files under ${workspace.root} in ${Date.now() - started} ms`);
    this.validateNow(workspace);
  }

  /** setSettings applies the editor settings to every workspace. */
  setSettings(settings: { enabled: boolean; options: ValidationOptions }): void {
    const { options } = settings;
    this.enabled = settings.enabled;
    this.options = options;
    for (const workspace of this.workspaces) {
      workspace.validator.setOptions(options);
      this.schedule(workspace, 0);
    }
  }

  /** workspaceOf picks the repository that holds a file or folder, creating one for paths outside all folders. */
  workspaceOf(target: string): Workspace {
    const holding = this.workspaces
      .filter((workspace) => isInside(workspace.root, target))
      .sort((a, b) => b.root.length - a.root.length)[0];
    if (holding) return holding;
    const directory = isDirectory(target) ? target : path.dirname(target);
    return this.addFolder(findRepositoryRoot(directory) ?? directory);
  }

  /**
   * documentChanged takes the editor's text of an open or changed document; `change` says what an
   * edit replaced, so that only the documents it touched are parsed again.
   */
  documentChanged(document: TextDocument, change?: TextChange): void {
    const file = fileOf(document.uri);
    if (!file) return;
    const workspace = this.workspaceOf(file);
    workspace.validator.setFile({ file, text: document.getText(), change });
    if (path.basename(file) === repoConfigFileName && path.dirname(file) === workspace.root) {
      workspace.validator.setRepoRuleSettings(readRepoConfig({ root: workspace.root, text: document.getText() }).rules);
    }
    this.schedule(workspace, this.args.delayMs);
  }

  /** documentClosed falls back to the file's saved content. */
  documentClosed(document: TextDocument): void {
    const file = fileOf(document.uri);
    if (!file) return;
    this.reloadFromDisk(this.workspaceOf(file), file);
  }

  /** filesChanged handles files created, changed or deleted outside the editor. */
  filesChanged(changes: Array<{ uri: string; deleted: boolean }>): void {
    const touched = new Set<Workspace>();
    for (const change of changes) {
      const file = fileOf(change.uri);
      if (!file) continue;
      const workspace = this.workspaceOf(file);
      touched.add(workspace);
      workspace.validator.invalidateRepository();
      if (path.basename(file) === repoConfigFileName) workspace.validator.setRepoRuleSettings(readRepoConfig({ root: workspace.root }).rules);
      if (!/\.ya?ml$/i.test(file) || this.openDocument(file)) continue;
      if (change.deleted) workspace.validator.removeFile(file);
      else this.reloadFromDisk(workspace, file, false);
    }
    for (const workspace of touched) this.schedule(workspace, this.args.delayMs);
  }

  private reloadFromDisk(workspace: Workspace, file: string, schedule = true): void {
    try {
      workspace.validator.readFile({ file });
    } catch {
      workspace.validator.removeFile(file);
    }
    if (schedule) this.schedule(workspace, this.args.delayMs);
  }

  private openDocument(file: string): TextDocument | undefined {
    return this.args.documents.get(URI.file(file).toString());
  }

  private schedule(workspace: Workspace, delayMs: number): void {
    if (workspace.timer) clearTimeout(workspace.timer);
    workspace.timer = setTimeout(() => {
      workspace.timer = undefined;
      void workspace.ready.then(() => this.validateNow(workspace));
    }, delayMs);
  }

  /** validateNow validates a workspace and publishes the files whose findings changed. */
  validateNow(workspace: Workspace): void {
    let result;
    try {
      result = this.enabled ? workspace.validator.validate() : { findingsByFile: new Map<string, Finding[]>(), documents: 0, revisions: new Map<string, number>() };
    } catch (error) {
      this.args.connection.console.error(`Validation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return;
    }
    workspace.findings = result.findingsByFile;
    // Revisions change exactly when findings do, so unchanged files cost a lookup, not a comparison.
    for (const [file, findings] of result.findingsByFile) {
      const revision = result.revisions.get(file);
      if (revision !== undefined && workspace.published.get(file) === revision) continue;
      if (revision !== undefined) workspace.published.set(file, revision);
      void this.args.connection.sendDiagnostics({ uri: URI.file(file).toString(), diagnostics: findings.map(toDiagnostic) });
    }
    for (const file of [...workspace.published.keys()]) {
      if (result.findingsByFile.has(file)) continue;
      workspace.published.delete(file);
      void this.args.connection.sendDiagnostics({ uri: URI.file(file).toString(), diagnostics: [] });
    }
  }
}

/** fileOf returns the path of a file: URI, or undefined for other schemes. */
export function fileOf(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}
