import { collectEnvironmentInputs } from '../environments/collectEnvironmentInputs';
import type { Environment, FluxKustomization } from '../environments/Environment';
import { findSubstitutionSources } from '../environments/findSubstitutionSources';
import type { ManifestIndex } from '../environments/ManifestIndex';
import { asMap } from '../manifests/plainData';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { editYamlValue } from './editYamlValue';
import { AdoptionRefusedError } from './errors/AdoptionRefusedError';
import { coversPath, environmentsSharing } from './findOwnOverlay';
import { parseYamlFile } from './parseYamlFile';

/** SubstitutionAdoption is a file's new text with a Flux substitution variable set, and where. */
export interface SubstitutionAdoption {
  /** Repository-relative file. */
  file: string;
  before: string;
  after: string;
  variable: string;
  /** "postBuild.substitute of Kustomization flux-system/apps", "ConfigMap flux-system/cluster-vars". */
  where: string;
}

const wholeVariable = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=][^}]*)?\}$/;

/**
 * planSubstitutionAdoption adopts a live value whose declaration is a Flux postBuild variable
 * (`replicas: ${replicas:=1}`) where the environment sets that variable: in `postBuild.substitute`
 * of the environment's Flux Kustomization that builds the file (which wins over substituteFrom), else
 * in the last `substituteFrom` ConfigMap of this repository that defines it, else added to
 * `postBuild.substitute` (the default was used). Undefined when the declared value is not a
 * variable; refuses a variable inside a longer text, a Secret source, and a source other
 * environments share.
 */
export function planSubstitutionAdoption(args: {
  index: ManifestIndex;
  environment: Environment;
  environments: readonly Environment[];
  originFile: string;
  declared: string;
  live: unknown;
  readFile: (file: string) => string | undefined;
}): SubstitutionAdoption | undefined {
  const { index, environment } = args;
  if (!args.declared.includes('${')) return undefined;
  const match = wholeVariable.exec(args.declared);
  if (!match || (typeof args.live !== 'string' && typeof args.live !== 'number' && typeof args.live !== 'boolean')) {
    throw new AdoptionRefusedError(`Git writes the value as "${args.declared}": it is made by Flux postBuild substitution, and the live value cannot be mapped back to the variables; change them by hand`);
  }
  const variable = match[1];
  const value = String(args.live);
  const kustomization = (environment.flux?.kustomizations ?? []).find(
    (candidate) => candidate.postBuild !== undefined && candidate.sourceRef.inThisRepository && coversPath(collectEnvironmentInputs({ index, paths: [candidate.path] }), args.originFile),
  );
  if (!kustomization) return undefined;
  const unshared = (file: string): void => {
    const others = environmentsSharing({ file, environment: environment.name, environments: args.environments });
    if (others.length > 0) throw new AdoptionRefusedError(`the variable ${variable} is set in ${file}, which ${environment.name} shares with ${others.join(', ')}; change it by hand`);
  };
  const inKustomization = (): SubstitutionAdoption => {
    unshared(kustomization.file);
    const before = args.readFile(kustomization.file);
    const document = before === undefined ? undefined : parseYamlFile({ text: before }).documents.find((candidate) => candidate.identity?.group === 'kustomize.toolkit.fluxcd.io' && candidate.identity.kind === 'Kustomization' && candidate.identity.name === kustomization.name);
    if (before === undefined || !document) throw new AdoptionRefusedError(`the Flux Kustomization ${kustomization.name} is not in ${kustomization.file} any more; refresh`);
    const after = editYamlValue({ text: before, document: document.yaml, path: [{ field: 'spec' }, { field: 'postBuild' }, { field: 'substitute' }, { field: variable }], object: { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' }, change: { kind: 'set', value } });
    return { file: kustomization.file, before, after, variable, where: `postBuild.substitute of Kustomization ${describe(kustomization)}` };
  };
  if (kustomization.postBuild?.substitute && variable in kustomization.postBuild.substitute) return inKustomization();
  const sources = findSubstitutionSources({ index, kustomization }).reverse();
  const defines = (value: unknown): boolean => asMap(asMap(value)?.data)?.[variable] !== undefined || asMap(asMap(value)?.stringData)?.[variable] !== undefined;
  const source = sources.find((candidate) => defines(candidate.document?.value));
  if (source?.kind === 'Secret') throw new AdoptionRefusedError(`the variable ${variable} comes from Secret ${source.name}: Secret values are not adopted into Git`);
  if (source?.document) {
    const file = repoRelativePath(index.root, source.document.file);
    unshared(file);
    const before = args.readFile(file);
    const document = before === undefined ? undefined : parseYamlFile({ text: before }).documents.find((candidate) => candidate.identity?.kind === 'ConfigMap' && candidate.identity.name === source.name);
    if (before === undefined || !document) throw new AdoptionRefusedError(`ConfigMap ${source.name} is not in ${file} any more; refresh`);
    const after = editYamlValue({ text: before, document: document.yaml, path: [{ field: 'data' }, { field: variable }], object: { group: '', kind: 'ConfigMap' }, change: { kind: 'set', value } });
    return { file, before, after, variable, where: `ConfigMap ${source.name}` };
  }
  return inKustomization();
}

function describe(kustomization: FluxKustomization): string {
  return `${kustomization.namespace ? `${kustomization.namespace}/` : ''}${kustomization.name}`;
}
