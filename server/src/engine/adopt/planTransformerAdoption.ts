import type { FieldDrift } from '../drift/Drift';
import type { FieldPath } from '../drift/FieldPath';
import { asMap, asText } from '../manifests/plainData';
import { editYamlValue, type ValueChange } from './editYamlValue';
import { parseImageReference } from './parseImageReference';
import { parseYamlFile } from './parseYamlFile';

const kustomizationKind = { group: 'kustomize.config.k8s.io', kind: 'Kustomization' };

/** TransformerAdoption is a kustomization's new text with a transformer entry changed, and what changed. */
export interface TransformerAdoption {
  text: string;
  /** "images: newTag 1.2.4", "replicas: count 3". */
  summary: string;
}

/**
 * planTransformerAdoption adopts a live value through the kustomization transformer that sets it,
 * because kustomize applies `images:` and `replicas:` after patches (a patch would be overwritten):
 * a container image whose name an `images:` entry matches gets that entry's newName/newTag/digest;
 * `spec.replicas` of an object a `replicas:` entry names gets its count. Undefined when no
 * transformer of this kustomization sets the field.
 */
export function planTransformerAdoption(args: { kustomizationText: string; path: FieldPath; field: FieldDrift; names: readonly string[]; declaredValue?: unknown }): TransformerAdoption | undefined {
  const { path, field } = args;
  const last = path[path.length - 1];
  if (!('live' in field) || !last || !('field' in last)) return undefined;
  const file = parseYamlFile({ text: args.kustomizationText });
  const document = file.documents.find((candidate) => asMap(candidate.value));
  const kustomization = asMap(document?.value);
  if (!document || !kustomization) return undefined;
  const edits: { path: FieldPath; change: ValueChange }[] = [];
  let summary = '';

  if (last.field === 'image' && typeof field.live === 'string' && typeof field.desired === 'string' && Array.isArray(kustomization.images)) {
    const desired = parseImageReference(field.desired);
    const declared = typeof args.declaredValue === 'string' ? parseImageReference(args.declaredValue) : undefined;
    const position = kustomization.images.findIndex((entry) => {
      const map = asMap(entry);
      const name = asText(map?.name);
      if (!map || !name) return false;
      return declared ? declared.name === name : (asText(map.newName) ?? name) === desired.name;
    });
    const chosen = position === -1 ? undefined : asMap(kustomization.images[position]);
    // The entry must be what made the desired image (else something later overrides it).
    const makesDesired = chosen !== undefined && (chosen.newTag === undefined || String(chosen.newTag) === desired.tag) && (asText(chosen.newName) ?? asText(chosen.name)) === desired.name;
    if (chosen && makesDesired) {
      const entry = chosen;
      const live = parseImageReference(field.live);
      const at = (name: string): FieldPath => [{ field: 'images' }, { index: position }, { field: name }];
      const changes: string[] = [];
      const currentName = asText(entry.newName) ?? asText(entry.name);
      if (live.name !== currentName) {
        edits.push({ path: at('newName'), change: live.name === asText(entry.name) ? { kind: 'remove' } : { kind: 'set', value: live.name } });
        changes.push(`newName ${live.name}`);
      }
      const currentTag = entry.newTag === undefined || entry.newTag === null ? undefined : String(entry.newTag);
      if (live.tag !== currentTag) {
        edits.push({ path: at('newTag'), change: live.tag === undefined ? { kind: 'remove' } : { kind: 'set', value: live.tag } });
        changes.push(live.tag === undefined ? 'no newTag' : `newTag ${live.tag}`);
      }
      if (live.digest !== asText(entry.digest)) {
        edits.push({ path: at('digest'), change: live.digest === undefined ? { kind: 'remove' } : { kind: 'set', value: live.digest } });
        changes.push(live.digest === undefined ? 'no digest' : `digest ${live.digest}`);
      }
      summary = `images: ${changes.join(', ')}`;
    }
  }

  const joined = path.map((segment) => ('field' in segment ? segment.field : '*')).join('.');
  if (edits.length === 0 && joined === 'spec.replicas' && typeof field.live === 'number' && Array.isArray(kustomization.replicas)) {
    const position = kustomization.replicas.findIndex((entry) => args.names.includes(asText(asMap(entry)?.name) ?? '') && asMap(entry)?.count === field.desired);
    if (position !== -1) {
      edits.push({ path: [{ field: 'replicas' }, { index: position }, { field: 'count' }], change: { kind: 'set', value: field.live } });
      summary = `replicas: count ${field.live}`;
    }
  }
  if (edits.length === 0) return undefined;
  let text = args.kustomizationText;
  for (const edit of edits) {
    const current = parseYamlFile({ text }).documents.find((candidate) => asMap(candidate.value));
    if (!current) return undefined;
    text = editYamlValue({ text, document: current.yaml, path: edit.path, object: kustomizationKind, change: edit.change });
  }
  return { text, summary };
}
