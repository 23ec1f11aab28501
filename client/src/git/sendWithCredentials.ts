import * as vscode from 'vscode';
import { Trace, type LanguageClient } from 'vscode-languageclient/node';

/** How many requests carrying credentials are under way: the trace comes back after the last. */
let underWay = 0;

/**
 * sendWithCredentials sends a request whose params carry push credentials with the protocol trace
 * off until it is answered: gitopsWorkbench.trace.server "messages" and "verbose" write each
 * request's params to the log, and a password never goes to a log. (The client writes the trace
 * after awaiting its connection, so the trace stays off for the whole request, not just the call.)
 * Overlapping requests keep it off until the last one is answered.
 */
export async function sendWithCredentials<T>(args: { client: LanguageClient; credentials: { password?: string } | undefined; send: () => Promise<T> }): Promise<T> {
  const setting = (): string => vscode.workspace.getConfiguration('gitopsWorkbench').get<string>('trace.server', 'off');
  if (!args.credentials?.password || (underWay === 0 && setting() === 'off')) return args.send();
  underWay += 1;
  if (underWay === 1) await args.client.setTrace(Trace.Off);
  try {
    return await args.send();
  } finally {
    underWay -= 1;
    if (underWay === 0) await args.client.setTrace(Trace.fromString(setting()));
  }
}
