import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import type { RuleSetting } from '../validation/Finding';
import { emptyRepoConfig, reconcilers, repoConfigFileName, type EnvironmentConfig, type Reconciler, type RepoConfig } from './RepoConfig';

const ruleSettings: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];

/**
 * readRepoConfig reads .gitops-workbench.yaml at the repository root. A missing file is an empty
 * config; a broken one is read as far as it is valid (the language server shows its problems).
 */
export function readRepoConfig(args: { root: string; text?: string }): RepoConfig {
  let text = args.text;
  if (text === undefined) {
    try {
      text = fs.readFileSync(path.join(args.root, repoConfigFileName), 'utf8');
    } catch {
      return emptyRepoConfig();
    }
  }
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return emptyRepoConfig();
  }
  return repoConfigFromValue(value);
}

/** repoConfigFromValue keeps the well-formed parts of a parsed config. */
export function repoConfigFromValue(value: unknown): RepoConfig {
  const config = emptyRepoConfig();
  if (!isRecord(value)) return config;
  if (Array.isArray(value.environments)) {
    for (const entry of value.environments) {
      if (!isRecord(entry) || typeof entry.name !== 'string' || !Array.isArray(entry.paths)) continue;
      const environment: EnvironmentConfig = { name: entry.name, paths: entry.paths.filter((p): p is string => typeof p === 'string') };
      if (typeof entry.context === 'string') environment.context = entry.context;
      if (typeof entry.namespace === 'string') environment.namespace = entry.namespace;
      if (typeof entry.branch === 'string') environment.branch = entry.branch;
      if (typeof entry.reconciler === 'string' && (reconcilers as readonly string[]).includes(entry.reconciler)) environment.reconciler = entry.reconciler as Reconciler;
      config.environments.push(environment);
    }
  }
  if (Array.isArray(value.ignoreDifferences)) {
    for (const entry of value.ignoreDifferences) {
      if (!isRecord(entry)) continue;
      config.ignoreDifferences.push({
        group: stringOrUndefined(entry.group),
        kind: stringOrUndefined(entry.kind),
        name: stringOrUndefined(entry.name),
        namespace: stringOrUndefined(entry.namespace),
        jsonPointers: stringList(entry.jsonPointers),
        jqPathExpressions: stringList(entry.jqPathExpressions),
        managedFieldsManagers: stringList(entry.managedFieldsManagers),
      });
    }
  }
  if (isRecord(value.rules)) {
    for (const [rule, setting] of Object.entries(value.rules)) {
      if (typeof setting === 'string' && (ruleSettings as readonly string[]).includes(setting)) config.rules[rule] = setting as RuleSetting;
    }
  }
  return config;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}
