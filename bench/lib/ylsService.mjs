// yaml-language-server's language service (the library, as VS Code's YAML extension runs it) with
// the project's schemas, served offline from the project's SchemaRegistry (`lookup` + `schemaText`,
// the self-contained schema texts the server gives yaml-language-server for hover and completion).
// Nothing is fetched: the request service only answers the registry's URIs.
import { requireProject } from './project.mjs';

const { getLanguageService } = requireProject('yaml-language-server');
const { TextDocument } = requireProject('vscode-languageserver-textdocument');

const requestScheme = 'gitops-bench';

/**
 * encodeRequest wraps a registry URI (base64url) so that nothing yaml-language-server does to URIs
 * (normalising ids, decodeURIComponent on `$ref`s) can alter it.
 */
const encodeRequest = (registryUri) => `${requestScheme}://schema/${Buffer.from(registryUri).toString('base64url')}`;
const decodeRequest = (uri) => {
  const match = /^gitops-bench:\/\/schema\/([A-Za-z0-9_-]+)/.exec(uri);
  return match ? Buffer.from(match[1], 'base64url').toString() : undefined;
};

/** schemaUriOf reads apiVersion and kind the way the server's schemaUriFor does, and asks the registry. */
export function schemaUriOf(registry, text) {
  const apiVersion = /^apiVersion:[ \t]*["']?([^\s"'#]+)/m.exec(text)?.[1];
  const kind = /^kind:[ \t]*["']?([^\s"'#]+)/m.exec(text)?.[1];
  return apiVersion && kind ? registry.lookup(apiVersion, kind)?.uri : undefined;
}

function newService(registry, schemas) {
  const service = getLanguageService({
    schemaRequestService: async (uri) => {
      const registryUri = decodeRequest(uri);
      const text = registryUri ? registry.schemaText(registryUri) : undefined;
      if (text === undefined) throw new Error(`no offline schema ${uri}`);
      return text;
    },
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
    clientCapabilities: {},
  });
  service.configure({ validate: true, hover: false, completion: false, format: false, isKubernetes: false, schemas, customTags: [], yamlVersion: '1.2' });
  return service;
}

/**
 * createDocumentValidator validates one `---` document at a time, each with the schema of its
 * apiVersion/kind, associated the way the `yaml.schemas` setting does (a fileMatch per schema;
 * yaml-language-server resolves each schema once and caches it). `schemaUris` lists every registry
 * URI that will be used, so the service is configured once.
 */
export function createDocumentValidator({ registry, schemaUris }) {
  const keys = new Map([...schemaUris].map((uri, index) => [uri, `s${index}`]));
  const service = newService(registry, [...keys].map(([uri, key]) => ({ uri: encodeRequest(uri), fileMatch: [`/ylsbench-${key}/document.yaml`] })));
  let version = 0;
  return {
    /** validate returns the diagnostics of one document's text (no schema → syntax checks only). */
    validate(text, registryUri) {
      const key = registryUri ? keys.get(registryUri) : undefined;
      const uri = `file:///ylsbench-${key ?? 'none'}/document.yaml`;
      return service.doValidation(TextDocument.create(uri, 'yaml', ++version, text), false);
    },
  };
}

/**
 * createCustomProviderValidator is the same with registerCustomSchemaProvider choosing the schema
 * from the document URI, as the server's SchemaLanguageService does for hover. yaml-language-server
 * loads and resolves a custom provider's schema again on every validation (no cache), so this is
 * much slower; it is measured on a sample only.
 */
export function createCustomProviderValidator({ registry }) {
  const service = newService(registry, []);
  service.registerCustomSchemaProvider(async (uri) => {
    const match = /^file:\/\/\/ylsprovider\/([^/]+)\//.exec(uri);
    return match && match[1] !== 'none' ? encodeRequest(decodeURIComponent(match[1])) : [];
  });
  let version = 0;
  return {
    validate(text, registryUri) {
      const uri = `file:///ylsprovider/${registryUri ? encodeURIComponent(registryUri) : 'none'}/document.yaml`;
      return service.doValidation(TextDocument.create(uri, 'yaml', ++version, text), false);
    },
  };
}

/**
 * createFileValidator validates whole multi-document files as yaml-language-server does in the
 * editor (it re-parses and re-validates every document of the file on each change). The schema of
 * the file is a `schemaSequence`: one entry per document, referencing the registry schema of that
 * document's apiVersion/kind.
 */
export function createFileValidator({ registry, uri, documentSchemaUris }) {
  const sequence = documentSchemaUris.map((schemaUri) => (schemaUri ? { $ref: encodeRequest(schemaUri) } : {}));
  // A plain id: yaml-language-server normalises ids, and an escaped one would no longer match.
  const service = newService(registry, [{ uri: `${requestScheme}://sequence/file`, fileMatch: [new URL(uri).pathname], schema: { schemaSequence: sequence } }]);
  return {
    validate(text, version) {
      return service.doValidation(TextDocument.create(uri, 'yaml', version, text), false);
    },
  };
}
