import { badRequest } from './errors';
import type { KubeObject } from './store';

/** Label selectors (=, ==, !=, in, notin, exists, !exists, gt, lt) and field selectors. */

type Requirement =
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: '=' | '!=' | 'gt' | 'lt'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] };

export type LabelSelector = Requirement[];

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text) return [];
  return splitTopLevel(text).map((part): Requirement => {
    let match = /^!\s*([A-Za-z0-9._\/-]+)$/.exec(part);
    if (match) return { key: match[1], op: '!' };
    match = /^([A-Za-z0-9._\/-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (match) return { key: match[1], op: match[2] as 'in' | 'notin', values: match[3].split(',').map((value) => value.trim()).filter((value) => value !== '') };
    match = /^([A-Za-z0-9._\/-]+)\s*(==|!=|=|>|<)\s*([A-Za-z0-9._-]*)$/.exec(part);
    if (match) {
      const op = match[2] === '==' ? '=' : match[2] === '>' ? 'gt' : match[2] === '<' ? 'lt' : (match[2] as '=' | '!=');
      return { key: match[1], op, value: match[3] };
    }
    match = /^([A-Za-z0-9._\/-]+)$/.exec(part);
    if (match) return { key: match[1], op: 'exists' };
    throw badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
  });
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  return selector.every((requirement) => {
    const present = Object.prototype.hasOwnProperty.call(have, requirement.key);
    const value = have[requirement.key];
    switch (requirement.op) {
      case 'exists':
        return present;
      case '!':
        return !present;
      case '=':
        return present && value === requirement.value;
      case '!=':
        return !present || value !== requirement.value;
      case 'in':
        return present && requirement.values.includes(value);
      case 'notin':
        return !present || !requirement.values.includes(value);
      case 'gt':
        return present && Number(value) > Number(requirement.value);
      case 'lt':
        return present && Number(value) < Number(requirement.value);
    }
  });
}

/** matchLabelsToSelector renders `{matchLabels, matchExpressions}` as the string form (`app=web,tier in (a,b)`). */
export function labelSelectorToString(selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  if (!selector) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) parts.push(`${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = [...(expression.values ?? [])].sort().join(',');
    if (expression.operator === 'In') parts.push(`${expression.key} in (${values})`);
    else if (expression.operator === 'NotIn') parts.push(`${expression.key} notin (${values})`);
    else if (expression.operator === 'Exists') parts.push(expression.key);
    else if (expression.operator === 'DoesNotExist') parts.push(`!${expression.key}`);
  }
  return parts.join(',');
}

type FieldRequirement = { path: string; negate: boolean; value: string };
export type FieldSelector = FieldRequirement[];

const extraFields: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  secrets: ['type'],
  namespaces: ['status.phase'],
  events: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
};

export function parseFieldSelector(text: string | null | undefined, resource: string): FieldSelector {
  if (!text) return [];
  return text.split(',').map((part) => part.trim()).filter((part) => part !== '').map((part) => {
    const match = /^([A-Za-z0-9._]+)\s*(==|!=|=)\s*(.*)$/.exec(part);
    if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const allowed = ['metadata.name', 'metadata.namespace', ...(extraFields[resource] ?? [])];
    if (!allowed.includes(match[1])) throw badRequest(`field label not supported: ${match[1]}`);
    return { path: match[1], negate: match[2] === '!=', value: match[3] };
  });
}

export function matchesFields(selector: FieldSelector, object: KubeObject): boolean {
  return selector.every((requirement) => {
    let value: unknown = object;
    for (const segment of requirement.path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    const text = value === undefined || value === null ? '' : String(value);
    return requirement.negate ? text !== requirement.value : text === requirement.value;
  });
}
