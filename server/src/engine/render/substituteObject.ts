import * as yaml from 'yaml';
import { asMap, asText, type PlainMap } from '../manifests/plainData';
import { substituteVariables } from './substituteVariables';

/** The label or annotation that turns Flux substitution off for one object. */
export const substituteDisabledKey = 'kustomize.toolkit.fluxcd.io/substitute';

/**
 * substituteObject applies Flux postBuild substitution to one object as kustomize-controller does:
 * skipped when the object is labelled or annotated `kustomize.toolkit.fluxcd.io/substitute:
 * disabled`; otherwise the object is serialised to YAML, substituted as text and read back with
 * YAML 1.1 rules, like Flux's sigs.k8s.io/yaml (`enabled: ${ENABLED}` with "yes" becomes true).
 * Throws SubstitutionError.
 */
export function substituteObject(args: { object: PlainMap; variables: Readonly<Record<string, string>>; strict: boolean }): PlainMap {
  const { object } = args;
  const metadata = asMap(object.metadata);
  if (asText(asMap(metadata?.labels)?.[substituteDisabledKey]) === 'disabled' || asText(asMap(metadata?.annotations)?.[substituteDisabledKey]) === 'disabled') return object;
  const text = yaml.stringify(object, { version: '1.1', lineWidth: 0 });
  if (!text.includes('$')) return object;
  const substituted = substituteVariables({ text, variables: args.variables, strict: args.strict });
  return substituted === text ? object : (asMap(yaml.parse(substituted, { version: '1.1' })) ?? object);
}
