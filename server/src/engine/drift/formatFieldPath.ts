import type { FieldPath } from './FieldPath';

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const bareValue = /^[A-Za-z0-9_./:@%+-]+$/;

/** formatKeyValue writes a merge-key or set value: bare when that cannot be misread, else as JSON. */
function formatKeyValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') {
    const looksTyped = value === 'true' || value === 'false' || value === 'null' || value === '' || !Number.isNaN(Number(value));
    return !looksTyped && bareValue.test(value) ? value : JSON.stringify(value);
  }
  return JSON.stringify(value);
}

/**
 * formatFieldPath writes a path the way FieldDrift shows it: `spec.template.spec.containers[name=api].image`,
 * `spec.ports[port=80,protocol=TCP].targetPort`, `metadata.labels["app.kubernetes.io/name"]`, `spec.args[0]`,
 * `metadata.finalizers[=example.com/cleanup]`.
 */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if ('field' in segment) {
      if (identifier.test(segment.field)) text += text === '' ? segment.field : `.${segment.field}`;
      else text += `[${JSON.stringify(segment.field)}]`;
    } else if ('key' in segment) {
      text += `[${Object.entries(segment.key).map(([name, value]) => `${name}=${formatKeyValue(value)}`).join(',')}]`;
    } else if ('value' in segment) {
      text += `[=${formatKeyValue(segment.value)}]`;
    } else {
      text += `[${segment.index}]`;
    }
  }
  return text;
}
