import * as path from 'node:path';
import type { CompletionList, Hover, Position } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type LanguageService } from 'yaml-language-server';
import type { ManifestDocument } from '../engine/manifests/ManifestDocument';
import { resourceIdentity } from '../engine/manifests/resourceIdentity';
import type { SchemaRegistry } from '../engine/schemas/SchemaRegistry';
import { splitDocuments } from '../engine/manifests/splitDocuments';

const virtualScheme = 'gitops-virtual';

/**
 * SchemaLanguageService answers hover and completion with yaml-language-server, one document at a
 * time: the document under the cursor is given to it alone (earlier lines blanked, so positions
 * stay the same) under a URI that names its schema, so every document of a multi-document file
 * gets the schema of its own apiVersion and kind. Schemas come from the offline bundle only.
 */
export class SchemaLanguageService {
  private readonly service: LanguageService;

  constructor(private readonly schemasOf: (file: string) => SchemaRegistry) {
    this.service = getLanguageService({
      // Only bundled and workspace schemas exist; nothing is ever fetched.
      schemaRequestService: async (uri) => {
        const [file, schemaUri] = decodeVirtual(uri) ?? [];
        const text = file && schemaUri ? this.schemasOf(file).schemaText(schemaUri) : undefined;
        if (text === undefined) throw new Error(`no offline schema ${uri}`);
        return text;
      },
      workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
      clientCapabilities: { textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } }, hover: { contentFormat: ['markdown', 'plaintext'] } } },
    });
    this.service.configure({ validate: false, hover: true, completion: true, format: false, isKubernetes: false, schemas: [], customTags: [], yamlVersion: '1.2' });
    this.service.registerCustomSchemaProvider(async (uri) => {
      const decoded = decodeVirtual(uri);
      return decoded ? encodeSchemaRequest(decoded[0], decoded[1]) : [];
    });
  }

  async hover(args: { file: string; text: string; position: Position }): Promise<Hover | null> {
    const virtual = this.virtualDocument(args);
    return virtual ? this.service.doHover(virtual, args.position) : null;
  }

  async completion(args: { file: string; text: string; position: Position }): Promise<CompletionList | null> {
    const virtual = this.virtualDocument(args);
    return virtual ? this.service.doComplete(virtual, args.position, false) : null;
  }

  private virtualDocument(args: { file: string; text: string; position: Position }): TextDocument | undefined {
    const chunks = splitDocuments(args.text) ?? [{ startLine: 0, text: args.text }];
    const chunk = [...chunks].reverse().find((candidate) => candidate.startLine <= args.position.line);
    if (!chunk) return undefined;
    const schemaUri = schemaUriFor({ file: args.file, text: chunk.text, schemas: this.schemasOf(args.file) });
    if (!schemaUri) return undefined;
    const uri = `${virtualScheme}://schema/${encodeURIComponent(args.file)}/${encodeURIComponent(schemaUri)}/${path.basename(args.file)}`;
    return TextDocument.create(uri, 'yaml', 1, '\n'.repeat(chunk.startLine) + chunk.text);
  }
}

/**
 * schemaUriFor reads apiVersion and kind from a document's text, even one that does not parse yet,
 * and lets the registry route it exactly as validation does (file names, headerless kustomizations).
 */
export function schemaUriFor(args: { file: string; text: string; schemas: SchemaRegistry }): string | undefined {
  const apiVersion = /^apiVersion:[ \t]*["']?([^\s"'#]+)/m.exec(args.text)?.[1];
  const kind = /^kind:[ \t]*["']?([^\s"'#]+)/m.exec(args.text)?.[1];
  const value = { ...(apiVersion ? { apiVersion } : {}), ...(kind ? { kind } : {}) };
  const document: ManifestDocument = { file: args.file, index: 0, startLine: 0, value, identity: resourceIdentity(value), source: { text: args.text, startLine: 0, tree: {} } };
  return args.schemas.schemaFor(document)?.uri;
}

function encodeSchemaRequest(file: string, schemaUri: string): string {
  return `${virtualScheme}://request/${encodeURIComponent(file)}/${encodeURIComponent(schemaUri)}`;
}

function decodeVirtual(uri: string): [string, string] | undefined {
  const match = /^gitops-virtual:\/\/(?:schema|request)\/([^/]+)\/([^/]+)/.exec(uri);
  return match ? [decodeURIComponent(match[1]), decodeURIComponent(match[2])] : undefined;
}
