import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import type { FieldDrift, ResourceDrift } from '../drift/Drift';
import type { FieldPath } from '../drift/FieldPath';
import { discoverEnvironments } from '../environments/discoverEnvironments';
import type { Environment } from '../environments/Environment';
import { createManifestIndex } from '../environments/ManifestIndex';
import type { EnvironmentInspection } from '../inspect/EnvironmentInspection';
import { isKustomizationFile } from '../manifests/readKustomization';
import { addPatchToKustomization } from './addPatchToKustomization';
import type { AdoptionEdit, AdoptionPlan } from './AdoptionPlan';
import { buildDriftPatch } from './buildDriftPatch';
import { editYamlValue, type ValueChange } from './editYamlValue';
import { AdoptionRefusedError } from './errors/AdoptionRefusedError';
import { findObjectDocument } from './findObjectDocument';
import { findOverlayPatch } from './findOverlayPatch';
import { environmentsSharing, findOwnOverlay, overlayRelative, type OwnOverlay } from './findOwnOverlay';
import { findPlainValue } from './findPlainValue';
import type { ObjectKind } from './matchesListKey';
import { mergePatchText } from './mergePatchText';
import { minimalTextEdit } from './minimalTextEdit';
import { groupOf, sameObject, type ObjectRef } from './ObjectRef';
import { parseFieldPath } from './parseFieldPath';
import { parseYamlFile, type YamlFileDocument } from './parseYamlFile';
import { planSubstitutionAdoption } from './planSubstitutionAdoption';
import { planTransformerAdoption } from './planTransformerAdoption';
import { secretRefusal } from './secretRefusal';

/** ReadRepositoryFile reads a repository-relative file; undefined when it does not exist. */
export type ReadRepositoryFile = (file: string) => string | undefined;

/** readFromDisk reads repository files from the work tree. */
export function readFromDisk(root: string): ReadRepositoryFile {
  return (file) => {
    try {
      return fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
}

function describe(object: ObjectRef): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * planAdoption plans the edits that put one drifted field's live value into Git, for one
 * environment, without writing anything:
 * - where the environment's own overlay kustomization sets the field with a transformer kustomize
 *   applies after patches (`images:`, `replicas:`), that entry is changed;
 * - where a patch file of that overlay sets the field, the patch is edited in place;
 * - where the declaration is a Flux postBuild variable (`${replicas:=1}`), the variable is set where
 *   the environment's Flux Kustomization takes it from (postBuild.substitute, a substituteFrom ConfigMap);
 * - where the object's declaration is only the environment's (no other environment takes the file
 *   in) and says what the environment renders, the declaration is edited in place, comments and
 *   formatting kept (list items by merge key; a missing field inserted, a field gone live removed);
 * - otherwise (a shared kustomize base, or a value something changes on the way), a strategic-merge
 *   patch `<overlay>/drift-patches/<kind>-<name>.yaml` is written (or extended) in the environment's
 *   own overlay and listed in its kustomization's `patches:`, so other environments are untouched.
 * Refuses (AdoptionRefusedError) Secret values (masked), objects Git does not declare or that come
 * from Helm charts or kustomize generators, objects without origin, fields that no longer drift, and
 * shared declarations the environment has no overlay of its own for. `readFile` may serve unsaved
 * editor text; `environments` default to discovery's.
 */
export function planAdoption(args: {
  root: string;
  inspection: EnvironmentInspection;
  object: ObjectRef;
  /** The drifted field, as FieldDrift writes it (`spec.template.spec.containers[name=api].image`). */
  path: string;
  environments?: readonly Environment[];
  readFile?: ReadRepositoryFile;
}): AdoptionPlan {
  const { root, inspection } = args;
  const environment = inspection.environment;
  const readFile = args.readFile ?? readFromDisk(root);
  const resource = inspection.drift.find((candidate) => sameObject(candidate, args.object));
  if (!resource) throw new AdoptionRefusedError(`${describe(args.object)} is not an object of environment ${environment.name}`);
  const field = checkAdoptable({ resource, path: args.path, environment: environment.name });
  const object: ObjectKind = { group: groupOf(resource.apiVersion), kind: resource.kind };
  const origin = resource.origin!;
  const rendered = inspection.desired.find((candidate) => sameObject({ ...candidate.identity }, resource));
  if (rendered?.producedBy.startsWith('helm ')) {
    throw new AdoptionRefusedError(`${describe(resource)} comes from a Helm chart (${rendered.producedBy}): change the chart's values for ${args.path} instead; adopting into a rendered template is not possible`);
  }
  if (isInsideChart(origin.file, readFile)) throw new AdoptionRefusedError(`${describe(resource)} comes from the Helm chart template ${origin.file}: change the chart's values for ${args.path} instead`);
  const originText = readFile(origin.file);
  if (originText === undefined) throw new AdoptionRefusedError(`${origin.file}, where ${describe(resource)} is declared, is not in the work tree`);
  const originFile = parseYamlFile({ text: originText });
  const declaration = findObjectDocument({ file: originFile, object: resource, originLine: origin.line });
  if (!declaration && originFile.documents.some((document) => document.yaml.errors.length > 0)) {
    throw new AdoptionRefusedError(`${origin.file} has YAML errors: fix them, then adopt again`);
  }
  if (!declaration) {
    throw new AdoptionRefusedError(
      isKustomizationFile(origin.file)
        ? `${describe(resource)} is generated by a kustomize generator in ${origin.file}: change the generator's sources (files, literals, env files) for ${args.path} instead`
        : `no document of ${origin.file} declares ${describe(resource)} (it is generated); adopt it by hand`,
    );
  }
  let path: FieldPath;
  try {
    path = parseFieldPath(args.path);
  } catch (error) {
    throw new AdoptionRefusedError(error instanceof Error ? error.message : String(error));
  }
  const change: ValueChange = 'live' in field ? { kind: 'set', value: field.live } : { kind: 'remove' };
  const environments = args.environments ?? discoverEnvironments({ root }).environments;
  const index = createManifestIndex({ root });
  const sharedWith = environmentsSharing({ file: origin.file, environment: environment.name, environments });
  const overlay = findOwnOverlay({ index, environment, environments, originFile: origin.file });
  const declaredName = declaration.identity?.name ?? resource.name;
  const names = [...new Set([declaredName, resource.name])];
  const declared = findPlainValue({ value: declaration.value, path, object });
  const shown = change.kind === 'set' ? `live value (${showValue(change.value)})` : 'removal (the field is gone live)';

  if (overlay) {
    const kustomizationText = readFile(overlay.kustomizationFile) ?? '';
    const transformer = planTransformerAdoption({ kustomizationText, path, field, names, ...(declared.found ? { declaredValue: declared.value } : {}) });
    if (transformer) {
      return plan('overlay-transformer', [fileEdit(overlay.kustomizationFile, kustomizationText, transformer.text)], `${args.path} of ${describe(resource)} is set by the ${transformer.summary.split(':')[0]} transformer of ${overlay.kustomizationFile}; adopted the ${shown} there (${transformer.summary})`);
    }
    if (change.kind === 'set') {
      const patch = findOverlayPatch({ kustomization: parseYamlFile({ text: kustomizationText }).documents[0]?.value, directory: overlay.directory, object, names, path, readFile });
      if (patch && isDeepStrictEqual(patch.value, field.desired) && environmentsSharing({ file: patch.file, environment: environment.name, environments }).length === 0) {
        const text = editYamlValue({ text: patch.text, document: patch.document.yaml, path, object, change });
        return plan('overlay-patch', [fileEdit(patch.file, patch.text, text)], `${args.path} of ${describe(resource)} is set by ${environment.name}'s patch ${patch.file}; adopted the ${shown} there`);
      }
    }
  }

  const declaresDesired = 'desired' in field ? declared.found && isDeepStrictEqual(declared.value, field.desired) : !declared.found;
  if (!declaresDesired && declared.found && typeof declared.value === 'string' && declared.value.includes('${')) {
    const variable = planSubstitutionAdoption({ index, environment, environments, originFile: origin.file, declared: declared.value, live: field.live, readFile });
    if (variable) {
      return plan('flux-variable', [fileEdit(variable.file, variable.before, variable.after)], `${args.path} of ${describe(resource)} is ${String(declared.value)} in ${origin.file}; set the Flux variable ${variable.variable} to the ${shown} in ${variable.where} (${variable.file})`);
    }
  }
  if (sharedWith.length === 0 && declaresDesired) {
    const text = editYamlValue({ text: originText, document: declaration.yaml, path, object, change });
    return plan('in-place', [fileEdit(origin.file, originText, text)], `Adopted the ${shown} of ${args.path} into ${origin.file}`);
  }
  if (!overlay) {
    throw new AdoptionRefusedError(
      sharedWith.length > 0
        ? `${args.path} comes from ${origin.file}, which ${environment.name} shares with ${listNames(sharedWith)}, and ${environment.name} has no kustomize overlay of its own to write a patch in; changing the file would change ${listNames(sharedWith)} too`
        : `${origin.file} says ${declared.found ? showValue(declared.value) : 'nothing'} for ${args.path} but ${environment.name} renders ${showValue(field.desired)}: something on the way (a patch, a transformer, a substitution) changes it, and ${environment.name} has no kustomize overlay of its own to write a patch in`,
    );
  }
  return planDriftPatch({ overlay, readFile, resource, declaration, declaredName, renderedObject: rendered?.object ?? {}, path, change, object, field, sharedWith, environment: environment.name, originFile: origin.file, shown });
}

/** checkAdoptable finds the field among the object's drift, or says why it cannot be adopted. */
function checkAdoptable(args: { resource: ResourceDrift; path: string; environment: string }): FieldDrift {
  const { resource } = args;
  if (resource.status === 'extra') throw new AdoptionRefusedError(`${describe(resource)} is not in Git (only in the cluster): there is no declaration to adopt a value into`);
  if (resource.status === 'missing') throw new AdoptionRefusedError(`${describe(resource)} is missing in the cluster: there is no live value to adopt`);
  if (resource.status === 'unknown') throw new AdoptionRefusedError(`the live state of ${describe(resource)} is unknown${resource.reason ? ` (${resource.reason})` : ''}: there is no live value to adopt`);
  const field = resource.fields.find((candidate) => candidate.path === args.path);
  if (!field) throw new AdoptionRefusedError(`${args.path} of ${describe(resource)} does not drift in ${args.environment} (any more): refresh the environment`);
  const secret = secretRefusal({ object: resource, field });
  if (secret) throw new AdoptionRefusedError(secret);
  if (!resource.origin) throw new AdoptionRefusedError(`where Git declares ${describe(resource)} is not known, so its live value cannot be adopted`);
  return field;
}

function planDriftPatch(args: {
  overlay: OwnOverlay;
  readFile: (file: string) => string | undefined;
  resource: ResourceDrift;
  declaration: YamlFileDocument;
  declaredName: string;
  renderedObject: Record<string, unknown>;
  path: FieldPath;
  change: ValueChange;
  object: ObjectKind;
  field: FieldDrift;
  sharedWith: string[];
  environment: string;
  originFile: string;
  shown: string;
}): AdoptionPlan {
  const { overlay, resource, declaration } = args;
  const target = {
    apiVersion: declaration.identity?.apiVersion ?? resource.apiVersion,
    kind: resource.kind,
    name: args.declaredName,
    ...(declaration.identity?.namespace ? { namespace: declaration.identity.namespace } : {}),
  };
  const patch = buildDriftPatch({ target, rendered: args.renderedObject, path: args.path, change: args.change, object: args.object });
  const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  const directory = overlay.directory === '.' ? '' : `${overlay.directory}/`;
  let patchFile = `${directory}drift-patches/${slug(resource.kind)}-${slug(args.declaredName)}.yaml`;
  let existing = args.readFile(patchFile);
  if (existing !== undefined && !patchNames(existing, target)) {
    patchFile = `${directory}drift-patches/${slug(resource.kind)}-${slug(target.namespace ?? 'default')}-${slug(args.declaredName)}.yaml`;
    existing = args.readFile(patchFile);
  }
  const edits: AdoptionEdit[] = [];
  if (existing === undefined) {
    const header = `# Live values of ${describe(resource)} adopted into Git for ${args.environment} by GitOps Workbench.\n# ${
      args.sharedWith.length > 0 ? `${args.originFile} is shared with ${listNames(args.sharedWith)}: this patch changes ${args.environment} only.` : `${args.originFile} is changed on the way to ${args.environment}: this patch comes last.`
    }\n`;
    edits.push({ file: patchFile, create: true, newText: header + stringify(patch, { version: '1.1', lineWidth: 0 }) });
  } else {
    edits.push(fileEdit(patchFile, existing, mergePatchText({ text: existing, patch, object: args.object })));
  }
  const kustomizationText = args.readFile(overlay.kustomizationFile) ?? '';
  const listed = addPatchToKustomization({ text: kustomizationText, patchPath: overlayRelative(overlay, patchFile) });
  if (listed !== kustomizationText) edits.push(fileEdit(overlay.kustomizationFile, kustomizationText, listed));
  const base = path.posix.dirname(args.originFile);
  const message =
    args.sharedWith.length > 0
      ? `The field comes from the shared base ${base}; wrote a patch in ${overlay.directory} (${patchFile}) so ${listNames(args.sharedWith)} ${args.sharedWith.length === 1 ? 'is' : 'are'} untouched`
      : `${args.originFile} does not say what ${args.environment} renders for ${args.field.path}; wrote the ${args.shown} as a patch in ${overlay.directory} (${patchFile})`;
  return plan('drift-patch', edits, message);
}

function patchNames(text: string, target: { kind: string; name: string; namespace?: string }): boolean {
  const identity = parseYamlFile({ text }).documents[0]?.identity;
  return identity !== undefined && identity.kind === target.kind && identity.name === target.name && (identity.namespace ?? '') === (target.namespace ?? '');
}

function fileEdit(file: string, before: string, after: string): AdoptionEdit {
  const edit = minimalTextEdit({ before, after });
  if (!edit) throw new AdoptionRefusedError(`${file} already says this; nothing to change (refresh the environment)`);
  return { file, range: edit.range, newText: edit.newText };
}

function plan(strategy: AdoptionPlan['strategy'], edits: AdoptionEdit[], message: string): AdoptionPlan {
  return { strategy, edits, message: message.endsWith('.') ? message : `${message}.`, files: [...new Set(edits.map((edit) => edit.file))] };
}

/** isInsideChart says whether a repository file lies in a Helm chart directory (a Chart.yaml above it). */
function isInsideChart(file: string, readFile: ReadRepositoryFile): boolean {
  let directory = path.posix.dirname(file);
  while (directory !== '.' && directory !== '/' && directory !== '') {
    if (readFile(`${directory}/Chart.yaml`) !== undefined) return true;
    directory = path.posix.dirname(directory);
  }
  return false;
}
