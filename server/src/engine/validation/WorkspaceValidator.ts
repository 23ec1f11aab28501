import { decodeManifestBytes } from '../manifests/decodeManifestBytes';
import { lineOfPieces } from '../manifests/lineOfPieces';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { ManifestFileReader } from '../manifests/ManifestFileReader';
import { parseManifestText, type CachedChunk, type ParsedManifestFile } from '../manifests/parseManifestText';
import { isKustomizationFile, readKustomization } from '../manifests/readKustomization';
import { RecentChunks } from '../manifests/RecentChunks';
import { reparseManifestText } from '../manifests/reparseManifestText';
import type { RepoView } from '../manifests/RepoView';
import type { TextChange } from '../manifests/TextChange';
import type { SchemaRegistry } from '../schemas/SchemaRegistry';
import { buildValidationScopes } from './buildValidationScopes';
import { CrossFileCache } from './CrossFileCache';
import type { Finding, RuleFinding, RuleSetting, Severity } from './Finding';
import { finishFindings } from './finishFindings';
import { resolveFinding } from './resolveFinding';
import type { DocumentRule, EnvironmentRule, RepositoryRule, Rule, RuleContext } from './Rule';
import { allRules } from './ruleCatalog';
import { runDocumentRules } from './runDocumentRules';
import { sameFindings } from './sameFindings';
import type { RuleResult } from './sameRuleResults';
import { scopeLayoutsOf, type ScopeLayout } from './scopeLayoutsOf';
import { scopeStructureKey } from './scopeStructureKey';
import { suppressionCount } from './suppressionCount';
import type { ValidationOptions } from './ValidationOptions';
import type { ValidationScope } from './ValidationScope';

interface FileState {
  text?: string;
  /** Problems found before parsing (size, binary, encoding); they replace everything else. */
  decodeProblems: Finding[];
  parsed: ParsedManifestFile;
  /** Parses of document texts an edit replaced or brought, bounded: undo and retyping find them. */
  recent: RecentChunks;
  /** Bumped whenever the file's content changes, so cross-file results can be reused safely. */
  version: number;
  /** UTF-8 length of `text`, when it had to be counted (large texts), for the size limit. */
  utf8Length?: number;
  /** How many suppression comments the text has, so most files are never split into lines. */
  suppressions: number;
  /** What of the file shapes the scopes (scopeStructureKey). */
  structureKey?: string;
  /** Whether a repository rule reads one of its documents. */
  repositoryInput: boolean;
  /** The file's final findings, for the content version and findings epoch they were made for. */
  finished?: { version: number; epoch: number; findings: Finding[]; revision: number };
}

/** ValidationResult is every finding of the workspace, per file, and how many documents were read. */
export interface ValidationResult {
  findingsByFile: Map<string, Finding[]>;
  documents: number;
  /** Per file, a number that changes whenever its findings change (and only then): publish on change. */
  revisions: Map<string, number>;
}

/**
 * WorkspaceValidator keeps the parsed state of every manifest of one repository and validates it
 * incrementally: an edit re-parses the documents it touched, document rules re-run only on
 * documents whose text changed, the scopes are rebuilt only when their structure changed, the
 * cross-file rules re-run for the scopes whose files changed, and only files whose inputs changed
 * get their findings resolved and sorted again. The CLI and the language server both use it, so
 * they report identical findings.
 */
export class WorkspaceValidator {
  private readonly files = new Map<string, FileState>();
  /** Reads files for readFile; each file's bytes are decoded before the next is read. */
  private readonly reader = new ManifestFileReader();
  private readonly rules: readonly Rule[];
  private readonly documentRules: readonly DocumentRule[];
  private readonly hasEnvironmentRules: boolean;
  private readonly repositoryRules: readonly RepositoryRule[];
  private readonly repo: RepoView;
  private readonly schemas: SchemaRegistry;
  private options: ValidationOptions;
  private repoRuleSettings: Record<string, RuleSetting> = {};
  /** Bumped when rule inputs other than documents change (options, repository, schemas, patch files). */
  private ruleEpoch = 0;
  /** Bumped with the rule epoch and when rule settings change: every file's findings are redone. */
  private findingsEpoch = 0;
  private schemaGeneration: number;
  private readonly crdFiles = new Set<string>();
  private patchFiles: ReadonlySet<string> = new Set();
  /** Bumped when any file's scope structure key changes or a file comes or goes. */
  private structureVersion = 0;
  private layouts: ScopeLayout[] = [];
  private layoutsFor = '';
  /** Bumped when a document a repository rule reads may have changed. */
  private repositoryInputs = 0;
  private readonly crossFile: CrossFileCache;
  private contentVersion = 0;
  private revision = 0;
  /** Document-rule results per document value (the parse of one text), valid for one rule epoch and schema key. */
  private readonly documentRuleCache = new WeakMap<object, { epoch: number; schemaKey: string; results: Array<[DocumentRule, RuleFinding[]]> }>();

  /** False for one-shot validation (the CLI): no per-document caches are kept. */
  private readonly incremental: boolean;

  /**
   * `incremental: false` (the CLI) keeps no chunk or document-rule caches: each file is parsed and
   * checked once, so they would only hold memory.
   */
  constructor(args: { repo: RepoView; schemas: SchemaRegistry; options: ValidationOptions; rules?: readonly Rule[]; incremental?: boolean }) {
    this.incremental = args.incremental ?? true;
    this.repo = args.repo;
    this.schemas = args.schemas;
    this.options = args.options;
    this.rules = args.rules ?? allRules;
    this.documentRules = this.rules.filter((rule): rule is DocumentRule => rule.scope === 'document');
    const environmentRules = this.rules.filter((rule): rule is EnvironmentRule => rule.scope === 'environment');
    this.repositoryRules = this.rules.filter((rule): rule is RepositoryRule => rule.scope === 'repository');
    this.hasEnvironmentRules = environmentRules.length > 0;
    this.crossFile = new CrossFileCache({ environmentRules, repositoryRules: this.repositoryRules, remember: this.incremental });
    this.schemaGeneration = args.schemas.generation;
  }

  get root(): string {
    return this.repo.root;
  }

  setOptions(options: ValidationOptions): void {
    this.options = options;
    this.bumpRuleEpoch();
  }

  /** setRepoRuleSettings applies the `rules:` map of the repository's config file. */
  setRepoRuleSettings(settings: Record<string, RuleSetting>): void {
    this.repoRuleSettings = settings;
    this.findingsEpoch++;
  }

  /** invalidateRepository drops cached results that depend on which files exist. */
  invalidateRepository(): void {
    this.bumpRuleEpoch();
  }

  /** documentsOf returns the parsed documents of a file (empty when unknown). */
  documentsOf(file: string): readonly ManifestDocument[] {
    return this.files.get(file)?.parsed.documents ?? [];
  }

  allDocuments(): ManifestDocument[] {
    const documents: ManifestDocument[] = [];
    for (const state of this.files.values()) documents.push(...state.parsed.documents);
    return documents;
  }

  /**
   * readFile reads a file from disk, no further than the size limit, and sets it (setFileBytes).
   * Errors are the file system's (ENOENT, EISDIR, EACCES): the file is then left as it was.
   */
  readFile(args: { file: string }): void {
    const { bytes, size } = this.reader.read(args.file, { limit: this.options.maxFileSize });
    this.setFileBytes({ file: args.file, bytes, size });
  }

  /**
   * setFileBytes decodes a file's bytes (size, binary and encoding checks) and parses it. `size` is
   * the whole file's when `bytes` are only its beginning (readFile stops past the size limit).
   */
  setFileBytes(args: { file: string; bytes: Uint8Array; size?: number }): void {
    const decoded = decodeManifestBytes({ file: args.file, bytes: args.bytes, maxFileSize: this.options.maxFileSize, size: args.size });
    if (decoded.text !== undefined) {
      this.setFile({ file: args.file, text: decoded.text, notices: decoded.problems });
      return;
    }
    const state = this.stateOf(args.file);
    state.version = ++this.contentVersion;
    this.setWithoutText(args.file, state, decoded.problems);
  }

  /** setWithoutText keeps a file whose text is not validated (too large, binary, not UTF-8) with the problems that say why. */
  private setWithoutText(file: string, state: FileState, problems: Finding[]): void {
    Object.assign(state, { text: undefined, suppressions: 0, decodeProblems: problems, parsed: { documents: [], problems: [] } });
    this.contentChanged(file, state);
  }

  /**
   * setFile parses a file's text, reusing the parse of documents whose text is unchanged. With
   * `change` (what an editor edit replaced in the text last given), only the documents the edit
   * touched are cut and parsed again, and the rest of the text is not read at all.
   */
  setFile(args: { file: string; text: string; notices?: Finding[]; change?: TextChange }): void {
    const { file, text, change } = args;
    const state = this.stateOf(file);
    state.version = ++this.contentVersion;
    const follows = this.incremental && change !== undefined && state.text !== undefined && change.previousText === state.text;
    const reparsed = follows && change ? reparseManifestText({ file, previous: state.parsed, change, recent: state.recent }) : undefined;
    // UTF-8 needs at most 3 bytes per UTF-16 unit: most texts are provably small without counting,
    // and after an edit of a large one only the stretch cut again is counted.
    const size = text.length * 3 <= this.options.maxFileSize ? undefined
      : reparsed && state.utf8Length !== undefined ? state.utf8Length - Buffer.byteLength(reparsed.window.previousText, 'utf8') + Buffer.byteLength(reparsed.window.text, 'utf8')
      : Buffer.byteLength(text, 'utf8');
    state.utf8Length = size;
    if (size !== undefined && size > this.options.maxFileSize) {
      this.setWithoutText(file, state, decodeManifestBytes({ file, bytes: Buffer.from(text, 'utf8'), maxFileSize: this.options.maxFileSize }).problems);
      return;
    }
    if (reparsed) {
      state.parsed = reparsed.parsed;
      state.suppressions += suppressionCount(reparsed.window.text) - suppressionCount(reparsed.window.previousText);
    } else {
      state.parsed = parseManifestText({ file, text, cache: this.incremental ? chunkCacheOf(state.parsed) : undefined, keepPieces: this.incremental });
      state.suppressions = suppressionCount(text);
    }
    state.text = text;
    state.decodeProblems = args.notices ?? [];
    this.contentChanged(file, state);
  }

  removeFile(file: string): void {
    const state = this.files.get(file);
    if (!state) return;
    this.files.delete(file);
    this.contentVersion++;
    this.structureVersion++;
    if (state.repositoryInput || this.repositoryRules.some((rule) => !rule.concerns)) this.repositoryInputs++;
    this.updateCrds(file, []);
  }

  /** validate returns the findings of every known file, after severities and suppressions. */
  validate(): ValidationResult {
    // Only document rules read the schemas, and their results carry the schema key they were
    // made under: a CRD change re-checks the documents of its kinds, not every document.
    if (this.schemas.generation !== this.schemaGeneration) {
      this.schemaGeneration = this.schemas.generation;
      this.findingsEpoch++;
    }
    // Scopes just built hold the current documents: they need not be materialized from their layout.
    const built = new Map<string, ValidationScope>();
    if (this.layoutsFor !== `${this.structureVersion}|${this.ruleEpoch}`) {
      // Patch files come from kustomizations, which are part of the structure.
      this.updatePatchFiles();
      const scopes = this.hasEnvironmentRules ? buildValidationScopes({ documents: this.allDocuments(), repo: this.repo }) : [];
      this.layouts = scopeLayoutsOf(scopes, { signatures: this.incremental });
      this.layouts.forEach((layout, index) => built.set(layout.key, scopes[index]));
      this.layoutsFor = `${this.structureVersion}|${this.ruleEpoch}`;
    }
    const context = this.ruleContext();
    const changed = this.crossFile.update({
      layouts: this.layouts,
      built,
      context,
      epoch: this.ruleEpoch,
      repositoryInputs: this.repositoryInputs,
      versionOf: (file) => this.files.get(file)?.version ?? 0,
      documentsOf: (file) => this.documentsOf(file),
      allDocuments: () => this.allDocuments(),
    });
    const crossFile = this.crossFile.resultsByFile(this.layouts);

    const findingsByFile = new Map<string, Finding[]>();
    const revisions = new Map<string, number>();
    let documents = 0;
    for (const [file, state] of this.files) {
      documents += state.parsed.documents.length;
      let finished = state.finished;
      if (!finished || finished.version !== state.version || finished.epoch !== this.findingsEpoch || changed.has(file)) {
        const findings = this.findingsOf(state, context, crossFile.get(file) ?? []);
        finished = finished && sameFindings(finished.findings, findings)
          ? { ...finished, version: state.version, epoch: this.findingsEpoch }
          : { version: state.version, epoch: this.findingsEpoch, findings, revision: ++this.revision };
        state.finished = finished;
      }
      findingsByFile.set(file, finished.findings);
      revisions.set(file, finished.revision);
    }
    return { findingsByFile, documents, revisions };
  }

  private stateOf(file: string): FileState {
    let state = this.files.get(file);
    if (!state) {
      state = { decodeProblems: [], parsed: { documents: [], problems: [] }, recent: new RecentChunks(), version: 0, suppressions: 0, repositoryInput: false };
      this.files.set(file, state);
    }
    return state;
  }

  /** contentChanged notes what a file's new content changes beyond itself: scopes, repository rules, CRD schemas. */
  private contentChanged(file: string, state: FileState): void {
    const { documents } = state.parsed;
    const structureKey = scopeStructureKey({ file, documents, version: state.version });
    if (structureKey !== state.structureKey) {
      state.structureKey = structureKey;
      this.structureVersion++;
    }
    const repositoryInput = this.repositoryRules.some((rule) => !rule.concerns || documents.some((document) => document.identity && rule.concerns?.(document.identity)));
    if (repositoryInput || state.repositoryInput) this.repositoryInputs++;
    state.repositoryInput = repositoryInput;
    this.updateCrds(file, documents);
  }

  private bumpRuleEpoch(): void {
    this.ruleEpoch++;
    this.findingsEpoch++;
  }

  /** findingsOf makes a file's final findings: its own, its documents' and the cross-file rules'. */
  private findingsOf(state: FileState, context: RuleContext, crossFile: readonly RuleResult[][]): Finding[] {
    const findings: Finding[] = [...state.decodeProblems, ...state.parsed.problems];
    const add = (rule: Rule, finding: RuleFinding, document: ManifestDocument): void => {
      const severity = this.severityOf(rule, finding);
      if (severity) findings.push(resolveFinding({ finding: { ...finding, document }, rule: rule.id, severity }));
    };
    for (const document of state.parsed.documents) {
      for (const [rule, results] of this.documentRuleResults(document, context)) for (const result of results) add(rule, result, document);
    }
    for (const results of crossFile) for (const { rule, finding } of results) add(rule, finding, finding.document);
    return finishFindings({ findings, syntaxSetting: this.repoRuleSettings['yaml-syntax'] ?? this.options.ruleSettings['yaml-syntax'], lineAt: state.suppressions > 0 ? lineReader(state) : undefined });
  }

  private ruleContext(): RuleContext {
    return { kubernetesVersion: this.options.kubernetesVersion, schemas: this.schemas, repo: this.repo, patchFiles: this.patchFiles };
  }

  private updateCrds(file: string, documents: readonly ManifestDocument[]): void {
    const crds = documents.filter((document) => document.identity?.kind === 'CustomResourceDefinition' && document.identity.group === 'apiextensions.k8s.io');
    if (crds.length === 0 && !this.crdFiles.has(file)) return;
    if (crds.length === 0) this.crdFiles.delete(file);
    else this.crdFiles.add(file);
    this.schemas.setWorkspaceCrds(file, crds);
  }

  /** updatePatchFiles finds the kustomize patch files; when the set changes, cached results are stale. */
  private updatePatchFiles(): void {
    const patchFiles = new Set<string>();
    for (const [file, state] of this.files) {
      if (!isKustomizationFile(file)) continue;
      for (const document of state.parsed.documents) {
        for (const entry of readKustomization({ file, value: document.value })?.entries ?? []) {
          if (entry.absolutePath && (entry.role === 'patch' || entry.role === 'patchStrategicMerge' || entry.role === 'patchJson6902')) patchFiles.add(entry.absolutePath);
        }
      }
    }
    const changed = patchFiles.size !== this.patchFiles.size || [...patchFiles].some((file) => !this.patchFiles.has(file));
    if (!changed) return;
    this.patchFiles = patchFiles;
    this.bumpRuleEpoch();
  }

  private documentRuleResults(document: ManifestDocument, context: RuleContext): Array<[DocumentRule, RuleFinding[]]> {
    // The value is the parse of one document text of one file (shared by identical texts), so it
    // keys the results; files parsed whole get new values on every parse and are not cached.
    const key = this.incremental && !document.source.wholeFile && typeof document.value === 'object' && document.value !== null ? document.value : undefined;
    if (!key) return runDocumentRules({ rules: this.documentRules, document, context });
    const schemaKey = this.schemas.schemaKeyOf(document);
    const cached = this.documentRuleCache.get(key);
    if (cached && cached.epoch === this.ruleEpoch && cached.schemaKey === schemaKey) return cached.results;
    const results = runDocumentRules({ rules: this.documentRules, document, context });
    this.documentRuleCache.set(key, { epoch: this.ruleEpoch, schemaKey, results });
    return results;
  }

  private settingOf(rule: Rule): RuleSetting {
    return this.repoRuleSettings[rule.id] ?? this.options.ruleSettings[rule.id] ?? rule.defaultSeverity;
  }

  private severityOf(rule: Rule, finding: RuleFinding): Severity | undefined {
    const setting = this.settingOf(rule);
    if (setting === 'off') return undefined;
    // A finding that chose its own severity (e.g. "no schema" is info) keeps it.
    return finding.severity ?? setting;
  }
}

/** lineReader reads lines of a file for suppression comments: from its pieces, else its text split once. */
function lineReader(state: FileState): ((line: number) => string | undefined) | undefined {
  const { pieces } = state.parsed;
  if (pieces) return (line) => lineOfPieces(pieces, line);
  if (state.text === undefined) return undefined;
  let lines: string[] | undefined;
  return (line) => (lines ??= (state.text as string).split('\n'))[line];
}

/** chunkCacheOf offers the chunks of a file's previous parse to the next one (identical texts share one parse). */
function chunkCacheOf(previous: ParsedManifestFile): { get(text: string): CachedChunk | undefined; set(text: string, chunk: CachedChunk): void } {
  const known = new Map<string, CachedChunk>();
  for (const piece of previous.pieces ?? []) if (piece.chunk && !known.has(piece.chunk.text)) known.set(piece.chunk.text, piece.chunk.parsed);
  return { get: (text) => known.get(text), set: (text, chunk) => void known.set(text, chunk) };
}
