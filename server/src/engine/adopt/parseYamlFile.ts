import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { ResourceIdentity } from '../manifests/ManifestDocument';
import { resourceIdentity } from '../manifests/resourceIdentity';
import type { Position } from '../validation/Finding';

/** YamlFileDocument is one document of a YAML file with its tree (source tokens kept, for editing). */
export interface YamlFileDocument {
  yaml: Document.Parsed;
  /** The plain value; undefined when the document has errors. */
  value: unknown;
  identity?: ResourceIdentity;
  /** Zero-based line where the document's content starts (after leading comments and `---`). */
  contentLine: number;
  /** Zero-based line of the document's last content character. */
  endLine: number;
}

/** YamlFile is a YAML file's text, documents and line counter. */
export interface YamlFile {
  text: string;
  documents: YamlFileDocument[];
  lineCounter: LineCounter;
  /** Zero-based position of a text offset. */
  positionAt(offset: number): Position;
}

/**
 * parseYamlFile parses every document of a YAML file with the `yaml` package, keeping the source
 * tokens so that values can be rewritten without touching anything else. Never throws: a document
 * with errors has no value.
 */
export function parseYamlFile(args: { text: string }): YamlFile {
  const { text } = args;
  const lineCounter = new LineCounter();
  let parsed: Document.Parsed[] = [];
  try {
    const all = parseAllDocuments(text, { lineCounter, keepSourceTokens: true, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
    parsed = Array.isArray(all) ? all : [];
  } catch {
    parsed = [];
  }
  const positionAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: line - 1, character: col - 1 };
  };
  const documents = parsed.map((yaml): YamlFileDocument => {
    const contentStart = yaml.contents?.range?.[0] ?? yaml.range[0];
    const contentEnd = yaml.contents?.range?.[1] ?? yaml.range[1];
    let value: unknown;
    if (yaml.errors.length === 0) {
      try {
        value = yaml.toJS({ maxAliasCount: 100 });
      } catch {
        value = undefined;
      }
    }
    const identity = resourceIdentity(value);
    return { yaml, value, ...(identity ? { identity } : {}), contentLine: positionAt(contentStart).line, endLine: positionAt(Math.max(contentStart, contentEnd - 1)).line };
  });
  return { text, documents, lineCounter, positionAt };
}
