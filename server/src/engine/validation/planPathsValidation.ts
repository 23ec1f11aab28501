import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRepoConfig } from '../config/readRepoConfig';
import { createFileSystemRepoView } from '../manifests/createFileSystemRepoView';
import { isInside } from '../manifests/isInside';
import { createSchemaRegistry } from '../schemas/createSchemaRegistry';
import type { SchemaRegistry } from '../schemas/SchemaRegistry';
import type { Finding } from './Finding';
import { findManifestFiles } from './findManifestFiles';
import { findRepositoryRoot } from './findRepositoryRoot';
import type { ValidationOptions } from './ValidationOptions';
import { WorkspaceValidator } from './WorkspaceValidator';

/** PathNotFoundError says a requested path does not exist. */
export class PathNotFoundError extends Error {
  readonly code = 'PathNotFound';
  constructor(readonly missingPath: string) {
    super(`no such file or directory: ${missingPath}`);
  }
}

/** PathsValidation is the outcome of validating some paths of a repository. */
export interface PathsValidation {
  root: string;
  /** Number of documents validated in the requested paths. */
  resources: number;
  findings: Finding[];
}

/** PathsPlan is what validating some paths reads: every file, in order, and which were asked for. */
export interface PathsPlan {
  root: string;
  validator: WorkspaceValidator;
  /** The validator's registry: the bundled schemas only, until files bring CRDs. */
  schemas: SchemaRegistry;
  /** Every manifest of the repository, then the files named explicitly: set in this order. */
  files: string[];
  wanted: ReadonlySet<string>;
}

/**
 * planPathsValidation finds the repository around the given paths and the files to read. Every
 * manifest of the enclosing repository is read, because cross-file rules (references, Flux
 * sources) need the whole environment, but only findings in the requested paths are returned.
 */
export function planPathsValidation(args: { paths: string[]; cwd: string; options: ValidationOptions }): PathsPlan {
  const requested = (args.paths.length > 0 ? args.paths : ['.']).map((entry) => path.resolve(args.cwd, entry));
  for (const entry of requested) if (!fs.existsSync(entry)) throw new PathNotFoundError(entry);
  const root = findRepositoryRoot(requested[0]) ?? commonDirectory(requested);
  const config = readRepoConfig({ root });
  const schemas = createSchemaRegistry();
  const validator = new WorkspaceValidator({ repo: createFileSystemRepoView(root, { remember: true }), schemas, options: args.options, incremental: false });
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
  return { root, validator, schemas, files: [...new Set([...repositoryFiles, ...wanted])], wanted };
}

/** finishPathsValidation validates what was set and keeps the findings of the requested files. */
export function finishPathsValidation(args: { plan: PathsPlan; findings: Finding[] }): PathsValidation {
  const { plan, findings } = args;
  const result = plan.validator.validate();
  let resources = 0;
  for (const file of [...plan.wanted].sort()) {
    findings.push(...(result.findingsByFile.get(file) ?? []));
    resources += plan.validator.documentsOf(file).length;
  }
  return { root: plan.root, resources, findings };
}

/** unreadableFinding is the finding of a file that could not be read (`reason`: unreadableReason). */
export function unreadableFinding(file: string, reason: string): Finding {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { file, range, severity: 'error', rule: 'yaml-syntax', message: `file could not be read (${reason})` };
}

function commonDirectory(paths: string[]): string {
  const directories = paths.map((entry) => (fs.statSync(entry).isDirectory() ? entry : path.dirname(entry)));
  let common = directories[0];
  while (!directories.every((directory) => isInside(common, directory))) common = path.dirname(common);
  return common;
}
