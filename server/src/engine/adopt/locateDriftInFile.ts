import { isScalar, type Node } from 'yaml';
import type { DriftStatus, ResourceDrift } from '../drift/Drift';
import type { FieldPath } from '../drift/FieldPath';
import type { EnvironmentInspection } from '../inspect/EnvironmentInspection';
import type { Range } from '../validation/Finding';
import { describeDriftStatus } from './describeDriftStatus';
import { findObjectDocument } from './findObjectDocument';
import { findYamlNode } from './findYamlNode';
import { groupOf, type ObjectRef } from './ObjectRef';
import { parseFieldPath } from './parseFieldPath';
import { parseYamlFile, type YamlFile, type YamlFileDocument } from './parseYamlFile';
import { secretRefusal } from './secretRefusal';

/** DriftedFieldLocation is one drifted field of an object declared in the file, where it is in the text. */
export interface DriftedFieldLocation {
  /** The value's range when Git declares the field here; else the key of its nearest declared parent. */
  range: Range;
  path: string;
  desired?: unknown;
  live?: unknown;
  environment: string;
  object: ObjectRef;
  /** True when this file declares the field itself (range on its value). */
  declared: boolean;
  /** Why adopting the live value cannot work, when that is known without planning (masked Secret values, generated objects). */
  notAdoptable?: string;
}

/** DriftedObjectStatus is the live status of one object declared in the file, for a code lens above it. */
export interface DriftedObjectStatus {
  /** Zero-based line where the object's document starts. */
  line: number;
  status: DriftStatus;
  /** "live: modified (2 fields)", "live: in sync", "live: missing in cluster", "live: unknown (…)". */
  summary: string;
  environment: string;
  object: ObjectRef;
}

/** FileDrift is the drift of every object a file declares, in every inspected environment. */
export interface FileDrift {
  fields: DriftedFieldLocation[];
  objects: DriftedObjectStatus[];
}

/**
 * locateDriftInFile places the drift of the latest inspections on a file's text: for every object
 * whose origin is the file (`file` is repository-relative, as origins are; objects kustomize renders
 * from the file count too), its status on the line its document starts, and each drifted field on
 * its value (or, when the file does not declare the field, on the key of its nearest declared
 * parent). The text may be newer than the inspection: documents are found by identity, not by line.
 */
export function locateDriftInFile(args: { file: string; text: string; inspections: readonly EnvironmentInspection[] }): FileDrift {
  const result: FileDrift = { fields: [], objects: [] };
  let parsed: YamlFile | undefined;
  for (const inspection of args.inspections) {
    const environment = inspection.environment.name;
    for (const resource of inspection.drift) {
      if (resource.origin?.file !== args.file) continue;
      parsed ??= parseYamlFile({ text: args.text });
      const object = objectRefOf(resource);
      const document = findObjectDocument({ file: parsed, object, originLine: resource.origin.line });
      const line = document ? document.contentLine : Math.max(0, Math.min(resource.origin.line - 1, parsed.lineCounter.lineStarts.length - 1));
      result.objects.push({ line, status: resource.status, summary: describeDriftStatus({ resource }), environment, object });
      for (const field of resource.fields) {
        const location = locateField({ file: parsed, document, path: field.path, object, line });
        const notAdoptable = !document ? 'the object is generated (no document of this file declares it)' : secretRefusal({ object, field });
        result.fields.push({
          range: location.range,
          path: field.path,
          ...('desired' in field ? { desired: field.desired } : {}),
          ...('live' in field ? { live: field.live } : {}),
          environment,
          object,
          declared: location.declared,
          ...(notAdoptable ? { notAdoptable } : {}),
        });
      }
    }
  }
  return result;
}

function objectRefOf(resource: ResourceDrift): ObjectRef {
  return { apiVersion: resource.apiVersion, kind: resource.kind, ...(resource.namespace !== undefined ? { namespace: resource.namespace } : {}), name: resource.name };
}

function locateField(args: { file: YamlFile; document: YamlFileDocument | undefined; path: string; object: ObjectRef; line: number }): { range: Range; declared: boolean } {
  const { file, document } = args;
  const lineRange = (): Range => {
    const start = file.lineCounter.lineStarts[args.line] ?? 0;
    let end = file.text.indexOf('\n', start);
    if (end === -1) end = file.text.length;
    if (file.text[end - 1] === '\r') end--;
    return { start: { line: args.line, character: 0 }, end: file.positionAt(end) };
  };
  if (!document) return { range: lineRange(), declared: false };
  let path: FieldPath;
  try {
    path = parseFieldPath(args.path);
  } catch {
    return { range: lineRange(), declared: false };
  }
  const lookup = findYamlNode({ document: document.yaml, path, object: { group: groupOf(args.object.apiVersion), kind: args.object.kind } });
  if (lookup.found) {
    const last = lookup.steps[lookup.steps.length - 1];
    const range = nodeRange(file, last.node);
    if (range) return { range, declared: true };
    if (last.pair?.key) return { range: nodeRange(file, last.pair.key as Node) ?? lineRange(), declared: true };
  }
  for (let at = lookup.steps.length - 1; at >= 0; at--) {
    const key = lookup.steps[at].pair?.key as Node | undefined;
    const range = key ? nodeRange(file, key) : undefined;
    if (range) return { range, declared: false };
  }
  return { range: lineRange(), declared: false };
}

/** nodeRange is a node's range: a scalar whole (a block scalar without its last line break), a collection's first line only. */
function nodeRange(file: YamlFile, node: Node | null | undefined): Range | undefined {
  const offsets = node?.range;
  if (!offsets) return undefined;
  const [start] = offsets;
  let end = offsets[1];
  const { text } = file;
  if (isScalar(node)) {
    while (end > start && /[\r\n]/.test(text[end - 1])) end--;
  } else {
    while (end > start && /[ \t\r\n]/.test(text[end - 1])) end--;
    const newline = text.indexOf('\n', start);
    if (newline !== -1 && newline < end) end = text[newline - 1] === '\r' ? newline - 1 : newline;
  }
  if (end <= start) return undefined;
  return { start: file.positionAt(start), end: file.positionAt(end) };
}
