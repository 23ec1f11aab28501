import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { locateDriftInFile } from '../engine/adopt/locateDriftInFile';
import type { EnvironmentInspection } from '../engine/inspect/EnvironmentInspection';
import { repoRelativePath } from '../engine/manifests/repoRelativePath';
import type { FileDriftParams, FileDriftResult } from '../protocol/dtos';

/** latestPerEnvironment keeps one inspection per environment name: the latest listed. */
export function latestPerEnvironment(inspections: readonly EnvironmentInspection[]): EnvironmentInspection[] {
  const byName = new Map<string, EnvironmentInspection>();
  for (const inspection of inspections) byName.set(inspection.environment.name, inspection);
  return [...byName.values()];
}

/**
 * fileDrift answers gitops/fileDrift: the drift of the latest inspections located in one file's text
 * (the editor's, when given; else the disk's). A file outside the repository, or no inspection yet,
 * gives nothing.
 */
export function fileDrift(args: { params: FileDriftParams; root: string; inspections: readonly EnvironmentInspection[] }): FileDriftResult {
  const { params, root } = args;
  const file = URI.parse(params.uri).fsPath;
  const relative = repoRelativePath(root, file);
  const inspections = latestPerEnvironment(args.inspections);
  if (relative.startsWith('../') || path.isAbsolute(relative) || inspections.length === 0) return { fields: [], objects: [] };
  let text = params.text;
  if (text === undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return { fields: [], objects: [] };
    }
  }
  const located = locateDriftInFile({ file: relative, text, inspections });
  return {
    fields: located.fields.map((field) => ({ ...field, object: { ...field.object } })),
    objects: located.objects.map((object) => ({ ...object, object: { ...object.object } })),
  };
}
