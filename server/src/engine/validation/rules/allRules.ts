import type { Rule } from '../Rule';
import { apiDeprecated } from './apiDeprecated';
import { apiRemoved } from './apiRemoved';
import { argoPathMissing } from './argoPathMissing';
import { duplicateResource } from './duplicateResource';
import { fluxDependencyCycle } from './fluxDependencyCycle';
import { fluxPathMissing } from './fluxPathMissing';
import { fluxSourceMissing } from './fluxSourceMissing';
import { imageLatest } from './imageLatest';
import { kustomizeRefMissing } from './kustomizeRefMissing';
import { refMissing } from './refMissing';
import { resourcesMissing } from './resourcesMissing';
import { secretPlaintext } from './secretPlaintext';

/**
 * gitopsRules are the GitOps rules (everything but yaml-syntax and schema).
 *
 * Environment rules run once per ValidationScope, and a file can belong to several scopes (a base
 * shared by overlays). Their findings are deterministic per (document, path, message): the same
 * problem seen from two scopes yields identical findings, and the consumer must dedupe findings
 * that are identical in file, range, rule and message (the pipeline does). Findings that name their
 * environment (ref-missing) differ per scope on purpose.
 */
export const gitopsRules: Rule[] = [
  imageLatest,
  resourcesMissing,
  secretPlaintext,
  apiDeprecated,
  apiRemoved,
  duplicateResource,
  refMissing,
  kustomizeRefMissing,
  fluxPathMissing,
  fluxSourceMissing,
  fluxDependencyCycle,
  argoPathMissing,
];
