/** ResourceIdentity names a Kubernetes object the way kubectl and kustomize do. */
export interface ResourceIdentity {
  apiVersion: string;
  /** The API group: '' for the core group. */
  group: string;
  kind: string;
  name: string;
  /** Undefined when the manifest does not say (the namespace then comes from elsewhere). */
  namespace?: string;
}

/**
 * ManifestDocument is one `---` document of a YAML file as plain data. Positions are not kept
 * here: they are resolved from the text only when a finding needs one.
 */
export interface ManifestDocument {
  /** Absolute path of the file. */
  file: string;
  /** Zero-based index of the document within its file. */
  index: number;
  /** Zero-based line of the file where the document's text starts. */
  startLine: number;
  /** The document's plain value (null for an empty document, undefined when it did not parse). */
  value: unknown;
  /** Present when the value is a map with string apiVersion and kind. */
  identity?: ResourceIdentity;
  /** The text the document was parsed from, kept so positions can be found when needed. */
  source: DocumentSource;
}

/** DocumentSource is the text of a document and, once parsed carefully, its YAML tree. */
export interface DocumentSource {
  /** The chunk's text (or the whole file's, for files parsed whole). */
  text: string;
  /** True when `text` is the whole file, shared by all its documents (files that cannot be split). */
  wholeFile?: boolean;
  /** Zero-based line of the file where `text` starts. */
  startLine: number;
  /** The careful parse of `text`, made on first need and shared by every parse of the same text. */
  tree: SourceTree;
}

/** SourceTree holds the `yaml` package's parse of a document text, with node offsets. */
export interface SourceTree {
  yamlDocument?: import('yaml').Document.Parsed;
  lineCounter?: import('yaml').LineCounter;
}
