import type { ValidateFunction } from 'ajv';
import { loadWithCodeCache } from '../codeCache/loadWithCodeCache';

/**
 * loadValidatorModule loads one of the build's validator modules (dist/schemas/validators/*.js),
 * which exports a validator per schema file, with a V8 code cache (loadWithCodeCache, group
 * `validators`): the workloads' module is ~0.5 MB of generated code, and parsing it and compiling
 * the functions a run calls took ~0.1–0.2 s of every CLI run.
 */
export function loadValidatorModule(file: string): Readonly<Record<string, ValidateFunction | undefined>> {
  return loadWithCodeCache({ file, group: 'validators' }) as Record<string, ValidateFunction | undefined>;
}
