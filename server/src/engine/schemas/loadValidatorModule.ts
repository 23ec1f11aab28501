import type { ValidateFunction } from 'ajv';
import { loadWithCodeCache } from '../codeCache/loadWithCodeCache';

/**
 * loadValidatorModule loads one of the build's validator modules (dist/schemas/validators/*.js)
 * with a V8 code cache (loadWithCodeCache, group `validators`): a workload's module is ~0.5 MB of
 * generated code, and parsing it and compiling the functions a run calls took ~0.1–0.2 s of every
 * CLI run.
 */
export function loadValidatorModule(file: string): { validate: ValidateFunction } {
  return loadWithCodeCache({ file, group: 'validators' }) as { validate: ValidateFunction };
}
