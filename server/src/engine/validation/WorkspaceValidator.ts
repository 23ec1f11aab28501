import { decodeManifestBytes } from '../manifests/decodeManifestBytes';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import { parseManifestText, type CachedChunk, type ParsedManifestFile } from '../manifests/parseManifestText';
import { isKustomizationFile, readKustomization } from '../manifests/readKustomization';
import type { RepoView } from '../manifests/RepoView';
import type { SchemaRegistry } from '../schemas/SchemaRegistry';
import { buildValidationScopes } from './buildValidationScopes';
import type { Finding, RuleFinding, RuleSetting, Severity } from './Finding';
import { resolveFinding } from './resolveFinding';
import type { DocumentFinding, DocumentRule, Rule, RuleContext } from './Rule';
import { allRules } from './ruleCatalog';
import { suppressedRules } from './suppressedRules';
import type { ValidationOptions } from './ValidationOptions';

interface FileState {
  text?: string;
  /** Problems found before parsing (size, binary, encoding); they replace everything else. */
  decodeProblems: Finding[];
  parsed: ParsedManifestFile;
  chunks: Map<string, CachedChunk>;
  /** Document-rule results per document text, valid for one rule epoch. */
  documentRuleResults: Map<string, { epoch: number; results: Array<[DocumentRule, RuleFinding[]]> }>;
  lines?: string[];
  /** Bumped whenever the file's content changes, so cross-file results can be reused safely. */
  version: number;
  /** Whether the text has any suppression comment, so most files are never split into lines. */
  hasSuppressions: boolean;
}

interface CrossFileResults {
  signature: string;
  results: Array<{ rule: Rule; finding: DocumentFinding }>;
}

/** ValidationResult is every finding of the workspace, per file, and how many documents were read. */
export interface ValidationResult {
  findingsByFile: Map<string, Finding[]>;
  documents: number;
}

/**
 * WorkspaceValidator keeps the parsed state of every manifest of one repository and validates it
 * incrementally: a changed file is re-parsed per document, document rules re-run only on documents
 * whose text changed, and cross-file rules run over plain data. The CLI and the language server
 * both use it, so they report identical findings.
 */
export class WorkspaceValidator {
  private readonly files = new Map<string, FileState>();
  private readonly rules: readonly Rule[];
  private readonly repo: RepoView;
  private readonly schemas: SchemaRegistry;
  private options: ValidationOptions;
  private repoRuleSettings: Record<string, RuleSetting> = {};
  private ruleEpoch = 0;
  private schemaGeneration: number;
  private readonly crdFiles = new Set<string>();
  private patchFiles: ReadonlySet<string> = new Set();
  private contentVersion = 0;
  /** Results of environment rules per scope and of repository rules, reused while their inputs are unchanged. */
  private readonly crossFileCache = new Map<string, CrossFileResults>();

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
    this.schemaGeneration = args.schemas.generation;
  }

  get root(): string {
    return this.repo.root;
  }

  setOptions(options: ValidationOptions): void {
    this.options = options;
    this.ruleEpoch++;
  }

  /** setRepoRuleSettings applies the `rules:` map of the repository's config file. */
  setRepoRuleSettings(settings: Record<string, RuleSetting>): void {
    this.repoRuleSettings = settings;
  }

  /** invalidateRepository drops cached results that depend on which files exist. */
  invalidateRepository(): void {
    this.ruleEpoch++;
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

  /** setFileBytes decodes a file from disk (size, binary and encoding checks) and parses it. */
  setFileBytes(args: { file: string; bytes: Uint8Array }): void {
    const decoded = decodeManifestBytes({ file: args.file, bytes: args.bytes, maxFileSize: this.options.maxFileSize });
    if (decoded.text === undefined) {
      this.removeFile(args.file);
      this.files.set(args.file, { decodeProblems: decoded.problems, parsed: { documents: [], problems: [] }, chunks: new Map(), documentRuleResults: new Map(), version: ++this.contentVersion, hasSuppressions: false });
      return;
    }
    this.setFile({ file: args.file, text: decoded.text, notices: decoded.problems });
  }

  /** setFile parses a file's text, reusing the parse of documents whose text is unchanged. */
  setFile(args: { file: string; text: string; notices?: Finding[] }): void {
    const { file } = args;
    let state = this.files.get(file);
    if (!state) {
      state = { decodeProblems: [], parsed: { documents: [], problems: [] }, chunks: new Map(), documentRuleResults: new Map(), version: 0, hasSuppressions: false };
      this.files.set(file, state);
    }
    state.version = ++this.contentVersion;
    // UTF-8 needs at most 3 bytes per UTF-16 unit: most texts are provably small without counting.
    const size = args.text.length * 3 <= this.options.maxFileSize ? 0 : Buffer.byteLength(args.text, 'utf8');
    if (size > this.options.maxFileSize) {
      const decoded = decodeManifestBytes({ file, bytes: Buffer.from(args.text, 'utf8'), maxFileSize: this.options.maxFileSize });
      Object.assign(state, { text: undefined, lines: undefined, decodeProblems: decoded.problems, parsed: { documents: [], problems: [] } });
      this.updateCrds(file, []);
      return;
    }
    const previous = state.chunks;
    const next = new Map<string, CachedChunk>();
    const parsed = parseManifestText({
      file,
      text: args.text,
      cache: !this.incremental ? undefined : {
        // Keep exactly the chunks still present (broken and empty documents too), so the cache
        // never outgrows the file and an unchanged broken document is not parsed again.
        get: (text) => {
          const chunk = previous.get(text) ?? next.get(text);
          if (chunk) next.set(text, chunk);
          return chunk;
        },
        set: (text, chunk) => void next.set(text, chunk),
      },
    });
    state.chunks = next;
    state.text = args.text;
    state.lines = undefined;
    state.hasSuppressions = args.text.includes('gitops-workbench-disable-next-line');
    state.decodeProblems = args.notices ?? [];
    state.parsed = parsed;
    const live = new Set(parsed.documents.map((document) => document.source.text));
    for (const key of state.documentRuleResults.keys()) if (!live.has(key)) state.documentRuleResults.delete(key);
    this.updateCrds(file, parsed.documents);
  }

  removeFile(file: string): void {
    if (!this.files.delete(file)) return;
    this.contentVersion++;
    this.updateCrds(file, []);
  }

  private updateCrds(file: string, documents: readonly ManifestDocument[]): void {
    const crds = documents.filter((document) => document.identity?.kind === 'CustomResourceDefinition' && document.identity.group === 'apiextensions.k8s.io');
    if (crds.length === 0 && !this.crdFiles.has(file)) return;
    if (crds.length === 0) this.crdFiles.delete(file);
    else this.crdFiles.add(file);
    this.schemas.setWorkspaceCrds(file, crds);
  }

  /** validate returns the findings of every known file, after severities and suppressions. */
  validate(): ValidationResult {
    if (this.schemas.generation !== this.schemaGeneration) {
      this.schemaGeneration = this.schemas.generation;
      this.ruleEpoch++;
    }
    this.updatePatchFiles();
    const context = this.ruleContext();
    const raw: Array<{ finding: DocumentFinding; rule: Rule }> = [];
    const findingsByFile = new Map<string, Finding[]>();
    let documents = 0;
    for (const [file, state] of this.files) {
      findingsByFile.set(file, [...state.decodeProblems, ...state.parsed.problems]);
      for (const document of state.parsed.documents) {
        documents++;
        for (const [rule, results] of this.documentRuleResults(state, document, context)) {
          for (const result of results) raw.push({ rule, finding: { ...result, document } });
        }
      }
    }
    raw.push(...this.crossFileResults(context));
    for (const { rule, finding } of raw) {
      const severity = this.severityOf(rule, finding);
      if (!severity) continue;
      const resolved = resolveFinding({ finding, rule: rule.id, severity });
      const list = findingsByFile.get(resolved.file);
      if (list) list.push(resolved);
      else findingsByFile.set(resolved.file, [resolved]);
    }
    for (const [file, findings] of findingsByFile) findingsByFile.set(file, this.finish(file, findings));
    return { findingsByFile, documents };
  }

  /**
   * crossFileResults runs the environment rules per scope and the repository rules, reusing the
   * results of every scope whose files did not change (the affected environment is re-checked).
   */
  private crossFileResults(context: RuleContext): Array<{ rule: Rule; finding: DocumentFinding }> {
    const environmentRules = this.rules.filter((rule) => rule.scope === 'environment');
    const repositoryRules = this.rules.filter((rule) => rule.scope === 'repository');
    const all = this.allDocuments();
    const results: Array<{ rule: Rule; finding: DocumentFinding }> = [];
    const live = new Set<string>();
    const cached = (key: string, signature: string, run: () => Array<{ rule: Rule; finding: DocumentFinding }>): void => {
      live.add(key);
      let entry = this.crossFileCache.get(key);
      if (!entry || entry.signature !== signature) {
        entry = { signature, results: run() };
        this.crossFileCache.set(key, entry);
      }
      results.push(...entry.results);
    };
    const runRules = (rules: Rule[], check: (rule: Rule) => DocumentFinding[]): Array<{ rule: Rule; finding: DocumentFinding }> =>
      rules.flatMap((rule) => runSafely(rule, () => check(rule)).map((finding) => ({ rule, finding })));
    if (environmentRules.length > 0) {
      for (const environment of buildValidationScopes({ documents: all, repo: this.repo })) {
        // In scope order (rules report the later of two duplicates), with what the kustomizations
        // do to each file: editing a base's namePrefix or images changes no file of the scope.
        const files = [...new Set(environment.documents.map((document) => document.file))];
        const transforms = new Map<string, string>();
        for (const [document, transform] of environment.transforms ?? []) if (!transforms.has(document.file)) transforms.set(document.file, JSON.stringify(transform));
        const signature = `${this.ruleEpoch}|${files.map((file) => `${file}@${this.files.get(file)?.version ?? 0}${transforms.get(file) ?? ''}`).join('|')}|${environment.namespaceOverride ?? ''}|${environment.generated.configMaps.join(',')}|${environment.generated.secrets.join(',')}`;
        cached(`environment:${environment.kind}:${environment.root}:${environment.name}`, signature, () =>
          runRules(environmentRules, (rule) => (rule.scope === 'environment' ? rule.check({ environment, context }) : [])),
        );
      }
    }
    if (repositoryRules.length > 0) {
      cached('repository', `${this.ruleEpoch}|${this.contentVersion}`, () =>
        runRules(repositoryRules, (rule) => (rule.scope === 'repository' ? rule.check({ documents: all, context }) : [])),
      );
    }
    for (const key of [...this.crossFileCache.keys()]) if (!live.has(key)) this.crossFileCache.delete(key);
    return results;
  }

  private ruleContext(): RuleContext {
    return { kubernetesVersion: this.options.kubernetesVersion, schemas: this.schemas, repo: this.repo, patchFiles: this.patchFiles };
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
    this.ruleEpoch++;
  }

  private documentRuleResults(state: FileState, document: ManifestDocument, context: RuleContext): Array<[DocumentRule, RuleFinding[]]> {
    const key = document.source.text;
    const cached = state.documentRuleResults.get(key);
    // Files parsed whole share one text for all their documents, so the text is no key for them.
    const cacheable = !document.source.wholeFile;
    if (cached && cached.epoch === this.ruleEpoch && cacheable) return cached.results;
    const results: Array<[DocumentRule, RuleFinding[]]> = [];
    for (const rule of this.rules) {
      if (rule.scope !== 'document') continue;
      results.push([rule, runSafely(rule, () => rule.check({ document, context }))]);
    }
    if (cacheable && this.incremental) state.documentRuleResults.set(key, { epoch: this.ruleEpoch, results });
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

  private finish(file: string, findings: Finding[]): Finding[] {
    const state = this.files.get(file);
    const syntaxSetting = this.repoRuleSettings['yaml-syntax'] ?? this.options.ruleSettings['yaml-syntax'];
    const seen = new Set<string>();
    const kept: Finding[] = [];
    for (const finding of findings) {
      if (finding.rule === 'yaml-syntax' && syntaxSetting === 'off') continue;
      // Like any rule's setting, a yaml-syntax severity replaces the default (error); the parser's
      // own warnings and notices keep theirs.
      const adjusted = finding.rule === 'yaml-syntax' && syntaxSetting && syntaxSetting !== 'off' && finding.severity === 'error' ? { ...finding, severity: syntaxSetting } : finding;
      const key = `${finding.rule}|${finding.range.start.line}:${finding.range.start.character}|${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (state?.text !== undefined && state.hasSuppressions && finding.range.start.line > 0) {
        state.lines ??= state.text.split('\n');
        const suppressed = suppressedRules(state.lines[finding.range.start.line - 1]);
        if (suppressed === 'all' || suppressed?.has(finding.rule)) continue;
      }
      kept.push(adjusted);
    }
    return kept.sort(compareFindings);
  }

}

function runSafely<T>(rule: Rule, check: () => T[]): T[] {
  try {
    return check();
  } catch (error) {
    // A rule bug must not take validation down; it is reported on stderr for us to fix.
    process.stderr.write(`gitops-workbench: rule ${rule.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return [];
  }
}

/** compareFindings orders findings by position, then rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareText(a.rule, b.rule) || compareText(a.message, b.message);
}

// A plain code-unit comparison: stable across locales, and far cheaper than localeCompare.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
