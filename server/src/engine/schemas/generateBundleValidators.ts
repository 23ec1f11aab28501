import standaloneCode from 'ajv/dist/standalone';
import { bundleIndexHash } from './bundleIndexHash';
import { bundleSchemaId } from './bundleSchemaId';
import { createAjv } from './createAjv';
import { hoistLargeSubschemas } from './hoistLargeSubschemas';
import type { JsonSchema } from './JsonSchema';
import type { PrecompiledValidatorsManifest } from './PrecompiledValidatorsManifest';
import type { SchemaBundle } from './SchemaBundle';
import { withoutDescriptions } from './withoutDescriptions';

/** BundleValidatorModule is the code of one bundle schema's validator, an ajv standalone CommonJS module. */
export interface BundleValidatorModule {
  /** The schema's file in the bundle ("apps.v1.Deployment.json"). */
  schemaFile: string;
  /** Exports `validate`, the function ajv would compile from the schema. */
  code: string;
}

/**
 * generateBundleValidators writes, at build time, the validator of every schema of the bundle as
 * ajv standalone code: the same ajv options and schema ids as the registry's compiler, so the
 * functions and their errors are the ones the registry would compile at run time (~0.3 s for the
 * few kinds of a repository, on every CLI run). Each module holds the shared definitions it uses,
 * without descriptions (withoutDescriptions), which no finding reads, and with large inline
 * subschemas made definitions of their own (hoistLargeSubschemas).
 */
export function generateBundleValidators(args: { bundle: SchemaBundle }): { manifest: PrecompiledValidatorsManifest; modules: BundleValidatorModule[] } {
  const { bundle } = args;
  const ajv = createAjv({ source: true });
  ajv.addSchema(asCompiled(bundle.readSchema(bundle.index.definitions)), bundleSchemaId(bundle.index.definitions));
  const schemaFiles = [...new Set([...Object.values(bundle.index.kinds), ...Object.values(bundle.index.fileNames)].map((entry) => entry.file))].sort();
  const modules = schemaFiles.map((schemaFile): BundleValidatorModule => {
    ajv.compile({ ...asCompiled(bundle.readSchema(schemaFile)), $id: bundleSchemaId(schemaFile) });
    return { schemaFile, code: standaloneCode(ajv, { validate: bundleSchemaId(schemaFile) }) };
  });
  const manifest: PrecompiledValidatorsManifest = {
    bundleIndex: bundleIndexHash(bundle.dir),
    modules: Object.fromEntries(schemaFiles.map((schemaFile) => [schemaFile, `${schemaFile.replace(/\.json$/, '')}.js`])),
  };
  return { manifest, modules };
}

/**
 * hoistedSchemaSize is the JSON size from which a subschema gets a function of its own. Measured on
 * the lean benchmark corpus (validating every document in a fresh process, 3 runs each): no
 * hoisting 189–222 ms, 3,000 characters 171–182, 1,000 161–173, 300 129–156, 200 135–173.
 */
const hoistedSchemaSize = 300;

/** asCompiled is a bundle schema as the build compiles it: no descriptions, large subschemas hoisted. */
function asCompiled(schema: JsonSchema): JsonSchema {
  return hoistLargeSubschemas({ schema: withoutDescriptions(schema), maxSize: hoistedSchemaSize, prefix: 'hoisted.' });
}
