import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ListContextsResult } from '../../../server/src/protocol/dtos';
import { ListContextsRequest } from '../../../server/src/protocol/requests';
import { readClientSettings } from '../config';
import { errorMessage } from './requestErrors';

const selectedKey = 'gitopsWorkbench.kubeContext';

/**
 * KubeContexts knows the kube context the user chose for this workspace (remembered in
 * workspaceState; undefined = each environment's own context, else the kubeconfig's current one)
 * and the kubeconfig's contexts as the server reads them (gitops/listContexts).
 */
export class KubeContexts implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private listed: ListContextsResult | undefined;
  private listing: Promise<ListContextsResult> | undefined;

  constructor(private readonly args: { client: LanguageClient; state: vscode.Memento }) {}

  /** selected is the context chosen with "Select Kube Context", passed as `context` to the server. */
  get selected(): string | undefined {
    const value = this.args.state.get<string>(selectedKey);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  async select(context: string | undefined): Promise<void> {
    await this.args.state.update(selectedKey, context);
    this.changed.fire();
  }

  /** current is the kubeconfig's current-context, once listed. */
  get current(): string | undefined {
    return this.listed?.current;
  }

  /** list asks the server for the kubeconfig's contexts (again when `fresh`). */
  list(fresh = false): Promise<ListContextsResult> {
    if (this.listing && !fresh) return this.listing;
    const listing = this.args.client
      .sendRequest(ListContextsRequest, { kubeconfigPaths: kubeconfigPathsOrUndefined() })
      .then(
        (result) => {
          this.listed = result;
          this.changed.fire();
          return result;
        },
        (error: unknown): ListContextsResult => ({ contexts: [], message: errorMessage(error) }),
      );
    this.listing = listing;
    return listing;
  }

  /** invalidate forgets the listed contexts (the kubeconfig setting changed). */
  invalidate(): void {
    this.listing = undefined;
    this.listed = undefined;
    void this.list();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** kubeconfigPathsOrUndefined is the setting's paths, or undefined for the server's default (KUBECONFIG, ~/.kube/config). */
export function kubeconfigPathsOrUndefined(): string[] | undefined {
  const paths = readClientSettings().kubeconfigPaths;
  return paths.length > 0 ? paths : undefined;
}
