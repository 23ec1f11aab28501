import type { ErrorObject } from 'ajv';
import type { RuleFinding, YamlPath } from '../validation/Finding';
import { describePath } from './describePath';
import { describeValue } from './describeValue';
import { isJsonObject } from './JsonSchema';
import { suggestFieldName } from './suggestFieldName';

/**
 * formatSchemaErrors turns ajv's errors (compiled with allErrors and verbose) for one document into
 * findings with kubeconform-like messages, one per problem:
 *   unknown field "replica" in spec (did you mean "replicas"?)      on the key
 *   spec.replicas: expected integer, got string "three"
 *   missing required field "containers" in spec.template.spec        on the key of the object
 *   spec.strategy.type: must be one of "Recreate", "RollingUpdate"
 * The branch errors of a failed anyOf/oneOf collapse into one message for the path, and an enum
 * does not complain about null where the schema allows null (an empty `key:` means unset).
 */
export function formatSchemaErrors(args: { errors: readonly ErrorObject[]; value: unknown }): RuleFinding[] {
  const { errors, value } = args;
  const consumed = new Set<number>();
  const replacements = new Map<number, RuleFinding[]>();
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i];
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') continue;
    const branches: ErrorObject[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const candidate = errors[j];
      if (!candidate.schemaPath.startsWith(`${error.schemaPath}/`) || !isWithin(candidate.instancePath, error.instancePath)) break;
      branches.unshift(candidate);
      consumed.add(j);
      replacements.delete(j);
    }
    replacements.set(i, collapseAlternatives(error, branches, value));
  }
  const findings: RuleFinding[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < errors.length; i++) {
    if (consumed.has(i)) continue;
    for (const finding of replacements.get(i) ?? formatOne(errors[i], value)) {
      const key = `${JSON.stringify(finding.path)}|${finding.target ?? ''}|${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings;
}

function formatOne(error: ErrorObject, value: unknown): RuleFinding[] {
  const path = toYamlPath(error.instancePath, value);
  const where = describePath(path);
  const at = where === '' ? '' : `${where}: `;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = isJsonObject(error.parentSchema) && isJsonObject(error.parentSchema.properties) ? Object.keys(error.parentSchema.properties) : [];
      const suggestion = suggestFieldName(field, known);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      const finding: RuleFinding = { path: [...path, field], target: 'key', message: `unknown field "${field}"${where === '' ? '' : ` in ${where}`}${hint}` };
      // Renaming is the obvious fix, unless the suggested field is already there (a duplicate key).
      const parent = error.data;
      if (suggestion && isJsonObject(parent) && !(suggestion in parent)) {
        finding.fix = { title: `Rename "${field}" to "${suggestion}"`, path: [...path, field], target: 'key', newValue: suggestion };
      }
      return [finding];
    }
    case 'required': {
      const field = String(params.missingProperty);
      return [{ path, ...(typeof path[path.length - 1] === 'string' ? { target: 'key' as const } : {}), message: `missing required field "${field}"${where === '' ? '' : ` in ${where}`}` }];
    }
    case 'type':
      return [{ path, message: `${at}expected ${describeTypes(params.type)}, got ${describeValue(error.data)}` }];
    case 'enum':
    case 'const': {
      if (error.data === null && allowsNull(error.parentSchema)) return [];
      const allowed = (error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]).filter((item) => item !== null);
      const list = allowed.map((item) => JSON.stringify(item)).join(', ');
      return [{ path, message: allowed.length === 1 ? `${at}must be ${list}` : `${at}must be one of ${list}` }];
    }
    case 'pattern':
      return [{ path, message: `${at}${describeValue(error.data)} does not match the pattern ${String(params.pattern)}` }];
    case 'minLength':
    case 'maxLength':
      return [{ path, message: `${at}must be at ${error.keyword === 'minLength' ? 'least' : 'most'} ${String(params.limit)} characters long` }];
    case 'minItems':
    case 'maxItems':
      return [{ path, message: `${at}must have at ${error.keyword === 'minItems' ? 'least' : 'most'} ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` }];
    case 'minProperties':
    case 'maxProperties':
      return [{ path, message: `${at}must have at ${error.keyword === 'minProperties' ? 'least' : 'most'} ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}` }];
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [{ path, message: `${at}must be ${String(params.comparison)} ${String(params.limit)}, got ${describeValue(error.data)}` }];
    case 'multipleOf':
      return [{ path, message: `${at}must be a multiple of ${String(params.multipleOf)}` }];
    case 'uniqueItems':
      return [{ path, message: `${at}items ${String(params.j)} and ${String(params.i)} are identical; items must be unique` }];
    case 'dependencies':
    case 'dependentRequired':
      return [{ path, message: `${at}field "${String(params.missingProperty)}" is required when "${String(params.property)}" is set` }];
    case 'false schema':
      return [{ path, ...(typeof path[path.length - 1] === 'string' ? { target: 'key' as const } : {}), message: `field "${describePath(path)}" is not allowed` }];
    case 'if':
      // The failing then/else branch has already reported what is wrong.
      return [];
    default:
      return [{ path, message: `${at}${error.message ?? `fails ${error.keyword}`}` }];
  }
}

/**
 * collapseAlternatives reports a failed anyOf/oneOf once: as one type message when every branch
 * only wanted another type, as "set exactly one of" for mutually exclusive required fields, and
 * otherwise with the errors of the branch that came closest (fewest errors).
 */
function collapseAlternatives(error: ErrorObject, branches: readonly ErrorObject[], value: unknown): RuleFinding[] {
  const path = toYamlPath(error.instancePath, value);
  const where = describePath(path);
  const at = where === '' ? '' : `${where}: `;
  const alternatives = Array.isArray(error.schema) ? error.schema : [];
  const requiredOnly = alternatives.length > 0 && alternatives.every((branch) => isJsonObject(branch) && Object.keys(branch).length === 1 && Array.isArray(branch.required));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'oneOf' && Array.isArray(params.passingSchemas)) {
    if (requiredOnly) return [{ path, message: `${at}set only one of ${alternatives.flatMap((branch) => (branch as { required: string[] }).required).map((field) => `"${field}"`).join(', ')}` }];
    return [{ path, message: `${at}matches more than one of the allowed forms; it must match exactly one` }];
  }
  if (requiredOnly) {
    const fields = alternatives.flatMap((branch) => (branch as { required: string[] }).required).map((field) => `"${field}"`).join(', ');
    return [{ path, message: `${at}set ${error.keyword === 'oneOf' ? 'exactly' : 'at least'} one of ${fields}` }];
  }
  if (branches.length > 0 && branches.every((branch) => branch.keyword === 'type' && branch.instancePath === error.instancePath)) {
    const types = branches.flatMap((branch) => [(branch.params as { type: string | string[] }).type].flat());
    return [{ path, message: `${at}expected ${describeTypes(types)}, got ${describeValue(error.data)}` }];
  }
  const byBranch = new Map<string, ErrorObject[]>();
  for (const branch of branches) {
    const index = branch.schemaPath.slice(error.schemaPath.length + 1).split('/')[0];
    byBranch.set(index, [...(byBranch.get(index) ?? []), branch]);
  }
  const closest = [...byBranch.values()].sort((a, b) => a.length - b.length)[0];
  if (!closest) return [{ path, message: `${at}does not match any of the allowed forms` }];
  return formatSchemaErrors({ errors: closest, value });
}

function describeTypes(type: unknown): string {
  const types = [...new Set([type].flat().map(String))];
  const shown = types.length > 1 ? types.filter((item) => item !== 'null') : types;
  if (shown.length <= 1) return shown[0] ?? 'nothing';
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

function allowsNull(schema: unknown): boolean {
  return isJsonObject(schema) && [schema.type].flat().includes('null');
}

function isWithin(instancePath: string, parent: string): boolean {
  return instancePath === parent || instancePath.startsWith(`${parent}/`);
}

/** toYamlPath decodes a JSON pointer into keys and indexes, telling indexes by the data they walk. */
function toYamlPath(pointer: string, value: unknown): YamlPath {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = isJsonObject(current) ? current[segment] : undefined;
    }
  }
  return path;
}
