import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleIndexHash } from './bundleIndexHash';
import { loadValidatorModule } from './loadValidatorModule';
import type { PrecompiledValidatorsManifest } from './PrecompiledValidatorsManifest';

/** PrecompiledValidators gives the build's validator of a bundle schema file; undefined when it has none. */
export type PrecompiledValidators = (schemaFile: string) => ValidateFunction | undefined;

/**
 * openPrecompiledValidators opens a directory of validators generated at build time
 * (generateBundleValidators) for the bundle in `bundleDir`. Undefined when the directory is
 * missing or was made from another bundle: the registry then compiles the schemas itself.
 * Modules are loaded on first use, each once (loadValidatorModule): the workload kinds share one.
 */
export function openPrecompiledValidators(args: { bundleDir: string; validatorsDir: string }): PrecompiledValidators | undefined {
  const manifestFile = path.join(args.validatorsDir, 'manifest.json');
  let manifest: PrecompiledValidatorsManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PrecompiledValidatorsManifest;
    if (manifest.bundleIndex !== bundleIndexHash(args.bundleDir)) return undefined;
  } catch {
    return undefined;
  }
  const loaded = new Map<string, Readonly<Record<string, ValidateFunction | undefined>> | undefined>();
  return (schemaFile) => {
    const module = Object.hasOwn(manifest.modules, schemaFile) ? manifest.modules[schemaFile] : undefined;
    if (module === undefined) return undefined;
    if (!loaded.has(module)) {
      try {
        loaded.set(module, loadValidatorModule(path.join(args.validatorsDir, module)));
      } catch {
        loaded.set(module, undefined);
      }
    }
    const exported = loaded.get(module);
    return exported && Object.hasOwn(exported, schemaFile) ? exported[schemaFile] : undefined;
  };
}
