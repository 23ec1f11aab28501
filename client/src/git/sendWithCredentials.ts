import * as vscode from 'vscode';
import { Trace, type LanguageClient } from 'vscode-languageclient/node';

/**
 * sendWithCredentials sends a request whose params carry push credentials with the protocol trace
 * off until it is answered: gitopsWorkbench.trace.server "messages" and "verbose" write each
 * request's params to the log, and a password never goes to a log. (The client writes the trace
 * after awaiting its connection, so the trace stays off for the whole request, not just the call.)
 */
export async function sendWithCredentials<T>(args: { client: LanguageClient; credentials: { password?: string } | undefined; send: () => Promise<T> }): Promise<T> {
  if (!args.credentials?.password) return args.send();
  await args.client.setTrace(Trace.Off);
  try {
    return await args.send();
  } finally {
    const setting = vscode.workspace.getConfiguration('gitopsWorkbench').get<string>('trace.server', 'off');
    await args.client.setTrace(Trace.fromString(setting));
  }
}
