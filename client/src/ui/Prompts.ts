import * as vscode from 'vscode';

/**
 * Prompts are the questions commands ask (quick picks, input boxes, messages). Commands go through
 * them rather than vscode.window directly so the extension-host tests can answer for the user
 * (see `testing.answerPrompts` in the extension's exports); users get VS Code's own widgets.
 */
export interface Prompts {
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions): Thenable<T | undefined>;
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  message(severity: 'info' | 'warning' | 'error', message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
}

export const windowPrompts: Prompts = {
  quickPick: (items, options) => vscode.window.showQuickPick(items as readonly vscode.QuickPickItem[], options) as Thenable<never>,
  inputBox: (options) => vscode.window.showInputBox(options),
  message: (severity, message, options, ...items) => {
    if (severity === 'error') return vscode.window.showErrorMessage(message, options, ...items);
    if (severity === 'warning') return vscode.window.showWarningMessage(message, options, ...items);
    return vscode.window.showInformationMessage(message, options, ...items);
  },
};

/** PromptsHolder is the current Prompts: VS Code's widgets, or a test's answers while it runs. */
export class PromptsHolder implements Prompts {
  private current: Prompts = windowPrompts;

  quickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions): Thenable<T | undefined> {
    return this.current.quickPick(items, options);
  }

  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    return this.current.inputBox(options);
  }

  message(severity: 'info' | 'warning' | 'error', message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined> {
    return this.current.message(severity, message, options, ...items);
  }

  /** override answers with `prompts` (falling back to VS Code's widgets) until the returned disposable is disposed. */
  override(prompts: Partial<Prompts>): vscode.Disposable {
    const previous = this.current;
    this.current = { ...windowPrompts, ...prompts };
    return new vscode.Disposable(() => {
      this.current = previous;
    });
  }
}
