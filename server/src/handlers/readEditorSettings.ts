import type { Connection } from 'vscode-languageserver/node';
import type { RuleSetting } from '../engine/validation/Finding';
import { defaultValidationOptions, type ValidationOptions } from '../engine/validation/ValidationOptions';

/**
 * editorSettingKeys lists every setting the extension reads; package.json's
 * contributes.configuration declares exactly these (a test keeps the two in sync). The trace
 * setting is read by vscode-languageclient itself.
 */
export const editorSettingKeys = [
  'gitopsWorkbench.validation.enable',
  'gitopsWorkbench.kubernetesVersion',
  'gitopsWorkbench.maxFileSize',
  'gitopsWorkbench.rules',
  'gitopsWorkbench.trace.server',
  // Read by the client (client/src/config.ts) and sent with its requests:
  'gitopsWorkbench.kubeconfig',
  'gitopsWorkbench.git.pushAfterCommit',
  'gitopsWorkbench.drift.exact',
  // Read by the client when a push needs credentials (client/src/git/remoteAccountFor.ts):
  'gitopsWorkbench.git.authenticationProviders',
] as const;

/** EditorSettings are the validation options plus whether the editor wants diagnostics at all. */
export interface EditorSettings {
  enabled: boolean;
  options: ValidationOptions;
}

/** readEditorSettings reads the `gitopsWorkbench` settings section. */
export async function readEditorSettings(connection: Connection): Promise<EditorSettings> {
  const options = defaultValidationOptions();
  const settings = { enabled: true, options };
  let section: Record<string, unknown> | undefined;
  try {
    section = (await connection.workspace.getConfiguration('gitopsWorkbench')) as Record<string, unknown> | undefined;
  } catch {
    return settings;
  }
  if (!section) return settings;
  const validation = section.validation as Record<string, unknown> | undefined;
  if (validation && validation.enable === false) settings.enabled = false;
  if (typeof section.kubernetesVersion === 'string' && /^1\.\d+$/.test(section.kubernetesVersion)) options.kubernetesVersion = section.kubernetesVersion;
  if (typeof section.maxFileSize === 'number' && section.maxFileSize > 0) options.maxFileSize = section.maxFileSize;
  if (section.rules && typeof section.rules === 'object') {
    for (const [rule, setting] of Object.entries(section.rules as Record<string, unknown>)) {
      if (setting === 'off' || setting === 'info' || setting === 'warning' || setting === 'error') options.ruleSettings[rule] = setting as RuleSetting;
    }
  }
  return settings;
}
