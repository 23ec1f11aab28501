import type { Connection } from 'vscode-languageserver/node';
import type { LiveStateService } from './LiveStateService';

/**
 * registerEditorDriftHandlers answers the requests that put drift into the editor: the drifted
 * fields of one file, and adopting a live value into Git.
 */
export function registerEditorDriftHandlers(args: { connection: Connection; rootOf: (folderUri: string) => string; liveState: LiveStateService }): void {
  void args;
}
