import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DriftedFieldDto, DriftedObjectDto, ObjectRefDto, RangeDto } from '../../../server/src/protocol/dtos';
import type { EnvironmentEntry, EnvironmentsModel } from '../model/EnvironmentsModel';
import { formatValue } from '../views/format';

/** The `source` of the drift diagnostics (and the name of their collection). */
export const driftSource = 'drift';

/**
 * EditorDriftTarget is what the editor's drift features pass to the commands (code lens, code
 * actions): an object of a manifest file, in one environment, and for a field its path.
 */
export interface EditorDriftTarget {
  kind: 'editorDrift';
  /** The manifest file, as a `file:` URI. */
  uri: string;
  environment: string;
  object: ObjectRefDto;
  /** A drifted field; absent for the whole object. */
  path?: string;
  /** Why adopting the field cannot work, when the server knows it without asking. */
  notAdoptable?: string;
}

export function isEditorDriftTarget(value: unknown): value is EditorDriftTarget {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'editorDrift';
}

export function fieldTarget(uri: vscode.Uri, field: DriftedFieldDto): EditorDriftTarget {
  return { kind: 'editorDrift', uri: uri.toString(), environment: field.environment, object: field.object, path: field.path, ...(field.notAdoptable ? { notAdoptable: field.notAdoptable } : {}) };
}

export function objectTarget(uri: vscode.Uri, object: DriftedObjectDto): EditorDriftTarget {
  return { kind: 'editorDrift', uri: uri.toString(), environment: object.environment, object: object.object };
}

/**
 * entryOfTarget is the environment a target names: the one of that name in the repository that
 * holds the file (a shared base is outside the environment's paths, but in its repository).
 */
export function entryOfTarget(model: EnvironmentsModel, target: EditorDriftTarget): EnvironmentEntry | undefined {
  const file = vscode.Uri.parse(target.uri).fsPath;
  return model.environments.find((entry) => entry.environment.name === target.environment && isInside(entry.repository.root, file));
}

/** isInside says whether a file is inside a directory (not the directory itself). */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** toRange converts a protocol range to VS Code's. */
export function toRange(range: RangeDto): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/**
 * driftMessage is a drift diagnostic's message: `live: 3 (Git: 1)`; a field the file does not
 * declare (its range is the nearest declared parent's key) is named: `spec.x: live: 3 (Git: not set)`.
 */
export function driftMessage(field: DriftedFieldDto): string {
  const value = (of: unknown): string => (of === undefined ? 'not set' : formatValue(of));
  return `${field.declared ? '' : `${field.path}: `}live: ${value(field.live)} (Git: ${value(field.desired)})`;
}
