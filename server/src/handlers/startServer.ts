import type { Connection } from 'vscode-languageserver/node';
import { serverVersion } from '../version';

/** startServer wires the handlers to the connection. */
export function startServer(args: { connection: Connection }): void {
  const { connection } = args;
  connection.onInitialize(() => {
    connection.console.info(`GitOps Workbench language server ${serverVersion} starting`);
    return { capabilities: {}, serverInfo: { name: 'gitops-workbench', version: serverVersion } };
  });
}
