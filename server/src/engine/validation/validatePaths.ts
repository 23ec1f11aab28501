import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRepoConfig } from '../config/readRepoConfig';
import { createFileSystemRepoView } from '../manifests/createFileSystemRepoView';
import { createSchemaRegistry } from '../schemas/createSchemaRegistry';
import type { Finding } from './Finding';
import { findManifestFiles } from './findManifestFiles';
import { findRepositoryRoot } from './findRepositoryRoot';
import type { ValidationOptions } from './ValidationOptions';
import { WorkspaceValidator } from './WorkspaceValidator';

/** PathsValidation is the outcome of validating some paths of a repository. */
export interface PathsValidation {
  root: string;
  /** Number of documents validated in the requested paths. */
  resources: number;
  findings: Finding[];
}

/** PathNotFoundError says a requested path does not exist. */
export class PathNotFoundError extends Error {
  readonly code = 'PathNotFound';
  constructor(readonly missingPath: string) {
    super(`no such file or directory: ${missingPath}`);
  }
}

/**
 * validatePaths validates the manifests under the given paths. Every manifest of the enclosing
 * repository is read, because cross-file rules (references, Flux sources) need the whole
 * environment, but only findings in the requested paths are returned.
 */
export function validatePaths(args: { paths: string[]; cwd: string; options: ValidationOptions }): PathsValidation {
  const requested = (args.paths.length > 0 ? args.paths : ['.']).map((entry) => path.resolve(args.cwd, entry));
  for (const entry of requested) if (!fs.existsSync(entry)) throw new PathNotFoundError(entry);
  const root = findRepositoryRoot(requested[0]) ?? commonDirectory(requested);
  const config = readRepoConfig({ root });
  const validator = new WorkspaceValidator({ repo: createFileSystemRepoView(root), schemas: createSchemaRegistry(), options: args.options, incremental: false });
  validator.setRepoRuleSettings(config.rules);

  const repositoryFiles = new Set(findManifestFiles({ root }));
  const wanted = new Set<string>();
  for (const entry of requested) {
    if (fs.statSync(entry).isDirectory()) {
      for (const file of isInside(root, entry) ? [...repositoryFiles].filter((file) => isInside(entry, file)) : findManifestFiles({ root: entry })) wanted.add(file);
    } else {
      // A file named explicitly is validated even if it is ignored or not named *.yaml.
      wanted.add(entry);
    }
  }
  const findings: Finding[] = [];
  for (const file of new Set([...repositoryFiles, ...wanted])) {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      if (wanted.has(file)) findings.push(unreadable(file, error));
      continue;
    }
    validator.setFileBytes({ file, bytes });
  }
  const result = validator.validate();
  let resources = 0;
  for (const file of [...wanted].sort()) {
    findings.push(...(result.findingsByFile.get(file) ?? []));
    resources += validator.documentsOf(file).length;
  }
  return { root, resources, findings };
}

function unreadable(file: string, error: unknown): Finding {
  const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { file, range, severity: 'error', rule: 'yaml-syntax', message: `file could not be read (${reason})` };
}

function isInside(directory: string, candidate: string): boolean {
  const relative = path.relative(directory, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function commonDirectory(paths: string[]): string {
  const directories = paths.map((entry) => (fs.statSync(entry).isDirectory() ? entry : path.dirname(entry)));
  let common = directories[0];
  while (!directories.every((directory) => isInside(common, directory))) common = path.dirname(common);
  return common;
}
