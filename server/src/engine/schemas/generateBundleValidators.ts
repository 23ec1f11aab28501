import standaloneCode from 'ajv/dist/standalone';
import { bundleIndexHash } from './bundleIndexHash';
import { bundleSchemaId } from './bundleSchemaId';
import { createAjv } from './createAjv';
import { hoistLargeSubschemas } from './hoistLargeSubschemas';
import { isJsonObject, type JsonSchema } from './JsonSchema';
import type { PrecompiledValidatorsManifest } from './PrecompiledValidatorsManifest';
import type { SchemaBundle } from './SchemaBundle';
import { withoutDescriptions } from './withoutDescriptions';

/** BundleValidatorModule is the code of one module of the build's validators, an ajv standalone CommonJS module. */
export interface BundleValidatorModule {
  /** The module's file name in the validators directory ("apps.v1.Deployment.js", "workloads.js"). */
  file: string;
  /** The schema files of the bundle it validates ("apps.v1.Deployment.json"). */
  schemaFiles: string[];
  /** Exports, under each schema file's name, the function ajv would compile from that schema. */
  code: string;
}

/** The module of the kinds with a pod template: they share the PodSpec's functions. */
const workloadsModule = 'workloads.js';

/**
 * generateBundleValidators writes, at build time, the validator of every schema of the bundle as
 * ajv standalone code: the same ajv options and schema ids as the registry's compiler, so the
 * functions and their errors are the ones the registry would compile at run time (~0.3 s for the
 * few kinds of a repository, on every CLI run). Each module holds the shared definitions it uses,
 * without descriptions (withoutDescriptions), which no finding reads, and with large inline
 * subschemas made definitions of their own (hoistLargeSubschemas). One module per schema, but for
 * the kinds that reach the PodSpec (Deployment, StatefulSet, CronJob, Pod…): they share one
 * module, so that a repository with several workload kinds loads and warms up the PodSpec's
 * functions once.
 */
export function generateBundleValidators(args: { bundle: SchemaBundle }): { manifest: PrecompiledValidatorsManifest; modules: BundleValidatorModule[] } {
  const { bundle } = args;
  const ajv = createAjv({ source: true });
  const definitions = bundle.readSchema(bundle.index.definitions);
  ajv.addSchema(asCompiled(definitions), bundleSchemaId(bundle.index.definitions));
  const schemaFiles = [...new Set([...Object.values(bundle.index.kinds), ...Object.values(bundle.index.fileNames)].map((entry) => entry.file))].sort();
  const reachesPodSpec = definitionsReaching({ definitions, target: 'PodSpec' });
  const moduleOf = new Map<string, string>();
  const grouped = new Map<string, string[]>();
  for (const schemaFile of schemaFiles) {
    const schema = bundle.readSchema(schemaFile);
    ajv.compile({ ...asCompiled(schema), $id: bundleSchemaId(schemaFile) });
    const file = referencedDefinitions(schema, `${bundle.index.definitions}#/definitions/`).some((name) => reachesPodSpec.has(name)) ? workloadsModule : `${schemaFile.replace(/\.json$/, '')}.js`;
    moduleOf.set(schemaFile, file);
    grouped.set(file, [...(grouped.get(file) ?? []), schemaFile]);
  }
  const modules = [...grouped].map(([file, members]): BundleValidatorModule => ({
    file,
    schemaFiles: members,
    code: standaloneCode(ajv, Object.fromEntries(members.map((schemaFile) => [schemaFile, bundleSchemaId(schemaFile)]))),
  }));
  const manifest: PrecompiledValidatorsManifest = { bundleIndex: bundleIndexHash(bundle.dir), modules: Object.fromEntries(moduleOf) };
  return { manifest, modules };
}

/** definitionsReaching is every definition of the bundle's definitions file that refers to `target`, itself or through others, `target` included. */
function definitionsReaching(args: { definitions: JsonSchema; target: string }): Set<string> {
  const bodies = isJsonObject(args.definitions.definitions) ? args.definitions.definitions : {};
  const reaching = new Set([args.target]);
  const refersTo = new Map(Object.entries(bodies).map(([name, body]) => [name, referencedDefinitions(body, '#/definitions/')]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, references] of refersTo) {
      if (reaching.has(name) || !references.some((reference) => reaching.has(reference))) continue;
      reaching.add(name);
      grew = true;
    }
  }
  return reaching;
}

/** referencedDefinitions lists the definition names of the `$ref`s in a schema that start with `prefix`. */
function referencedDefinitions(schema: unknown, prefix: string): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isJsonObject(node)) {
      for (const [keyword, value] of Object.entries(node)) {
        if (keyword === '$ref' && typeof value === 'string' && value.startsWith(prefix)) names.push(value.slice(prefix.length));
        else visit(value);
      }
    }
  };
  visit(schema);
  return names;
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
