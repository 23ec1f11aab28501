import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { asMap, asText } from '../manifests/plainData';
import { editYamlValue } from './editYamlValue';
import { parseYamlFile } from './parseYamlFile';

/**
 * addPatchToKustomization returns a kustomization's text with `- path: <patchPath>` at the end of its
 * `patches:` list (created at the end of the file when there is none), in the list's own style; the
 * text is returned unchanged when the file is already listed (in `patches` or `patchesStrategicMerge`).
 */
export function addPatchToKustomization(args: { text: string; patchPath: string }): string {
  const { text, patchPath } = args;
  const plain = parseDocument(text).toJS() as unknown;
  const map = asMap(plain) ?? {};
  const normalize = (written: string): string => written.trim().replace(/^\.\//, '');
  const listed = (Array.isArray(map.patches) ? map.patches : []).some((entry) => normalize(asText(asMap(entry)?.path) ?? '') === patchPath) || (Array.isArray(map.patchesStrategicMerge) ? map.patchesStrategicMerge : []).some((entry) => typeof entry === 'string' && normalize(entry) === patchPath);
  if (listed) return text;
  const file = parseYamlFile({ text });
  const document = file.documents.find((candidate) => isMap(candidate.yaml.contents));
  const patches = document && isMap(document.yaml.contents) ? document.yaml.contents.get('patches', true) : undefined;
  if (document && (isSeq(patches) || (isScalar(patches) && patches.value === null))) {
    const position = isSeq(patches) ? patches.items.length : 0;
    return editYamlValue({ text, document: document.yaml, path: [{ field: 'patches' }, { index: position }], object: { group: 'kustomize.config.k8s.io', kind: 'Kustomization' }, change: { kind: 'set', value: { path: patchPath } } });
  }
  if (document && isMap(document.yaml.contents) && patches === undefined) {
    return editYamlValue({ text, document: document.yaml, path: [{ field: 'patches' }], object: { group: 'kustomize.config.k8s.io', kind: 'Kustomization' }, change: { kind: 'set', value: [{ path: patchPath }] } });
  }
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${separator}patches:\n- path: ${patchPath}\n`;
}
