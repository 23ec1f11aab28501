import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ObjectManifestRequest } from '../../../server/src/protocol/requests';
import type { EnvironmentsModel } from '../model/EnvironmentsModel';
import { errorMessage } from '../model/requestErrors';
import { desiredScheme, liveScheme, parseManifestUri } from './manifestUri';

/**
 * ManifestDocumentProvider serves the read-only `gitops-desired:` and `gitops-live:` documents
 * of the diff editor from gitops/objectManifest (noise-free, Secret values masked by the server).
 * When an environment's status is refreshed, its open documents are reloaded, so a diff shows
 * what the tree shows.
 */
export class ManifestDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly args: { client: LanguageClient; model: EnvironmentsModel }) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(desiredScheme, this),
      vscode.workspace.registerTextDocumentContentProvider(liveScheme, this),
      args.model.onDidChange((entry) => {
        if (entry?.loading) return;
        for (const document of vscode.workspace.textDocuments) {
          const target = parseManifestUri(document.uri);
          if (!target) continue;
          if (!entry || (target.environment === entry.environment.name && this.args.model.find(entry.repository.root, target.environment) === entry)) this.changed.fire(document.uri);
        }
      }),
      this.changed,
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const target = parseManifestUri(uri);
    if (!target) return '# Not a GitOps Workbench document\n';
    await this.args.model.ready();
    const entry = this.args.model.environments.find((candidate) => candidate.environment.name === target.environment && (candidate.repository.folderUri === target.folderUri || vscode.Uri.file(candidate.repository.root).toString() === target.folderUri));
    const base = entry
      ? this.args.model.statusParams(entry)
      : { folderUri: target.folderUri, environment: target.environment, trusted: vscode.workspace.isTrusted };
    try {
      const result = await this.args.client.sendRequest(ObjectManifestRequest, { ...base, side: target.side, ...(target.object ? { object: target.object } : {}) }, token);
      return result.yaml;
    } catch (error) {
      return `# Could not load the ${target.side} state: ${errorMessage(error).replace(/\n/g, '\n# ')}\n`;
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
