import type { default as Ajv, ValidateFunction } from 'ajv';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import type { RuleFinding } from '../validation/Finding';
import { createAjv } from './createAjv';
import { crdToSchemas } from './crdToSchemas';
import { deduplicateSchema } from './deduplicateSchema';
import { dropUncheckableErrors } from './dropUncheckableErrors';
import { formatSchemaErrors } from './formatSchemaErrors';
import { bundleSchemaId } from './bundleSchemaId';
import { isJsonObject, type JsonSchema } from './JsonSchema';
import { loadSchemaBundle } from './loadSchemaBundle';
import { locatePrecompiledValidators } from './locatePrecompiledValidators';
import { locateSchemaBundle } from './locateSchemaBundle';
import { openPrecompiledValidators, type PrecompiledValidators } from './openPrecompiledValidators';
import type { SchemaBundle } from './SchemaBundle';
import type { SchemaLookup, SchemaRegistry, SchemaValidateOptions } from './SchemaRegistry';
import { selfContainedSchema } from './selfContainedSchema';

/** CreateSchemaRegistryOptions says where the schema bundle is. */
export interface CreateSchemaRegistryOptions {
  /** Directory of the bundle's index.json; found by locateSchemaBundle when omitted. */
  bundleDir?: string;
  /**
   * Directory of the bundle's validators generated at build time (generateBundleValidators);
   * found by locatePrecompiledValidators when omitted; false compiles every schema at run time.
   */
  validatorsDir?: string | false;
}

/** defaultCreateSchemaRegistryOptions locates the bundle next to the running program. */
export function defaultCreateSchemaRegistryOptions(): CreateSchemaRegistryOptions {
  return {};
}

/**
 * createSchemaRegistry opens the offline schema bundle (index only; schemas are read and compiled
 * on first use, once per registry) and keeps the workspace's CRDs. Nothing is ever fetched.
 * Throws SchemaBundleMissingError when the bundle cannot be found.
 */
export function createSchemaRegistry(options: CreateSchemaRegistryOptions = defaultCreateSchemaRegistryOptions()): SchemaRegistry {
  const bundleDir = options.bundleDir ?? locateSchemaBundle();
  const validatorsDir = options.validatorsDir === undefined ? locatePrecompiledValidators() : options.validatorsDir;
  const precompiled = validatorsDir === false || validatorsDir === undefined ? undefined : openPrecompiledValidators({ bundleDir, validatorsDir });
  return new BundledSchemaRegistry(loadSchemaBundle(bundleDir), precompiled);
}

const kindUriPrefix = 'gitops-schema://';
const fileUriPrefix = 'gitops-schema://files/';
const crdUriPrefix = 'gitops-schema://workspace-crd/';

/** WorkspaceCrdSchema is one served version of a CRD found in the workspace. */
interface WorkspaceCrdSchema {
  key: string;
  apiVersion: string;
  kind: string;
  schema: JsonSchema;
  /** The schema with repeated subtrees moved to definitions, made on first use (compile, hover). */
  compact?: JsonSchema;
  /** Unique per registration, so yaml-language-server never reuses the text of a replaced CRD. */
  uri: string;
  validator?: ValidateFunction;
}

interface WorkspaceCrdFile {
  /** The CRD documents as JSON, to ignore edits that leave them unchanged. */
  fingerprint: string;
  schemas: WorkspaceCrdSchema[];
}

interface ResolvedSchema {
  lookup: SchemaLookup;
  validator(): ValidateFunction;
}

class BundledSchemaRegistry implements SchemaRegistry {
  generation = 0;
  /** Made on first need: with the build's validators, only workspace CRDs are compiled. */
  private compiler?: Ajv;
  private definitionsAdded = false;
  private readonly bundleValidators = new Map<string, ValidateFunction>();
  private readonly crdFiles = new Map<string, WorkspaceCrdFile>();
  /** The workspace CRD schema in force per "<apiVersion>/<kind>": the first file in path order wins. */
  private activeCrds = new Map<string, WorkspaceCrdSchema>();
  /**
   * What resolveKind found per apiVersion and kind (null: no schema), until the workspace CRDs
   * change; and what a file's name resolves to (a kustomization.yaml), which never changes. Each
   * document is resolved several times per validation (its schema key, the schema rule).
   */
  private resolvedKinds = new Map<string, Map<string, ResolvedSchema | null>>();
  private readonly resolvedFiles = new Map<string, ResolvedSchema | null>();
  /** Per kind name, the uris of the workspace CRD schemas in force for it (for schemaKeyOf). */
  private activeCrdUrisByKind = new Map<string, string>();
  private readonly crdsByUri = new Map<string, WorkspaceCrdSchema>();
  private readonly texts = new Map<string, string>();
  private bundleVersions?: Map<string, string[]>;
  private serial = 0;

  /** The build's validators, when it made them for this bundle: nothing of the bundle is compiled then. */
  constructor(private readonly bundle: SchemaBundle, private readonly precompiled?: PrecompiledValidators) {}

  lookup(apiVersion: string, kind: string): SchemaLookup | undefined {
    return this.resolveKind(apiVersion, kind)?.lookup;
  }

  schemaFor(document: ManifestDocument): SchemaLookup | undefined {
    return this.resolveDocument(document)?.lookup;
  }

  knownApiVersions(kind: string): string[] {
    if (!this.bundleVersions) {
      this.bundleVersions = new Map();
      for (const key of Object.keys(this.bundle.index.kinds)) {
        const slash = key.lastIndexOf('/');
        const name = key.slice(slash + 1);
        this.bundleVersions.set(name, [...(this.bundleVersions.get(name) ?? []), key.slice(0, slash)]);
      }
    }
    const versions = new Set(this.bundleVersions.get(kind) ?? []);
    for (const crd of this.activeCrds.values()) if (crd.kind === kind) versions.add(crd.apiVersion);
    return [...versions].sort();
  }

  validate(document: ManifestDocument, options: SchemaValidateOptions = {}): RuleFinding[] {
    if (document.value === undefined) return [];
    const resolved = this.resolveDocument(document);
    if (!resolved) return [];
    let validator: ValidateFunction;
    try {
      validator = resolved.validator();
    } catch (error) {
      // A workspace CRD may carry a schema ajv cannot compile; say so instead of failing the file.
      const origin = resolved.lookup.origin === 'workspace-crd' ? 'its CustomResourceDefinition' : 'the bundled schema';
      return [{ path: [], severity: 'warning', message: `cannot validate: the schema from ${origin} does not compile (${error instanceof Error ? error.message : String(error)})` }];
    }
    if (validator(document.value)) return [];
    const errors = dropUncheckableErrors({ errors: validator.errors ?? [], value: document.value, partial: options.partial });
    return formatSchemaErrors({ errors, value: document.value });
  }

  schemaKeyOf(document: ManifestDocument): string {
    const uri = this.resolveDocument(document)?.lookup.uri ?? '';
    // The bundle's versions of a kind never change: only the workspace CRDs of the same kind name can.
    const kind = document.identity?.kind;
    return kind === undefined ? uri : `${uri}|${this.activeCrdUrisByKind.get(kind) ?? ''}`;
  }

  schemaText(uri: string): string | undefined {
    const cached = this.texts.get(uri);
    if (cached !== undefined) return cached;
    let schema: JsonSchema | undefined;
    if (uri.startsWith(crdUriPrefix)) {
      const crd = this.crdsByUri.get(uri);
      schema = crd && this.compactCrd(crd);
    } else if (uri.startsWith(fileUriPrefix)) {
      const entry = this.bundle.index.fileNames[uri.slice(fileUriPrefix.length)];
      schema = entry && this.bundle.readSchema(entry.file);
    } else if (uri.startsWith(kindUriPrefix)) {
      const entry = this.bundle.index.kinds[uri.slice(kindUriPrefix.length)];
      schema = entry && this.bundle.readSchema(entry.file);
    }
    if (!schema) return undefined;
    const text = JSON.stringify(selfContainedSchema(schema, this.bundle.definitions()));
    this.texts.set(uri, text);
    return text;
  }

  setWorkspaceCrds(file: string, documents: readonly ManifestDocument[]): void {
    const crds = documents.filter((document) => document.identity?.kind === 'CustomResourceDefinition' && document.identity.group === 'apiextensions.k8s.io');
    const previous = this.crdFiles.get(file);
    if (!previous && crds.length === 0) return;
    const fingerprint = JSON.stringify(crds.map((document) => document.value));
    if (previous?.fingerprint === fingerprint) return;
    for (const old of previous?.schemas ?? []) this.forget(old);
    if (crds.length === 0) {
      this.crdFiles.delete(file);
    } else {
      const objectMeta = { $ref: `${bundleSchemaId(this.bundle.index.definitions)}#/definitions/${this.bundle.index.objectMeta}` };
      const schemas = crds.flatMap((document) => crdToSchemas(document.value, { objectMeta })).map((crd): WorkspaceCrdSchema => {
        const key = `${crd.apiVersion}/${crd.kind}`;
        const uri = `${crdUriPrefix}${key}?v=${++this.serial}`;
        this.crdsByUri.set(uri, { key, apiVersion: crd.apiVersion, kind: crd.kind, schema: crd.schema, uri });
        return this.crdsByUri.get(uri)!;
      });
      this.crdFiles.set(file, { fingerprint, schemas });
    }
    this.activeCrds = new Map();
    for (const name of [...this.crdFiles.keys()].sort()) {
      for (const crd of this.crdFiles.get(name)!.schemas) if (!this.activeCrds.has(crd.key)) this.activeCrds.set(crd.key, crd);
    }
    this.resolvedKinds = new Map();
    this.activeCrdUrisByKind = new Map();
    for (const crd of this.activeCrds.values()) this.activeCrdUrisByKind.set(crd.kind, `${this.activeCrdUrisByKind.get(crd.kind) ?? ''} ${crd.uri}`);
    this.generation++;
  }

  private forget(crd: WorkspaceCrdSchema): void {
    this.crdsByUri.delete(crd.uri);
    this.texts.delete(crd.uri);
    if (crd.validator && crd.compact) this.ajv.removeSchema(crd.compact);
  }

  private resolveDocument(document: ManifestDocument): ResolvedSchema | undefined {
    let byName = this.resolvedFiles.get(document.file);
    if (byName === undefined) {
      byName = this.resolveFileName(baseName(document.file)) ?? null;
      if (this.resolvedFiles.size >= maxRememberedFiles) this.resolvedFiles.clear();
      this.resolvedFiles.set(document.file, byName);
    }
    if (byName) return byName;
    if (document.identity) return this.resolveKind(document.identity.apiVersion, document.identity.kind);
    const base = baseName(document.file);
    const headerless = this.bundle.index.headerless[base];
    if (!headerless || !isJsonObject(document.value)) return undefined;
    // kustomize reads a kustomization file without apiVersion/kind as a v1beta1 Kustomization;
    // with only a kind (Component), the kind picks its kustomize apiVersion.
    const kind = document.value.kind;
    if (typeof kind !== 'string' || headerless.endsWith(`/${kind}`)) return this.resolveKey(headerless);
    const group = headerless.slice(0, headerless.indexOf('/') + 1);
    const sibling = Object.keys(this.bundle.index.kinds).find((key) => key.startsWith(group) && key.endsWith(`/${kind}`));
    return sibling ? this.resolveKey(sibling) : undefined;
  }

  private resolveFileName(base: string): ResolvedSchema | undefined {
    const entry = this.bundle.index.fileNames[base];
    if (!entry) return undefined;
    return { lookup: { uri: `${fileUriPrefix}${base}`, origin: 'bundle' }, validator: () => this.bundleValidator(entry.file) };
  }

  private resolveKind(apiVersion: string, kind: string): ResolvedSchema | undefined {
    let kinds = this.resolvedKinds.get(apiVersion);
    if (!kinds) this.resolvedKinds.set(apiVersion, (kinds = new Map()));
    let resolved = kinds.get(kind);
    if (resolved === undefined) kinds.set(kind, (resolved = this.resolveKey(`${apiVersion}/${kind}`) ?? null));
    return resolved ?? undefined;
  }

  /** resolveKey prefers a workspace CRD over the bundle: the repository's CRD is what its cluster serves. */
  private resolveKey(key: string): ResolvedSchema | undefined {
    const crd = this.activeCrds.get(key);
    if (crd) return { lookup: { uri: crd.uri, origin: 'workspace-crd' }, validator: () => this.crdValidator(crd) };
    const entry = this.bundle.index.kinds[key];
    if (!entry) return undefined;
    return { lookup: { uri: `${kindUriPrefix}${key}`, origin: 'bundle' }, validator: () => this.bundleValidator(entry.file) };
  }

  private bundleValidator(file: string): ValidateFunction {
    let validator = this.bundleValidators.get(file);
    if (!validator) {
      validator = this.precompiled?.(file);
      if (!validator) {
        this.addDefinitions();
        validator = this.ajv.compile({ ...this.bundle.readSchema(file), $id: bundleSchemaId(file) });
      }
      this.bundleValidators.set(file, validator);
    }
    return validator;
  }

  private crdValidator(crd: WorkspaceCrdSchema): ValidateFunction {
    if (!crd.validator) {
      this.addDefinitions();
      crd.validator = this.ajv.compile(this.compactCrd(crd));
    }
    return crd.validator;
  }

  private get ajv(): Ajv {
    this.compiler ??= createAjv();
    return this.compiler;
  }

  private compactCrd(crd: WorkspaceCrdSchema): JsonSchema {
    crd.compact ??= deduplicateSchema(crd.schema);
    return crd.compact;
  }

  private addDefinitions(): void {
    if (this.definitionsAdded) return;
    this.ajv.addSchema(this.bundle.readSchema(this.bundle.index.definitions), bundleSchemaId(this.bundle.index.definitions));
    this.definitionsAdded = true;
  }
}

/** Files whose name resolution is remembered at most: a bound for long editor sessions. */
const maxRememberedFiles = 100_000;

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
